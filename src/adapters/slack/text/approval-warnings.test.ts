import { describe, expect, test } from 'vitest';
import { aView, blockEvent, evidence } from '../../../../test/builders/request-view-fixtures.ts';
import { approvalWarnings } from './approval-warnings.ts';

const flagged = (category: string) => evidence('found', [blockEvent({ category })]);

describe('approvalWarnings', () => {
  test('an ordinary request has none, and neither has a threat verdict (its remedy says it: block-cause-text.ts)', () => {
    expect(approvalWarnings(aView())).toEqual([]);
    expect(approvalWarnings(aView({ evidence: flagged('Malicious') }))).toEqual([]);
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
