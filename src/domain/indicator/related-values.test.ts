import { describe, expect, test } from 'vitest';
import { relatedLookup, urlIndicatorHost } from './related-values.ts';

describe('relatedLookup: the exact value, then each parent domain up to the registrable domain (ICANN rules)', () => {
  test.each([
    ['logistics.contoso.com', ['logistics.contoso.com', 'contoso.com']],
    ['a.b.logistics.contoso.com', ['a.b.logistics.contoso.com', 'b.logistics.contoso.com', 'logistics.contoso.com', 'contoso.com']],
    ['contoso.com', ['contoso.com']],
    ['portal.contoso.co.uk', ['portal.contoso.co.uk', 'contoso.co.uk']],
    // github.io is a private suffix: Defender matches labels, so an org block on github.io applies.
    ['team.github.io', ['team.github.io', 'github.io']],
    ['intranet', ['intranet']],
  ])('%s → %j', (host, values) => {
    expect(relatedLookup({ type: 'DomainName', value: host })).toEqual({ values, urlHost: host });
  });

  test('an IP is looked up as itself only', () => {
    expect(relatedLookup({ type: 'IpAddress', value: '2620:1ec:bdf::40' })).toEqual({ values: ['2620:1ec:bdf::40'], urlHost: '2620:1ec:bdf::40' });
  });

  test('a Url target: its own value, and its host for other Url indicators', () => {
    expect(relatedLookup({ type: 'Url', value: 'https://logistics.contoso.com/tracking' })).toEqual({
      values: ['https://logistics.contoso.com/tracking'],
      urlHost: 'logistics.contoso.com',
    });
  });
});

describe('urlIndicatorHost', () => {
  test.each([
    ['https://logistics.contoso.com/tracking?id=1', 'logistics.contoso.com'],
    ['http://LOGISTICS.contoso.com.:8080/', 'logistics.contoso.com'],
    ['logistics.contoso.com/tracking', 'logistics.contoso.com'],
    ['https://[2620:1ec:bdf::40]/x', '2620:1ec:bdf::40'],
    ['https://evil.example/logistics.contoso.com', 'evil.example'],
    ['http://', null],
    ['::::', null],
  ])('%s → %s', (value, host) => {
    expect(urlIndicatorHost(value)).toBe(host);
  });
});
