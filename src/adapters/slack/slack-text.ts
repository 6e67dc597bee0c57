/**
 * Slack's wire form of user-typed text, turned back into the plain text the user meant, once, at
 * the Slack edge (before any validation).
 *
 * Slack sends `&`, `<` and `>` typed by a user as `&amp;`, `&lt;` and `&gt;`, and marks up what it
 * detected itself with raw angle brackets: links `<https://…>` / `<https://…|label>`, user and
 * channel mentions `<@U…>` / `<#C…|name>`, and special commands `<!here>`, `<!subteam^S…|@team>`,
 * `<!date^…|fallback>` (docs.slack.dev "Formatting text for app surfaces" → "Escaping text";
 * api.slack.com/docs/formatting "URLs and Escaping"; /work/shared/reference/slack.md §9). So a raw
 * `<` only ever opens Slack's own markup, and every literal `<` the user typed arrives as `&lt;`.
 *
 * The result is plain text: it holds no live markup (a mention becomes `@U…`, a broadcast
 * `@here`), and wherever the bot shows it again it is escaped once more (mrkdwn.ts).
 */
export function decodeSlackText(wire: string): string {
  let plain = '';
  let last = 0;
  for (const match of wire.matchAll(MARKUP)) {
    plain += decodeEntities(wire.slice(last, match.index)) + plainMarkup(match[1]!);
    last = match.index + match[0].length;
  }
  return plain + decodeEntities(wire.slice(last));
}

/** One Slack markup sequence `<…>`: its content runs up to the next `>` (a `>` inside is `&gt;`). */
const MARKUP = /<([^<>]*)>/g;

/** Slack's notify-everyone commands (`group` is an old synonym of `channel`). */
const BROADCASTS = new Set(['here', 'channel', 'everyone', 'group']);

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };

/**
 * Reverses Slack's three entities in one pass, so `&amp;lt;` becomes `&lt;` (what the user typed),
 * never `<`. Slack escapes nothing else, so any other `&…;` is the user's own text.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);
}

/**
 * The plain-text reading of one markup sequence (without its angle brackets):
 * - a link is its URL; the label is display text and never trusted (slack.md §4: a label can name
 *   another host than the link goes to). One exception, Slack's auto-link of an address typed
 *   without a scheme: `logistics.contoso.com/portal` arrives as
 *   `<http://logistics.contoso.com/portal|logistics.contoso.com/portal>`, where the `http://` is
 *   Slack's guess, not the user's. When the label is exactly the link without its `http://`, it is
 *   what the user typed and is taken instead (it names the same address, without the guessed scheme);
 * - `@U…|name` is `@U…` (the id, which Slack verified; user names in mentions are deprecated);
 * - `#C…|name` is `#name` (Slack's own channel name), or `#C…` without one;
 * - `!here`, `!channel`, `!everyone` are `@here` …; `!subteam^S…|@team` is `@team` (or `@S…`);
 *   `!date^…|fallback` is its fallback text; any other `!command` its label, or `@command`.
 */
function plainMarkup(content: string): string {
  const bar = content.indexOf('|');
  const target = decodeEntities(bar < 0 ? content : content.slice(0, bar));
  const label = bar < 0 ? undefined : decodeEntities(content.slice(bar + 1));
  if (label !== undefined && target === `http://${label}`) return label;
  if (target.startsWith('@')) return target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  if (target.startsWith('!')) {
    const [command = '', argument] = target.slice(1).split('^');
    if (BROADCASTS.has(command)) return `@${command}`;
    if (command === 'subteam') return label || `@${argument ?? command}`;
    return label || `@${command}`;
  }
  return target;
}
