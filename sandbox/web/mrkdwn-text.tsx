/**
 * What the page changes in mrkdwn before slack-blocks-to-jsx (1.1.1) reads it, and the hooks that
 * make the library show text the way Slack does where it does not.
 */
import type { ReactNode } from 'react';
import type { KitBlock } from './block-kit.ts';

/** U+2060 WORD JOINER: zero width, so `<` + it reads as `<` but no longer opens markup for the library. */
const WORD_JOINER = '\u2060';

/** Code blocks (```…```) and inline code (`…`), where Slack shows text as written. */
const CODE_SPANS = /```[\s\S]*?```|`[^`\n]+`/g;

/**
 * Escaped text stays text. The bot escapes what users typed (`&lt;!channel&gt;`) and Slack shows it
 * literally, but the library decodes `&lt;` before it parses, so the text became a live @channel,
 * mention or link. Outside code: `&lt;` → `<` + WORD JOINER (the real markup the bot sends,
 * `<@U…>`, `<!date^…>`, `<https://…|label>`, is unescaped and left alone). Inside code: `&amp;` →
 * `&` (the library decodes `&lt;`/`&gt;` there, not `&amp;`).
 */
export function literalEscapes(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE_SPANS)) {
    out += text.slice(last, match.index).replaceAll('&lt;', `<${WORD_JOINER}`);
    out += match[0].replaceAll('&amp;', '&');
    last = match.index + match[0].length;
  }
  return out + text.slice(last).replaceAll('&lt;', `<${WORD_JOINER}`);
}

/** `value` with `literalEscapes` applied to every mrkdwn text object in it, at any depth. */
function withLiteralEscapes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withLiteralEscapes);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const copy = Object.fromEntries(Object.entries(object).map(([key, field]) => [key, withLiteralEscapes(field)]));
  if (object.type === 'mrkdwn' && typeof object.text === 'string') copy.text = literalEscapes(object.text);
  return copy;
}

/** A block as the page hands it to the library: its mrkdwn with escapes kept literal. */
export function blockForLibrary(block: KitBlock): KitBlock {
  return withLiteralEscapes(block) as KitBlock;
}

/** Does `drawn` (what the library's parse gave) hold an emoji character rather than the name back? */
const isEmoji = (drawn: string): boolean => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(drawn);

/**
 * The library's emoji hook: a known emoji as its character; anything else as the text it came from.
 * The library reads any `:word:` as an emoji (and a `::` run as one too), which garbled IPv6
 * addresses: `2606:4700:4700::1111` became `2606` `4700` `4700` `::::` `1111`.
 */
export function emojiOrText(data: { name: string }, parse: (data: { name: string }) => string): string {
  const drawn = parse(data);
  if (isEmoji(drawn)) return drawn;
  return /^:+$/.test(data.name) ? data.name : `:${data.name}:`;
}

/** The library's link hook: a link opens in a new tab and tells the other site nothing. */
export function newTabLink({ href, children, className }: { href: string; children: ReactNode; className: string }): ReactNode {
  return (
    <a href={href} className={className} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
