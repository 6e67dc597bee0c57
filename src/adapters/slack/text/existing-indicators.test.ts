import { describe, expect, test } from 'vitest';
import type { EvidenceRecord } from '../../../app/ports/request-view.ts';
import type { ExistingIndicator } from '../../../domain/indicator/existing-indicator.ts';
import { blockEvent, evidence } from '../../../../test/builders/request-view-fixtures.ts';
import { existingIndicatorsText, overrideConfirmText, requesterOverrideText } from './existing-indicators.ts';

const TARGET = { type: 'DomainName', value: 'logistics.contoso.com' } as const;
const CREATED = new Date('2026-03-04T10:11:12Z');
const EXPIRES = new Date('2026-12-31T00:00:00Z');

const parentBlock: ExistingIndicator = {
  id: '1',
  type: 'DomainName',
  value: 'contoso.com',
  action: 'Block',
  title: 'Block *Contoso* <!channel>',
  expiresAt: null,
  createdBy: 'secops@contoso.com',
  createdAt: CREATED,
  rbacGroupNames: [],
};
const reused: ExistingIndicator = {
  id: '2',
  type: 'DomainName',
  value: 'logistics.contoso.com',
  action: 'Allowed',
  title: 'Unblock #3',
  expiresAt: EXPIRES,
  createdBy: '00000000-0000-4000-8000-00000000a11c',
  createdAt: CREATED,
  rbacGroupNames: ['Finance', 'HQ'],
};
const urlAudit: ExistingIndicator = { id: '3', type: 'Url', value: 'https://logistics.contoso.com/admin', action: 'Audit', title: 'Watch admin', expiresAt: null };
const urlWarn: ExistingIndicator = { ...urlAudit, id: '4', action: 'Warn', title: 'Warn admin', createdBy: 'it@contoso.com' };

const checked = (indicators: ExistingIndicator[], events = [blockEvent()]): EvidenceRecord =>
  evidence('found', events, null, { outcome: 'checked', indicators });

describe('existingIndicatorsText', () => {
  test('each indicator with title (escaped), creator, creation time, expiry and scope; the overridden one first', () => {
    // Blocked devices in Finance: the reused indicator (Finance, HQ) reaches them.
    expect(existingIndicatorsText(TARGET, checked([urlAudit, reused, parentBlock], [blockEvent({ deviceGroup: 'Finance' })]))).toBe(
      [
        '*Existing indicators*',
        ':no_entry: *Approving overrides* Block `Block *Contoso* &lt;!channel&gt;` on `contoso.com` (on a parent domain): created by `secops@contoso.com` <!date^1772619072^{date_short_pretty} {time}|2026-03-04T10:11:12.000Z>, never expires, all devices.',
        ':recycle: Already allowed: Allowed `Unblock #3` on `logistics.contoso.com` (on it): created by `00000000-0000-4000-8000-00000000a11c` <!date^1772619072^{date_short_pretty} {time}|2026-03-04T10:11:12.000Z>, expires <!date^1798675200^{date_short_pretty} {time}|2026-12-31T00:00:00.000Z>, device groups `Finance`, `HQ`. Approving reuses it rather than adding another.',
        ':information_source: Audit `Watch admin` on `https://logistics.contoso.com/admin` (on a URL of this host): created by someone Defender does not name, never expires, all devices. It only records or alerts; it blocks nothing.',
      ].join('\n'),
    );
  });

  test('an Allowed indicator on the value that does not reach the proposed devices is not promised as reused: the allow would wait on its owner', () => {
    const text = existingIndicatorsText(TARGET, checked([reused], [blockEvent({ deviceGroup: 'Sales' })]));
    expect(text).toContain(
      ':warning: *Allowed, but not for these devices:* Allowed `Unblock #3` on `logistics.contoso.com` (on it): ' +
        'created by `00000000-0000-4000-8000-00000000a11c` <!date^1772619072^{date_short_pretty} {time}|2026-03-04T10:11:12.000Z>, expires <!date^1798675200^{date_short_pretty} {time}|2026-12-31T00:00:00.000Z>, device groups `Finance`, `HQ`. ' +
        'It does not reach the proposed device group `Sales`, and Defender keeps one Allowed indicator per value: Unblock will neither rewrite it nor rely on it, so an approval cannot take effect until its owner widens or removes it.',
    );
    expect(text).not.toContain('Approving reuses it');
  });

  test('a look-up that listed the values but not the Url indicators keeps what it found, and says what is missing (Defender’s reason escaped)', () => {
    const partial = evidence('found', [blockEvent()], null, { outcome: 'checked', indicators: [parentBlock], incomplete: 'Defender listed <more> Url indicators' });
    const text = existingIndicatorsText(TARGET, partial)!;
    expect(text.split('\n').slice(0, 3)).toEqual([
      '*Existing indicators*',
      ':warning: Could not list the URL indicators on this host: Defender listed &lt;more&gt; Url indicators; what follows is what the other look-ups found.',
      expect.stringMatching(/^:no_entry: \*Approving overrides\* Block/),
    ]);
    expect(overrideConfirmText(TARGET, partial, 300)).toMatch(/^Approving overrides Block/);
  });

  test('at most eight lines, the overridden ones first, then how many more', () => {
    const many = Array.from({ length: 10 }, (_, n) => ({ ...urlAudit, id: `a${n}`, value: `https://logistics.contoso.com/p${n}` }));
    const lines = existingIndicatorsText(TARGET, checked([...many, parentBlock]))!.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/^:no_entry: \*Approving overrides\* Block/);
    expect(lines[9]).toBe('…and 3 more indicators (see Settings → Endpoints → Indicators in the Defender portal).');
  });

  test('none found', () => {
    expect(existingIndicatorsText(TARGET, checked([], [blockEvent({ category: 'Phishing' })]))).toBe(
      '*Existing indicators:* none on `logistics.contoso.com`, its parent domains or URLs on it.',
    );
  });

  test('none found although Defender named the org block list: why Unblock may not see it', () => {
    expect(existingIndicatorsText(TARGET, checked([], [blockEvent({ category: 'CustomBlockList' })]))).toBe(
      "*Existing indicators:* none on `logistics.contoso.com`, its parent domains or URLs on it. Defender says your organisation's block list blocked it, so the indicator may be one Unblock cannot see (with Ti.ReadWrite rather than Ti.ReadWrite.All it sees only its own), or it was removed since.",
    );
  });

  const UNSEEN = "None of Defender's indicators could be seen, so it is not known whether approving overrides a Block or Warn indicator of your organisation.";

  test('the look-up failed: Defender’s reason, escaped, and that nothing is known (never "none found")', () => {
    expect(existingIndicatorsText(TARGET, evidence('none', [], null, { outcome: 'unavailable', error: 'Defender refused the request (HTTP 403): "<no>"' }))).toBe(
      `:warning: *Existing indicators:* could not check existing indicators: Defender refused the request (HTTP 403): "&lt;no&gt;"\n${UNSEEN}`,
    );
  });

  test('the look-up failed although Defender named the org block list: approving overrides a Block nobody could see', () => {
    const record = evidence('found', [blockEvent({ category: 'CustomBlockList' })], null, { outcome: 'unavailable', error: 'Defender refused to list its indicators' });
    expect(existingIndicatorsText(TARGET, record)).toBe(
      ':warning: *Existing indicators:* could not check existing indicators: Defender refused to list its indicators\n' +
        "Defender says your organisation's block list blocked it, so approving overrides a Block or Warn indicator that Unblock could not see.",
    );
    expect(overrideConfirmText(TARGET, record, 300)).toBe("Defender named your organisation's block list: approving overrides its Block indicator, which Unblock could not see.");
    expect(requesterOverrideText(TARGET, record)).toBe('');
  });

  test('a read-only dry run: Defender’s indicators unseen, the dry run’s own would-be ones listed apart', () => {
    const wouldBe: ExistingIndicator = { ...reused, id: 'dryrun-1', title: 'Unblock #1: temporary allow', createdBy: null, createdAt: null, rbacGroupNames: [] };
    const record = evidence('found', [blockEvent({ category: 'Phishing' })], null, { outcome: 'unavailable', error: 'Defender refused to list its indicators', wouldBe: [wouldBe] });
    expect(existingIndicatorsText(TARGET, record)!.split('\n')).toEqual([
      ':warning: *Existing indicators:* could not check existing indicators: Defender refused to list its indicators',
      UNSEEN,
      "The dry run's own would-be indicators (kept by Unblock, not in Defender):",
      `:recycle: Already allowed: Allowed \`Unblock #1: temporary allow\` on \`logistics.contoso.com\` (on it): created by someone Defender does not name, expires <!date^1798675200^{date_short_pretty} {time}|2026-12-31T00:00:00.000Z>, all devices. Approving reuses it rather than adding another.`,
    ]);
  });

  test('a request recorded before the look-up existed says nothing', () => {
    expect(existingIndicatorsText(TARGET, evidence('found', [blockEvent()], null, null))).toBeNull();
    expect(existingIndicatorsText(TARGET, null)).toBeNull();
  });
});

describe('overrideConfirmText', () => {
  test('names the overridden indicator and its creator', () => {
    expect(overrideConfirmText(TARGET, checked([reused, parentBlock]), 300)).toBe(
      'Approving overrides Block `Block *Contoso* &lt;!channel&gt;` (created by `secops@contoso.com`).',
    );
  });
  test('two named at most, then how many more', () => {
    const third = { ...parentBlock, id: '9', value: 'b.logistics.contoso.com' };
    expect(overrideConfirmText({ type: 'DomainName', value: 'a.b.logistics.contoso.com' }, checked([parentBlock, urlWarn, third, { ...parentBlock, id: '10', value: 'logistics.contoso.com' }]), 300)).toBe(
      'Approving overrides Block `Block *Contoso* &lt;!channel&gt;` (created by `secops@contoso.com`) and Block `Block *Contoso* &lt;!channel&gt;` (created by `secops@contoso.com`) and 1 more.',
    );
  });
  test('in less room: one named and how many more, then only how many; never longer than the room, never an open code span', () => {
    const long = { ...parentBlock, title: 'T'.repeat(60), createdBy: 'c'.repeat(60) };
    const two = checked([long, { ...long, id: '11', value: 'logistics.contoso.com' }]);
    const one = overrideConfirmText(TARGET, two, 140);
    expect(one).toBe(`Approving overrides Block \`${'T'.repeat(39)}…\` (created by \`${'c'.repeat(39)}…\`) and 1 more.`);
    expect(overrideConfirmText(TARGET, two, 110)).toBe(`Approving overrides Block \`${'T'.repeat(23)}…\` (created by \`${'c'.repeat(23)}…\`) and 1 more.`);
    expect(overrideConfirmText(TARGET, two, 100)).toBe('Approving overrides 2 Block or Warn indicators of your organisation (listed on the message).');
    expect(overrideConfirmText(TARGET, two, 80)).toBe('Approving overrides 2 Block or Warn indicators (listed on the message).');
    expect(overrideConfirmText(TARGET, two, 50)).toBe('');
  });
  test("the org's block list named by Defender but no indicator seen (none found, or the look-up failed): still said", () => {
    const orgRows = [blockEvent({ category: 'CustomBlockList' })];
    const said = "Defender named your organisation's block list: approving overrides its Block indicator, which Unblock could not see.";
    expect(overrideConfirmText(TARGET, evidence('found', orgRows, null, { outcome: 'checked', indicators: [] }), 300)).toBe(said);
    expect(overrideConfirmText(TARGET, evidence('found', orgRows, null, { outcome: 'unavailable', error: 'x' }), 300)).toBe(said);
  });
  test('nothing to override, or not checked: empty', () => {
    expect(overrideConfirmText(TARGET, checked([reused, urlAudit], [blockEvent({ category: 'Gambling' })]), 300)).toBe('');
    expect(overrideConfirmText(TARGET, evidence('none', [], null, { outcome: 'unavailable', error: 'x' }), 300)).toBe('');
  });
});

describe('requesterOverrideText', () => {
  test('the org indicator by title and value, without its creator', () => {
    expect(requesterOverrideText(TARGET, checked([urlWarn, parentBlock, { ...parentBlock, id: '12', value: 'logistics.contoso.com' }]))).toBe(
      " The organisation's indicator that blocks it: `Block *Contoso* &lt;!channel&gt;` on `logistics.contoso.com` (and 1 more); an allow would override it.",
    );
  });
  test('none: empty', () => {
    expect(requesterOverrideText(TARGET, checked([reused]))).toBe('');
  });
});
