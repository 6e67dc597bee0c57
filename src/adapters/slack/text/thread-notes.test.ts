import { describe, expect, test } from 'vitest';
import { activeView, approval, approvedView, indicatorRecord } from '../../../../test/builders/request-view-fixtures.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import type { ThreadNote } from '../../../app/ports/notifier.ts';
import { DEFAULT_THREAD_NOTE_OPTIONS, renderThreadNote } from './thread-notes.ts';

const END = new Date('2026-11-21T10:00:00Z');
const date = (d: Date) => `<!date^${d.getTime() / 1000}^`;

/** The active allow whose indicator Defender holds until `expiresAt`. */
const holding = (expiresAt: Date | null): RequestView => ({ ...activeView(), indicator: { ...indicatorRecord, expiresAt } });

describe('renderThreadNote: what Defender holds against what was approved', () => {
  test('an extension says "extended", by whom and until when', () => {
    const text = renderThreadNote(holding(END), { kind: 'extended', actorId: 'U0CAROL' });
    expect(text).toContain(`Extended by <@U0CAROL>: allowed until ${date(END)}`);
    expect(text).not.toContain(':warning:');
  });

  test('a dry run’s extension never reads as an allow in Defender', () => {
    const view = holding(END);
    const dry = { ...view, request: { ...view.request, dryRun: true }, indicator: { ...view.indicator!, defenderId: 'dryrun-1' } };
    expect(renderThreadNote(dry, { kind: 'extended', actorId: 'U0CAROL' })).toBe(
      `:arrows_clockwise: Extended by <@U0CAROL>, in the dry run only: the would-be allow \`dryrun-1\` now runs until ${date(END)}{date_short_pretty} {time}|${END.toISOString()}>. Nothing is allowed in Defender.`,
    );
  });

  test('milliseconds Defender dropped are not a difference', () => {
    const view: RequestView = { ...holding(END), decision: { ...activeView().decision!, allowUntil: new Date(END.getTime() + 773) } };
    expect(renderThreadNote(view, { kind: 'extended', actorId: 'U0CAROL' })).not.toContain(':warning:');
  });

  test.each<[string, Date | null, string]>([
    ['a later expiry', new Date(END.getTime() + 2 * 86_400_000), date(new Date(END.getTime() + 2 * 86_400_000))],
    ['no expiry at all', null, 'no expiry at all'],
  ])('Defender holding %s is said in the extension and activation notes', (_name, held, shown) => {
    for (const text of [renderThreadNote(holding(held), { kind: 'extended', actorId: 'U0CAROL' }), renderThreadNote(holding(held), { kind: 'allow_active', others: [] })]) {
      expect(text).toContain(`:warning: Defender holds indicator \`${indicatorRecord.defenderId}\` until ${shown}`);
      expect(text).toMatch(new RegExp(`not <!date\\^${END.getTime() / 1000}\\^[^>]+> as approved`));
    }
  });

  test('an allow riding on someone else\'s indicator that ends sooner says when it really ends', () => {
    const sooner = new Date(END.getTime() - 86_400_000);
    const view: RequestView = { ...activeView(), indicator: { ...indicatorRecord, reusedExisting: true, expiresAt: sooner } };
    const text = renderThreadNote(view, { kind: 'allow_active', others: [] });
    expect(text).toContain(`:warning: That indicator ends ${date(sooner)}`);
    expect(text).toContain('Unblock does not rewrite an indicator it did not create');
    expect(renderThreadNote({ ...view, indicator: { ...view.indicator!, expiresAt: null } }, { kind: 'allow_active', others: [] })).not.toContain(':warning:');
  });

  test('a new indicator answering an extension names the one that was gone', () => {
    expect(renderThreadNote(holding(END), { kind: 'extended', actorId: 'U0CAROL', previousDefenderId: '41' })).toContain('Defender no longer had indicator `41`');
  });
});

describe('renderThreadNote: alerts and endings', () => {
  test('a refusal retrying cannot fix alerts every approver with the reason and when it is tried again', () => {
    const text = renderThreadNote(approvedView(), { kind: 'activation_refused', error: 'Defender rejected the request (HTTP 400): "limit reached"', retryInMs: 3_600_000 });
    expect(text).toMatch(/^:rotating_light: <@U0BOB> Defender refused the allow indicator/);
    expect(text).toContain('"limit reached"');
    expect(text).toContain('within 1 hour');
  });

  test('a refused delete at the end alerts the approvers and says the allow stays in force', () => {
    const text = renderThreadNote(activeView(), { kind: 'removal_refused', defenderId: '77', error: 'Defender refused the request (HTTP 403)' });
    expect(text).toContain('<@U0BOB> the allow has ended, but Defender refused to delete indicator `77`');
    expect(text).toContain('stays in force');
  });

  test('drift found at the end says the indicator is being deleted; drift found before says Defender is left alone', () => {
    const drift = [{ kind: 'expiry_changed', id: '9', expected: END.toISOString(), actual: null }] as const;
    expect(renderThreadNote(activeView(), { kind: 'drift', drift, endingAllow: true })).toContain('Unblock deletes the indicator now');
    expect(renderThreadNote(activeView(), { kind: 'drift', drift })).toContain('Unblock has not changed Defender');
  });

  test('a scope someone changed in Defender is named as drift', () => {
    const drift = [{ kind: 'scope_changed', id: '9', expected: ['Sales'], actual: [] }] as const;
    expect(renderThreadNote(activeView(), { kind: 'drift', drift })).toContain('indicator `9` now applies to ALL devices instead of device group `Sales`');
  });

  test('a scope narrowed below what was approved (the owner of a reused indicator narrowed it): the approvers hear those devices are blocked again', () => {
    const view = { ...activeView(), decision: approval({ rbacGroupNames: ['Sales'] }) };
    const drift = [{ kind: 'scope_changed', id: '9', expected: [], actual: ['HR'] }] as const;
    expect(renderThreadNote(view, { kind: 'drift', drift })).toContain(
      "\n<@U0BOB> It no longer reaches every approved device (approved: device group `Sales`; it now applies to device group `HR`): the devices outside it are blocked again.",
    );
    // Widened beyond the approved groups: drift, but nobody lost access.
    expect(renderThreadNote(view, { kind: 'drift', drift: [{ kind: 'scope_changed', id: '9', expected: ['Sales'], actual: [] }] })).not.toContain('blocked again');
  });

  test('an indicator someone turned into a Block is left, and both revoke and expiry say so', () => {
    expect(renderThreadNote(activeView(), { kind: 'revoked', actorId: 'U0ALICE', removed: [], keptChanged: ['98765'] })).toBe(
      ':no_entry: Revoked by <@U0ALICE>. Indicator `98765` is no longer an allow (someone changed it in Defender), so I left it as it is.',
    );
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'kept_changed' })).toContain('Indicator `98765` is no longer an allow');
  });

  test('a failed activation names the indicator a lost attempt had created and that it is gone now', () => {
    expect(renderThreadNote(approvedView(), { kind: 'activation_abandoned', removed: ['1001'] })).toContain('An attempt had in fact created `1001` (its answer was lost); I deleted it');
    expect(renderThreadNote(approvedView(), { kind: 'activation_abandoned' })).toContain('Nothing is allowed now.');
  });

  test('revoke and expiry state how long devices take to drop the allow, when Defender no longer holds it', () => {
    const delay = 'Devices usually stop allowing it within 2 hours (up to 48 hours).';
    expect(renderThreadNote(activeView(), { kind: 'revoked', actorId: 'U0ALICE', removed: ['98765'] })).toBe(
      `:no_entry: Revoked by <@U0ALICE>. Deleted the Defender allow indicator \`98765\`. ${delay}`,
    );
    expect(renderThreadNote(approvedView(), { kind: 'revoked', actorId: 'U0ALICE', removed: [] })).toBe(':no_entry: Revoked by <@U0ALICE>. It was not active yet, so nothing was allowed.');
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'removed_by_defender' })).toBe(
      `:checkered_flag: The allow for \`logistics.contoso.com\` has expired. Defender removed indicator \`98765\` at its expiry. ${delay}`,
    );
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'deleted_later_expiry' })).toContain(delay);
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'kept_not_ours' })).not.toContain(delay);
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'kept_changed' })).not.toContain(delay);
  });

  test.each<[string, ThreadNote, string]>([
    ['revoke', { kind: 'revoked', actorId: 'U0ALICE', removed: ['dryrun-1'] }, ':no_entry: Revoked by <@U0ALICE>. The dry-run allow ended: Unblock dropped its would-be indicator `dryrun-1`, which Defender never held, so nothing changes on devices.'],
    ['revoke before it was recorded', { kind: 'revoked', actorId: 'U0ALICE', removed: [] }, ':no_entry: Revoked by <@U0ALICE>. It was not active yet, so nothing was allowed.'],
    ['expiry', { kind: 'expired', how: 'removed_by_defender' }, ':checkered_flag: The dry-run allow for `logistics.contoso.com` has ended, and with it its would-be indicator `dryrun-1`. Defender never held it, so nothing changes on devices.'],
    ['expiry past the grace', { kind: 'expired', how: 'deleted_after_grace' }, ':checkered_flag: The dry-run allow for `logistics.contoso.com` has ended, and with it its would-be indicator `dryrun-1`. Defender never held it, so nothing changes on devices.'],
  ])('a dry run’s %s never claims a deletion from Defender nor devices dropping an allow they never had', (_case, note, text) => {
    const view = note.kind === 'revoked' && note.removed.length === 0 ? approvedView() : activeView();
    const dry = { ...view, request: { ...view.request, dryRun: true }, indicator: view.indicator && { ...view.indicator, defenderId: 'dryrun-1' } };
    expect(renderThreadNote(dry, note)).toBe(text);
  });

  test('an expiry that also removed unrecorded indicators names them', () => {
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'removed_by_defender', alsoRemoved: ['1001'] })).toContain(
      'I also deleted `1001`, which Unblock had written for this request without recording it.',
    );
  });
});

describe('renderThreadNote: an indicator Defender left behind after the configured grace', () => {
  test('the default EXPIRY_GRACE (PT15M) reads as today', () => {
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'deleted_after_grace' })).toBe(
      ':checkered_flag: The allow for `logistics.contoso.com` has expired. Defender had not removed indicator `98765` 15 minutes after its expiry, so I deleted it. Devices usually stop allowing it within 2 hours (up to 48 hours).',
    );
  });

  test.each<[string, number, string]>([
    ['PT15M', 15 * 60_000, '15 minutes'],
    ['PT30M', 30 * 60_000, '30 minutes'],
    ['PT1H', 60 * 60_000, '1 hour'],
    ['PT90S', 90_000, '90 seconds'],
  ])('EXPIRY_GRACE %s is named as %j', (_iso, expiryGraceMs, words) => {
    expect(renderThreadNote(activeView(), { kind: 'expired', how: 'deleted_after_grace' }, { ...DEFAULT_THREAD_NOTE_OPTIONS, expiryGraceMs })).toContain(
      `Defender had not removed indicator \`98765\` ${words} after its expiry, so I deleted it.`,
    );
  });
});

describe('device-group scope in thread notes', () => {
  test('an active allow names the groups it applies to', () => {
    const view = { ...activeView(), indicator: { ...activeView().indicator!, rbacGroupNames: ['Finance-Laptops', 'Sales'] } };
    expect(renderThreadNote(view, { kind: 'allow_active', others: [] })).toContain(', allowed until <!date^');
    expect(renderThreadNote(view, { kind: 'allow_active', others: [] })).toMatch(/ on device groups `Finance-Laptops`, `Sales`\.\n/);
    const everywhere = { ...activeView(), indicator: { ...activeView().indicator!, rbacGroupNames: [] } };
    expect(renderThreadNote(everywhere, { kind: 'allow_active', others: [] })).toMatch(/ on ALL devices\.\n/);
  });

  test('someone else’s Allowed indicator for other groups: not rewritten, not relied on, owner named', () => {
    const view = { ...activeView(), indicator: null, decision: approval({ rbacGroupNames: ['Sales'] }) };
    const theirs = { id: '4242', type: 'DomainName', value: 'logistics.contoso.com', action: 'Allowed', expiresAt: null, rbacGroupNames: ['HR'], createdBy: 'dana@contoso.com' };
    expect(renderThreadNote(view, { kind: 'scope_conflict', indicator: theirs, retryInMs: 3_600_000 })).toBe(
      ':rotating_light: <@U0BOB> Defender already holds an Allowed indicator `4242` for `logistics.contoso.com`, not made by Unblock, that applies to device group `HR`, not to the approved device group `Sales`. ' +
        'Defender keeps one Allowed indicator per value, so creating ours would rewrite that one\'s device groups: I will not, and I will not rely on it either.\n' +
        'The request stays approved but *not active*; nothing new is allowed. Ask the indicator\'s owner (dana@contoso.com) to widen or remove it; ' +
        'I look again every 1 hour (until <!date^1795255200^{date_short_pretty} {time}|2026-11-21T10:00:00.000Z>).',
    );
  });
});

describe('the proposed scope widened by a later report', () => {
  test.each([
    [
      { added: ['Finance-Laptops'], newlyUngrouped: false },
      ":arrow_upper_right: Scope widened after <@U0CAROL>'s report: Defender also blocked devices in device group `Finance-Laptops`, added to the proposal. The message shows the new proposal. Approvals already given count only for the device groups they were given for.",
    ],
    [
      { added: [], newlyUngrouped: true },
      ":arrow_upper_right: Scope widened after <@U0CAROL>'s report: a blocked device is in no device group, so the allow would now apply to ALL devices. The message shows the new proposal. Approvals already given count only for the device groups they were given for.",
    ],
  ])('%j', (change, text) => {
    expect(renderThreadNote(approvedView(), { kind: 'scope_widened', reporterId: 'U0CAROL', ...change })).toBe(text);
  });
});

describe('after activation, a report from devices the allow does not reach', () => {
  test('names the groups, and says the allow is not widened by itself', () => {
    const view = { ...activeView(), decision: approval({ rbacGroupNames: ['Sales'] }) };
    expect(renderThreadNote(view, { kind: 'scope_not_covered', groups: ['Finance-Laptops'], ungrouped: true, reporterId: 'U0CAROL' })).toBe(
      ':warning: <@U0BOB> <@U0CAROL> reported `logistics.contoso.com` as still blocked, and Defender blocked devices this allow does not reach: ' +
        'device group `Finance-Laptops` and devices in no device group (the allow applies to device group `Sales`). ' +
        'Unblock does not widen an active allow by itself: to cover them, revoke this allow and approve a new report of the host for the wider scope.',
    );
  });
});

describe('a later report that hunting could not check', () => {
  test('the approvers are told whose device is unknown, why, and what the allow reaches; Defender’s reason escaped', () => {
    const view = { ...activeView(), decision: approval({ rbacGroupNames: ['Sales'] }) };
    expect(renderThreadNote(view, { kind: 'scope_unchecked', reporterId: 'U0CAROL', error: 'Graph <throttled>' })).toBe(
      ':warning: <@U0BOB> <@U0CAROL> reported `logistics.contoso.com` too, but Defender could not be searched (Graph &lt;throttled&gt;), ' +
        'so Unblock cannot tell whether their device is in a device group this allow reaches (device group `Sales`). ' +
        "Check their device's group in the Defender portal (Assets → Devices) before counting on this allow for them.",
    );
  });
});
