import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import type { KitBlock } from './block-kit.ts';
import { BlockSurface } from './block-surface.tsx';
import { literalEscapes } from './mrkdwn-text.tsx';
import { SlackKitContext, slackKitFor } from './slack-kit.tsx';

const kit = slackKitFor(
  {
    users: [{ id: 'U0BEN', name: 'Ben Okafor', role: 'approver' }],
    channels: [{ id: 'C0APPROVALS', name: 'security-approvals', kind: 'channel' }],
    commandChannelId: 'C0GENERAL',
    now: '2026-12-02T12:00:00Z',
  },
  'UTC',
);

/** `text` as a section's mrkdwn (or a header's plain text), drawn as the page draws it. */
function draw(text: string, type: 'section' | 'header' = 'section'): string {
  const block: KitBlock = type === 'header' ? { type, text: { type: 'plain_text', text } } : { type, text: { type: 'mrkdwn', text } };
  return renderToStaticMarkup(
    <SlackKitContext.Provider value={kit}>
      <BlockSurface blocks={[block]} selects={{}} onChoose={() => undefined} onAction={() => undefined} />
    </SlackKitContext.Provider>,
  );
}

/** What a reader sees: tags dropped, entities decoded, the zero-width word joiner gone. */
const visible = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '')
    .replace(/ +/g, ' '); // the library doubles some spaces; HTML shows one

describe('escaped user text stays text', () => {
  const typed = '&lt;!channel&gt; &lt;@U0BEN&gt; &lt;https://evil.example|click me&gt;';

  test('no broadcast, no mention, no link: the characters the user typed', () => {
    const html = draw(`Reason: ${typed}`);
    expect(html).not.toContain('slack_broadcast');
    expect(html).not.toContain('slack_user');
    expect(html).not.toContain('href="https://evil.example"');
    expect(visible(html)).toContain('Reason: <!channel> <@U0BEN> <https://evil.example|click me>');
  });

  test("the bot's own markup still works", () => {
    const html = draw('<@U0BEN> on <!date^1796198400^{date_short}|Dec 2> see <https://portal.example/x|the portal>');
    expect(html).toContain('Ben Okafor');
    expect(visible(html)).toContain('Dec 2, 2026');
    expect(html).toMatch(/<a [^>]*href="https:\/\/portal\.example\/x"/);
  });

  test.each([
    ['&lt;b&gt; outside, `&lt;b&gt;` inside', '<\u2060b&gt; outside, `&lt;b&gt;` inside'],
    ['`?a=1&amp;b=2` and a &amp; b', '`?a=1&b=2` and a &amp; b'],
    ['```x &amp;&amp; y```', '```x && y```'],
    ['<@U0BEN>', '<@U0BEN>'],
  ])('literalEscapes(%j)', (text, expected) => {
    expect(literalEscapes(text)).toBe(expected);
  });

  test('&amp; inside code shows as &', () => {
    expect(visible(draw('`https://x.example/?a=1&amp;b=2`'))).toContain('https://x.example/?a=1&b=2');
  });
});

describe('colons are emoji only when they name one', () => {
  test.each([
    ['::1', '::1'],
    ['fe80::1:2', 'fe80::1:2'],
    ['2001:db8::', '2001:db8::'],
    ['2606:4700:4700::1111', '2606:4700:4700::1111'],
    ['at 10:30', 'at 10:30'],
    ['done :white_check_mark:', 'done ✅'],
    ['thanks :+1:', 'thanks 👍'],
  ])('%s', (text, expected) => {
    expect(visible(draw(text)).trim()).toBe(expected);
    expect(visible(draw(text, 'header')).trim()).toBe(expected);
  });
});

describe('links', () => {
  test('a link opens in a new tab and says nothing to the other site', () => {
    expect(draw('<https://portal.example/x|the portal>')).toMatch(/<a href="https:\/\/portal\.example\/x"[^>]*target="_blank" rel="noopener noreferrer"/);
  });
});
