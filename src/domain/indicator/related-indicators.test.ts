import { describe, expect, test } from 'vitest';
import type { ExistingIndicator } from './existing-indicator.ts';
import { classifyRelated, overriddenIndicators } from './related-indicators.ts';

const TARGET = { type: 'DomainName', value: 'logistics.contoso.com' } as const;
let next = 1;
const indicator = (type: string, value: string, action: string): ExistingIndicator => ({ id: String(next++), type, value, action, expiresAt: null });

describe('classifyRelated: what each existing indicator means for an allow of logistics.contoso.com', () => {
  test.each([
    // action on the exact value and type
    ['DomainName', 'logistics.contoso.com', 'Allowed', 'reused', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'Block', 'overrides', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'Warn', 'overrides', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'BlockAndRemediate', 'overrides', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'AlertAndBlock', 'overrides', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'Audit', 'informational', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'Alert', 'informational', 'exact'],
    ['DomainName', 'logistics.contoso.com', 'block', 'overrides', 'exact'],
    // an action Unblock does not know is never read as harmless
    ['DomainName', 'logistics.contoso.com', 'Quarantine', 'overrides', 'exact'],
    // a parent domain
    ['DomainName', 'contoso.com', 'Block', 'overrides', 'parent_domain'],
    ['DomainName', 'contoso.com', 'Allowed', 'other_allow', 'parent_domain'],
    ['DomainName', 'contoso.com', 'Audit', 'informational', 'parent_domain'],
    // a URL on the host
    // A URL indicator on a path is more specific than the host: the longer path wins (indicators-overview).
    ['Url', 'https://logistics.contoso.com/admin', 'Warn', 'stays', 'url_on_host'],
    ['Url', 'http://logistics.contoso.com:8443/x', 'Block', 'stays', 'url_on_host'],
    ['Url', 'https://logistics.contoso.com/admin', 'Allowed', 'other_allow', 'url_on_host'],
  ])('%s %s %s → %s (%s)', (type, value, action, role, match) => {
    expect(classifyRelated(TARGET, [indicator(type, value, action)])).toMatchObject([{ role, match }]);
  });

  test.each([
    ['DomainName', 'other.contoso.com'],
    ['DomainName', 'evilcontoso.com'],
    ['DomainName', 'com'],
    ['Url', 'https://evil.example/logistics.contoso.com'],
    ['Url', 'https://other.contoso.com/'],
  ])('%s %s does not bear on the target and is dropped', (type, value) => {
    expect(classifyRelated(TARGET, [indicator(type, value, 'Block')])).toEqual([]);
  });

  test('an Allowed indicator for the same IP in another spelling is the one reused', () => {
    const found = [indicator('IpAddress', '2620:1ec:bdf:0:0:0:0:40', 'Allowed')];
    expect(classifyRelated({ type: 'IpAddress', value: '2620:1ec:bdf::40' }, found)).toMatchObject([{ role: 'reused', match: 'exact' }]);
  });

  test('overridden ones first (most specific first), then URL blocks that stay, the reused one, other allows, informational ones', () => {
    const audit = indicator('DomainName', 'logistics.contoso.com', 'Audit');
    const parentAllow = indicator('DomainName', 'contoso.com', 'Allowed');
    const reused = indicator('DomainName', 'logistics.contoso.com', 'Allowed');
    const parentBlock = indicator('DomainName', 'contoso.com', 'Block');
    const urlWarn = indicator('Url', 'https://logistics.contoso.com/x', 'Warn');
    const related = classifyRelated(TARGET, [audit, parentAllow, reused, parentBlock, urlWarn]);
    expect(related.map((r) => r.indicator.id)).toEqual([parentBlock.id, urlWarn.id, reused.id, parentAllow.id, audit.id]);
    expect(overriddenIndicators(related).map((r) => r.indicator.id)).toEqual([parentBlock.id]);
  });
});
