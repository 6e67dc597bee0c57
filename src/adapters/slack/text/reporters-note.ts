import type { Reporter } from '../../../domain/request/request.ts';
import { clip, mention, plural, quote } from '../mrkdwn.ts';

/** Reporters named one by one with what they wrote; the rest are counted, so a burst stays one readable note. */
const NAMED_WITH_REASON = 10;
/** Mentions listed (without reasons) after those, within Slack's 40,000-character message text. */
const NAMED_AT_MOST = 200;
const REASON_MAX = 300;

/**
 * The thread note naming reporters who joined since the channel last heard (one note per few
 * seconds, however many joined): who, and what each of the first ones wrote.
 */
export function renderReportersNote(joined: readonly Reporter[]): string {
  const detailed = joined.slice(0, NAMED_WITH_REASON).map((r) => `• ${mention(r.userId)}${r.reason ? `\n${quote(clip(r.reason, REASON_MAX))}` : ''}`);
  const listed = joined.slice(NAMED_WITH_REASON, NAMED_AT_MOST).map((r) => mention(r.userId));
  const rest = joined.length - Math.min(joined.length, NAMED_AT_MOST);
  return [
    `:raised_hands: ${plural(joined.length, 'more person', 'more people')} reported it:`,
    ...detailed,
    ...(listed.length > 0 ? [`Also: ${listed.join(', ')}${rest > 0 ? ` and ${plural(rest, 'other')}` : ''}`] : []),
  ].join('\n');
}
