import { useRef, useState } from 'react';
import type { SamplePortal } from '../shared/sandbox-api.ts';
import { api } from './api-client.ts';

/** The command prefix the composer understands (the app's one slash command). */
const COMMAND = '/portal-blocked';

/**
 * The message box of `#general`: `/portal-blocked <text>` runs the slash command as `userId`; the
 * sample portals are offered as one-click suggestions. The bot's answer arrives as an ephemeral.
 */
export function Composer({ userId, portals }: { userId: string; portals: readonly SamplePortal[] }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const suggest = (url: string): void => {
    const next = `${COMMAND} ${url} `;
    setText(next);
    // Ready for the reason: focus at the end, as Slack leaves the caret after an inserted suggestion.
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(next.length, next.length);
    });
  };
  const run = async (typed: string): Promise<void> => {
    const trimmed = typed.trim();
    if (!trimmed.startsWith(COMMAND)) {
      setProblem(`Only ${COMMAND} <portal> [why] works here.`);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await api.command({ userId, text: trimmed.slice(COMMAND.length).trim() });
      if (result.ok) setText('');
      else setProblem(result.error ?? 'The command failed.');
    } catch (e) {
      setProblem(String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ub-composer">
      {portals.length > 0 && (
        <div className="ub-suggestions" data-testid="portal-suggestions">
          <span className="ub-suggestions-label">Try a blocked portal:</span>
          {portals.map((p) => (
            <button
              key={p.url}
              type="button"
              className="ub-suggestion"
              title={p.story}
              data-testid={`suggestion-${p.url}`}
              onClick={() => suggest(p.url)}
            >
              <span className="ub-suggestion-url">{p.url}</span>
              <span className="ub-suggestion-story">{p.story}</span>
            </button>
          ))}
        </div>
      )}
      <form
        className="ub-composer-box"
        onSubmit={(event) => {
          event.preventDefault();
          void run(text);
        }}
      >
        <input
          ref={input}
          className="ub-composer-input"
          data-testid="composer-input"
          value={text}
          placeholder={`Message #general — try ${COMMAND} portal.example.com why you need it`}
          onChange={(e) => setText(e.target.value)}
          disabled={busy}
        />
        <button type="submit" className="ub-send" data-testid="composer-send" disabled={busy || text.trim() === ''} aria-label="Send">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
            <path d="M2 17.5l16-7.5L2 2.5l2.5 7.5zM4.5 10H11" stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinejoin="round" />
          </svg>
        </button>
      </form>
      {problem && <div className="ub-problem">{problem}</div>}
    </div>
  );
}
