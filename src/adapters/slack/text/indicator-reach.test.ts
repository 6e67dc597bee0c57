import { describe, expect, test } from 'vitest';
import type { IndicatorTarget } from '../../../domain/target/target.ts';
import { indicatorReach } from './indicator-reach.ts';

describe('indicatorReach', () => {
  test.each<[IndicatorTarget, string]>([
    [{ type: 'DomainName', value: 'logistics.contoso.com' }, '`logistics.contoso.com` and its subdomains'],
    [{ type: 'IpAddress', value: '13.107.6.152' }, '`13.107.6.152` only'],
    [{ type: 'Url', value: 'https://logistics.contoso.com/portal' }, '`https://logistics.contoso.com/portal` only'],
    [{ type: 'Url', value: 'https://logistics.contoso.com/a?b=1&c=<d>' }, '`https://logistics.contoso.com/a?b=1&amp;c=&lt;d&gt;` only'],
  ])('%j', (target, text) => {
    expect(indicatorReach(target)).toBe(text);
  });
});
