import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { slackAutoLink, slackCommandText, slackEscape } from '../../../test/support/slack-requests.ts';
import { MAX_REASON_LENGTH, parseReport } from '../../domain/request/parse-report.ts';
import { quote } from './mrkdwn.ts';
import { decodeEntities, decodeSlackText } from './slack-text.ts';

const RUNS = { numRuns: 10_000, seed: 20261126 } as const;

/** What users type, heavy on the characters Slack escapes and on text that looks like markup or entities. */
const typedText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '|', '!', '@', '#', '^', ';', 'a', 'm', 'p', 'l', 't', 'g', ' ', '\n', 'é', '😀') }),
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('&amp;', '&lt;', '&gt;', '&amp;lt;', '&quot;', '<!channel>', '<@U123>', '<https://evil.example|ok>', 'https://a.contoso.com/x?a=1&b=2', ' '),
      fc.constantFrom('<', '>', '&', '|', 'x'),
    ),
  }),
);

describe('decodeSlackText', () => {
  test.each([
    ['plain text without entities, unchanged', 'the shipping app fails since Monday', 'the shipping app fails since Monday'],
    ['an empty text', '', ''],
    ['the three entities', 'R&amp;D &lt;b&gt; 1 &lt; 2 &amp;&amp; 3 &gt; 2', 'R&D <b> 1 < 2 && 3 > 2'],
    ['an entity the user typed, decoded exactly once', 'write &amp;lt; not &amp;amp;', 'write &lt; not &amp;'],
    ['entities Slack does not make, kept', '&quot;x&quot; &#60; &AMP; &amp', '&quot;x&quot; &#60; &AMP; &amp'],
    ['a link without a label', '<https://logistics.contoso.com/portal/login>', 'https://logistics.contoso.com/portal/login'],
    ['a link with escaped query separators', '<https://amp.contoso.com/login?a=1&amp;b=2>', 'https://amp.contoso.com/login?a=1&b=2'],
    ['a link with a label: the link, never the label', '<https://logistics.contoso.com|logistics.contoso.com>', 'https://logistics.contoso.com'],
    ['a label naming another host: the real link', '<https://evil.example|logistics.contoso.com>', 'https://evil.example'],
    ['a label with spaces', '<https://x.contoso.com|the shipping portal> broken', 'https://x.contoso.com broken'],
    ['a mailto link', '<mailto:ops@contoso.com|ops@contoso.com>', 'mailto:ops@contoso.com'],
    // Slack's auto-link of a scheme-less address: the label is the link without Slack's guessed http://.
    ['an auto-linked address: as typed', '<http://logistics.contoso.com/portal/login|logistics.contoso.com/portal/login>', 'logistics.contoso.com/portal/login'],
    ['an auto-linked host: as typed', '<http://logistics.contoso.com|logistics.contoso.com>', 'logistics.contoso.com'],
    ['an auto-linked address with escaped query separators', '<http://a.contoso.com/x?a=1&amp;b=2|a.contoso.com/x?a=1&amp;b=2> R&amp;D', 'a.contoso.com/x?a=1&b=2 R&D'],
    ['a label naming another path than the http link: the link', '<http://logistics.contoso.com/portal|logistics.contoso.com/other>', 'http://logistics.contoso.com/portal'],
    ['a label naming another host than the http link: the link', '<http://evil.example/x|logistics.contoso.com/x>', 'http://evil.example/x'],
    ['a label differing in case only: the link', '<http://logistics.contoso.com/Portal|logistics.contoso.com/portal>', 'http://logistics.contoso.com/Portal'],
    ['an https link labelled without its scheme: the link', '<https://logistics.contoso.com/x|logistics.contoso.com/x>', 'https://logistics.contoso.com/x'],
    ['an http link labelled with its scheme: the link', '<http://logistics.contoso.com/x|http://logistics.contoso.com/x>', 'http://logistics.contoso.com/x'],
    ['a label that is the link without http:// plus more: the link', '<http://logistics.contoso.com|logistics.contoso.com.evil.example>', 'http://logistics.contoso.com'],
    ['a user mention', 'ask <@U0ABC123>', 'ask @U0ABC123'],
    ['a user mention with a name', 'ask <@U0ABC123|bob>', 'ask @U0ABC123'],
    ['an Enterprise Grid user mention', '<@W0ABC123>', '@W0ABC123'],
    ['a channel with its name', 'see <#C0GENERAL|general>', 'see #general'],
    ['a channel without a name', 'see <#C0GENERAL>', 'see #C0GENERAL'],
    ['@here', '<!here> help', '@here help'],
    ['@here with its label', '<!here|here>', '@here'],
    ['@channel', '<!channel>', '@channel'],
    ['@everyone', '<!everyone>', '@everyone'],
    ['a user group with its handle', '<!subteam^S0SEC|@security>', '@security'],
    ['a user group without a handle', '<!subteam^S0SEC>', '@S0SEC'],
    ['a date, as its fallback text', '<!date^1392734382^{date}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['markup next to escaped brackets', '&lt;<https://x.contoso.com>&gt;', '<https://x.contoso.com>'],
    ['a stray raw bracket (not Slack markup), kept', 'a < b', 'a < b'],
    [
      'the issue #7 example',
      '<https://amp.contoso.com/login?a=1&amp;b=2> R&amp;D expense app fails',
      'https://amp.contoso.com/login?a=1&b=2 R&D expense app fails',
    ],
  ])('%s', (_case, wire, plain) => {
    expect(decodeSlackText(wire)).toBe(plain);
  });

  test('gives back exactly what the user typed, whatever it was (Slack escaping only)', () => {
    fc.assert(
      fc.property(typedText, (typed) => {
        expect(decodeSlackText(slackEscape(typed))).toBe(typed);
      }),
      RUNS,
    );
  });

  test('gives back exactly what the user typed when Slack also wrapped the URLs in it', () => {
    fc.assert(
      fc.property(typedText, (typed) => {
        expect(decodeSlackText(slackCommandText(typed))).toBe(typed);
      }),
      RUNS,
    );
  });

  test('gives back exactly what the user typed when Slack auto-linked it without a scheme', () => {
    const typedAddress = fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '?', '&', '=', ':', '-', '#', '%', '8', 'é', '@', '\\'), minLength: 1 });
    fc.assert(
      fc.property(typedAddress, (typed) => {
        expect(decodeSlackText(slackAutoLink(typed))).toBe(typed);
      }),
      RUNS,
    );
  });

  test('leaves nothing that is live markup once shown again through mrkdwn', () => {
    const wire = fc.string({ unit: fc.constantFrom('<!channel>', '<!here|here>', '<@U123>', '<#C1|x>', '<!subteam^S1|@t>', '<https://e.example|ok>', '&lt;', '&amp;', 'a', ' ') });
    fc.assert(
      fc.property(wire, (text) => {
        expect(quote(decodeSlackText(text)).replace(/^>|\n>/g, '')).not.toMatch(/[<>]/);
      }),
      RUNS,
    );
  });
});

describe('decodeEntities', () => {
  test('decodes in one pass, so an escaped entity stays an entity', () => {
    expect(decodeEntities('&amp;lt;&amp;gt;&amp;amp;')).toBe('&lt;&gt;&amp;');
  });
});

describe('the Slack test edge sends what Slack sends', () => {
  test('escapes typed text and wraps the URL, as in issue #7', () => {
    expect(slackCommandText('https://amp.contoso.com/login?a=1&b=2 R&D expense app fails')).toBe(
      '<https://amp.contoso.com/login?a=1&amp;b=2> R&amp;D expense app fails',
    );
  });
});

describe('decodeSlackText before parseReport', () => {
  test('reports the real URL and the reason as typed for the issue #7 example', () => {
    const parsed = parseReport(decodeSlackText('<https://amp.contoso.com/login?a=1&amp;b=2> R&amp;D expense app fails'));
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        target: { kind: 'host', host: 'amp.contoso.com', url: 'https://amp.contoso.com/login?a=1&b=2' },
        reason: 'R&D expense app fails',
      },
    });
  });

  test('counts the reason in typed characters, not in Slack entities', () => {
    const reason = '&'.repeat(MAX_REASON_LENGTH);
    expect(parseReport(decodeSlackText(slackCommandText(`https://logistics.contoso.com ${reason}`)))).toMatchObject({ ok: true, value: { reason } });
  });

  // The same address must give the same allow whether or not a Slack client linked it first.
  test.each([
    ['logistics.contoso.com/portal/login', 'https://logistics.contoso.com/portal/login'],
    ['logistics.contoso.com:8443/track?id=1&lang=en', 'https://logistics.contoso.com:8443/track?id=1&lang=en'],
    ['Logistics.Contoso.com/Portal', 'https://logistics.contoso.com/Portal'],
    ['bücher.contoso.com/x', 'https://xn--bcher-kva.contoso.com/x'],
    ['logistics.contoso.com:80/x', 'https://logistics.contoso.com:80/x'],
  ])('reports %s auto-linked by Slack as the user typed it: %s', (typed, url) => {
    const linked = parseReport(decodeSlackText(`${slackAutoLink(typed)} the shipping app fails`));
    expect(linked).toEqual(parseReport(`${typed} the shipping app fails`));
    expect(linked).toMatchObject({ ok: true, value: { target: { url }, typedTarget: typed, reason: 'the shipping app fails' } });
  });

  test('reports an auto-linked bare host as the host, with no URL to choose', () => {
    expect(parseReport(decodeSlackText(slackAutoLink('logistics.contoso.com')))).toMatchObject({
      ok: true,
      value: { target: { kind: 'host', host: 'logistics.contoso.com', url: null } },
    });
  });

  test('takes a labelled link as the address, whatever the label says', () => {
    expect(parseReport(decodeSlackText('<https://evil.example|logistics.contoso.com> broken'))).toMatchObject({
      ok: true,
      value: { target: { host: 'evil.example' }, reason: 'broken' },
    });
  });

  test('refuses an address the user typed with a literal angle bracket inside', () => {
    expect(parseReport(decodeSlackText('logistics&lt;.contoso.com'))).toMatchObject({ ok: false, error: { code: 'unparseable' } });
  });
});
