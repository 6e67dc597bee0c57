import { describe, expect, test } from 'vitest';
import { activeView, approval, aView } from '../../../../test/builders/request-view-fixtures.ts';
import { allowCoverText } from './allow-cover.ts';
import { URL_INDICATOR_ADVICE } from './indicator-reach.ts';

describe('allowCoverText', () => {
  test('a host: it and its subdomains, before and after the decision', () => {
    expect(allowCoverText(aView())).toBe('*Allow would cover*\n`logistics.contoso.com` and its subdomains (DomainName)');
    expect(allowCoverText(activeView())).toBe('*Allow would cover*\n`logistics.contoso.com` and its subdomains (DomainName)');
  });

  test('an IP: that address only', () => {
    expect(allowCoverText(aView({ request: { target: { type: 'IpAddress', value: '13.107.6.152' }, reportedTarget: '13.107.6.152' } }))).toBe(
      '*Allow would cover*\n`13.107.6.152` only (IpAddress)',
    );
  });

  test('a URL the approvers chose: that URL only, escaped, and where it is enforced', () => {
    const view = { ...activeView(), decision: approval({ indicator: { type: 'Url', value: 'https://logistics.contoso.com/a?b=1&c=<d>' } }) };
    expect(allowCoverText(view)).toBe(`*Allow covers*\n\`https://logistics.contoso.com/a?b=1&amp;c=&lt;d&gt;\` only (Url indicator). ${URL_INDICATOR_ADVICE}`);
    expect(URL_INDICATOR_ADVICE).toBe(
      'Full-path URL indicators are enforced only in Microsoft Edge: other browsers and apps go by the host, so for them the portal may stay blocked.',
    );
  });
});
