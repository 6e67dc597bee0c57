import { describe, expect, test } from 'vitest';
import type { IndicatorTarget, IndicatorType } from '../target/target.ts';
import { chooseIndicator, indicatorChoices, narrowestIndicator } from './indicator-choices.ts';

const HOST: IndicatorTarget = { type: 'DomainName', value: 'logistics.contoso.com' };
const URL_TARGET: IndicatorTarget = { type: 'Url', value: 'https://logistics.contoso.com/portal/login' };
const withPath = indicatorChoices({ target: HOST, reportedTarget: URL_TARGET.value });
const hostOnly = indicatorChoices({ target: HOST, reportedTarget: HOST.value });

describe('indicatorChoices', () => {
  test.each<[string, IndicatorTarget, string, IndicatorTarget[]]>([
    ['a bare host', HOST, 'logistics.contoso.com', [HOST]],
    ['a URL without a path', HOST, 'https://logistics.contoso.com/', [HOST]],
    ['a URL with only a query', HOST, 'https://logistics.contoso.com/?tab=2', [HOST]],
    ['a URL with a path', HOST, URL_TARGET.value, [HOST, URL_TARGET]],
    ['a URL with a path, port and query', HOST, 'http://logistics.contoso.com:8443/a/b?x=1', [HOST, { type: 'Url', value: 'http://logistics.contoso.com:8443/a/b?x=1' }]],
    ['a URL on another host (never offered)', HOST, 'https://evil.example.com/portal', [HOST]],
    ['a URL spelled otherwise, in canonical form', HOST, 'HTTPS://Logistics.Contoso.com.:443/portal/login#top', [HOST, URL_TARGET]],
    ['a URL with % escapes, kept', HOST, `${URL_TARGET.value}?ReturnUrl=%2Fportal%2Fhome`, [HOST, { type: 'Url', value: `${URL_TARGET.value}?ReturnUrl=%2Fportal%2Fhome` }]],
    ['a URL with lower-case escapes, in canonical form', HOST, `${URL_TARGET.value}?ReturnUrl=%2fportal%2fhome`, [HOST, { type: 'Url', value: `${URL_TARGET.value}?ReturnUrl=%2Fportal%2Fhome` }]],
    ['an IP target', { type: 'IpAddress', value: '20.30.40.50' }, '20.30.40.50', [{ type: 'IpAddress', value: '20.30.40.50' }]],
  ])('%s', (_case, target, reportedTarget, expected) => {
    expect(indicatorChoices({ target, reportedTarget })).toEqual(expected);
  });
});

describe('chooseIndicator', () => {
  test.each<[string, string | undefined, typeof withPath, IndicatorTarget | 'indicator_not_offered']>([
    ['untouched select: the host', undefined, withPath, HOST],
    ['DomainName', 'DomainName', withPath, HOST],
    ['Url when offered', 'Url', withPath, URL_TARGET],
    ['Url when not offered (forged)', 'Url', hostOnly, 'indicator_not_offered'],
    ['IpAddress on a host (forged)', 'IpAddress', withPath, 'indicator_not_offered'],
    ['garbage (forged)', 'FileSha256', withPath, 'indicator_not_offered'],
  ])('%s', (_case, value, choices, expected) => {
    const result = chooseIndicator(value, choices);
    expect(result.ok ? result.value : result.error.code).toEqual(expected);
  });
});

describe('narrowestIndicator', () => {
  test.each<[string, Array<IndicatorType | null>, typeof withPath, IndicatorTarget]>([
    ['everyone kept the host', ['DomainName', null], withPath, HOST],
    ['one chose the URL', ['DomainName', 'Url'], withPath, URL_TARGET],
    ['both chose the URL', ['Url', 'Url'], withPath, URL_TARGET],
    ['a Url choice the request does not offer falls back to the host', ['Url'], hostOnly, HOST],
  ])('%s', (_case, chosen, choices, expected) => {
    expect(narrowestIndicator(chosen, choices)).toEqual(expected);
  });
});
