/** The bot's readiness (its /readyz) as a small light, and whether the page reaches the sandbox at all. */
export function BotLight({ ready, unreachable }: { ready: boolean; unreachable: boolean }) {
  const [kind, label] = unreachable ? ['off', 'sandbox unreachable'] : ready ? ['on', 'bot ready'] : ['wait', 'bot starting…'];
  return (
    <span className={`ub-light ub-light-${kind}`} data-testid="bot-light">
      <span className="ub-light-dot" />
      {label}
    </span>
  );
}
