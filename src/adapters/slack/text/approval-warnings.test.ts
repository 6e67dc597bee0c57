import { describe, expect, test } from 'vitest';
import { approval, aView, blockEvent, evidence } from '../../../../test/builders/request-view-fixtures.ts';
import { approvalWarnings } from './approval-warnings.ts';

const FALSE_POSITIVE =
  'An allow overrides that verdict on every managed device. If you believe it is a false positive, ' +
  'submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.';
const flagged = (category: string) => evidence('found', [blockEvent({ category })]);

describe('approvalWarnings', () => {
  test('an ordinary request has none', () => {
    expect(approvalWarnings(aView())).toEqual([]);
  });

  test('a threat verdict, while pending: two approvers are needed', () => {
    expect(approvalWarnings(aView({ evidence: flagged('Malicious') }))).toEqual([
      ":rotating_light: *Defender's threat intelligence flagged this target* (Malicious). " +
        'Because of that, this target needs *two different approvers*: one approval alone allows nothing. ' +
        FALSE_POSITIVE,
    ]);
  });

  test('a threat verdict, once decided: no word on approvers', () => {
    const view = aView({ request: { status: 'active' }, evidence: flagged('Phishing'), decision: approval() });
    expect(approvalWarnings(view)).toEqual([`:rotating_light: *Defender's threat intelligence flagged this target* (Phishing). ${FALSE_POSITIVE}`]);
  });

  test("Defender's category names are escaped", () => {
    const record = flagged('Malicious');
    const hostile = { ...record, summary: { ...record.summary, threatCategories: ['Malicious <!here> & co'] } };
    expect(approvalWarnings(aView({ evidence: hostile }))[0]).toContain('(Malicious &lt;!here&gt; &amp; co)');
  });

  test('a registrable domain allows every subdomain', () => {
    const view = aView({ request: { target: { type: 'DomainName', value: 'contoso.com' }, reportedTarget: 'contoso.com', coversSubdomains: true } });
    expect(approvalWarnings(view)).toEqual([
      ':warning: `contoso.com` is a registrable domain: a domain indicator also allows *every subdomain* of it. Prefer asking for the exact host of the portal.',
    ]);
  });

  test('a punycode name may be a look-alike', () => {
    const view = aView({ request: { target: { type: 'DomainName', value: 'xn--cntoso-jua.com' }, reportedTarget: 'xn--cntoso-jua.com' } });
    expect(approvalWarnings(view)).toEqual([
      ':warning: This is an internationalized name, shown in its punycode form. Check it is the portal you expect and not a look-alike.',
    ]);
  });
});
