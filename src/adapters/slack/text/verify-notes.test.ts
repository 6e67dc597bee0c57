import { describe, expect, test } from 'vitest';
import type { VerifyResult } from '../../../app/ports/notifier.ts';
import { activeView, HOSTILE_SHOWN, HOSTILE_TEXT, indicatorRecord, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { renderRequesterNote } from './requester-notes.ts';
import { renderThreadNote } from './thread-notes.ts';
import { STILL_BLOCKED_CHECKLIST } from './verify-notes.ts';

const SINCE = indicatorRecord.recordedAt;
const CHECKED = new Date('2026-11-20T12:00:03Z');
const AGAIN = new Date('2026-11-21T10:00:03Z');
const result = (overrides: Partial<VerifyResult> = {}): VerifyResult => ({ since: SINCE, sinceWhat: 'allow', checkedAt: CHECKED, blockedDevices: 0, outsideScopeDevices: 0, capped: false, nextCheckAt: null, ...overrides });
const thread = (r: VerifyResult) => renderThreadNote(activeView(), { kind: 'verified', result: r });
const dm = (r: VerifyResult) => renderRequesterNote(activeView(), { kind: 'verified', result: r });

describe('the check after activation, in the thread', () => {
  test('no block events since the allow', () => {
    expect(thread(result())).toBe(`:white_check_mark: Did the allow work? \`logistics.contoso.com\`: no block events since the allow (checked ${shownDate(CHECKED)}).`);
  });

  test('still blocked, checked again later: propagation, the checklist, and when', () => {
    expect(thread(result({ blockedDevices: 3, outsideScopeDevices: 0, nextCheckAt: AGAIN }))).toBe(
      `:warning: Did the allow work? \`logistics.contoso.com\` is still blocked on 3 devices since the allow (checked ${shownDate(CHECKED)}). ` +
        `Propagation can take up to 48 hours. If it persists, check ${STILL_BLOCKED_CHECKLIST} I check again ${shownDate(AGAIN)}.`,
    );
  });

  test('still blocked at the last check, on one device: the approvers are mentioned', () => {
    expect(thread(result({ blockedDevices: 1 }))).toBe(
      `:warning: <@U0BOB> Did the allow work? \`logistics.contoso.com\` is still blocked on 1 device since the allow (checked ${shownDate(CHECKED)}). ` +
        `Propagation can take up to 48 hours. If it persists, check ${STILL_BLOCKED_CHECKLIST} That was the last automatic check.`,
    );
  });

  test('the second check counts from the first', () => {
    const first = new Date('2026-11-20T12:00:03Z');
    expect(thread(result({ since: first, sinceWhat: 'first_check', checkedAt: AGAIN }))).toBe(
      `:white_check_mark: Did the allow work? \`logistics.contoso.com\`: no block events since the first check (${shownDate(first)}; checked ${shownDate(AGAIN)}).`,
    );
    expect(dm(result({ since: first, sinceWhat: 'first_check', checkedAt: AGAIN, blockedDevices: 1 }))).toContain(
      `still blocked on 1 device since the first check (${shownDate(first)}; checked ${shownDate(AGAIN)}).`,
    );
  });

  test('a hunt that hit the row cap says "at least"', () => {
    expect(thread(result({ blockedDevices: 500, outsideScopeDevices: 0, capped: true }))).toContain('still blocked on at least 500 devices since the allow');
  });

  test('the checklist names what Defender documents (passive mode, Edge for URLs, Application Guard, the portal)', () => {
    expect(STILL_BLOCKED_CHECKLIST).toBe(
      'that those devices are online and receiving Defender updates; whether Microsoft Defender Antivirus runs in passive mode on them ' +
        '(indicators do not apply then); for a URL allow, whether they use Microsoft Edge; Application Guard sessions of Edge (indicators do not apply there); ' +
        'and the indicator itself in the Defender portal (Settings → Endpoints → Indicators).',
    );
  });

  test('the host is escaped', () => {
    const view = activeView();
    const hostile = { ...view, request: { ...view.request, target: { type: 'DomainName' as const, value: HOSTILE_TEXT } } };
    expect(renderThreadNote(hostile, { kind: 'verified', result: result() })).toContain(`\`${HOSTILE_SHOWN}\``);
  });
});

describe('the check after activation, in every reporter’s DM', () => {
  test('no block events since the allow', () => {
    expect(dm(result())).toBe(
      `:white_check_mark: Request #42 for \`logistics.contoso.com\`: no block events since the allow (checked ${shownDate(CHECKED)}). ` +
        'If it still fails for you, something other than a Defender block is in the way (a proxy or firewall, say): tell the security team.',
    );
  });

  test('still blocked, checked again later', () => {
    expect(dm(result({ blockedDevices: 2, outsideScopeDevices: 0, nextCheckAt: AGAIN }))).toBe(
      `:hourglass_flowing_sand: Request #42 for \`logistics.contoso.com\`: still blocked on 2 devices since the allow (checked ${shownDate(CHECKED)}). ` +
        `Propagation can take up to 48 hours. I check again ${shownDate(AGAIN)} and tell you.`,
    );
  });

  test('still blocked at the last check', () => {
    expect(dm(result({ blockedDevices: 2 }))).toBe(
      `:hourglass_flowing_sand: Request #42 for \`logistics.contoso.com\`: still blocked on 2 devices since the allow (checked ${shownDate(CHECKED)}). ` +
        'Propagation can take up to 48 hours. If it persists, tell the security team (request #42); they have the details in the thread.',
    );
  });
});

describe('the check after activation of a dry run: nothing was allowed, said first, and no other cause suggested', () => {
  const dryView = () => {
    const view = activeView();
    return { ...view, request: { ...view.request, dryRun: true }, indicator: { ...indicatorRecord, defenderId: 'dryrun-1' } };
  };
  const dryThread = (r: VerifyResult) => renderThreadNote(dryView(), { kind: 'verified', result: r });
  const dryDm = (r: VerifyResult) => renderRequesterNote(dryView(), { kind: 'verified', result: r });
  const SINCE_APPROVAL = `since the dry-run approval (checked ${shownDate(CHECKED)})`;

  test('no block events: the thread says Defender still blocks it, and what the hunt saw', () => {
    expect(dryThread(result())).toBe(
      `:test_tube: Dry run: nothing was allowed in Defender, so it still blocks \`logistics.contoso.com\`. The check after activation found no block events ${SINCE_APPROVAL}.`,
    );
  });

  test('no block events: the DM says the portal is still blocked, never that something else is in the way', () => {
    const text = dryDm(result());
    expect(text).toBe(
      ':test_tube: Request #42 for `logistics.contoso.com` was approved in a *dry run*: nothing was allowed in Defender, so Defender still blocks the portal. ' +
        `No block was seen ${SINCE_APPROVAL}, but that does not mean the portal is reachable. Ask the security team if you need it now.`,
    );
    expect(text).not.toContain('proxy');
  });

  test('still blocked: expected, with no propagation delay, checklist or alert to the approvers', () => {
    expect(dryThread(result({ blockedDevices: 2, nextCheckAt: AGAIN }))).toBe(
      `:test_tube: Dry run: nothing was allowed in Defender, so it still blocks \`logistics.contoso.com\`. The check after activation found blocks on 2 devices ${SINCE_APPROVAL}, as expected. I check again ${shownDate(AGAIN)}.`,
    );
    expect(dryThread(result({ blockedDevices: 1 }))).not.toContain('<@U0BOB>');
    expect(dryDm(result({ blockedDevices: 2, nextCheckAt: AGAIN }))).toBe(
      ':test_tube: Request #42 for `logistics.contoso.com` was approved in a *dry run*: nothing was allowed in Defender, so Defender still blocks the portal. ' +
        `Defender blocked it on 2 devices ${SINCE_APPROVAL}. Ask the security team if you need it now.`,
    );
  });

  test('the second check counts from the first', () => {
    expect(dryDm(result({ since: CHECKED, sinceWhat: 'first_check', checkedAt: AGAIN }))).toContain(`No block was seen since the first check (${shownDate(CHECKED)}; checked ${shownDate(AGAIN)})`);
  });
});

describe('the check after activation of an allow scoped to device groups', () => {
  const scoped = () => {
    const view = activeView();
    return { ...view, decision: { ...view.decision!, rbacGroupNames: ['Finance-Laptops', 'Sales'] }, indicator: { ...view.indicator!, rbacGroupNames: ['Finance-Laptops', 'Sales'] } };
  };

  test('clean on the devices it reaches; blocks outside its groups are said apart, as approved, never as a failure', () => {
    expect(renderThreadNote(scoped(), { kind: 'verified', result: result({ outsideScopeDevices: 2 }) })).toBe(
      `:white_check_mark: Did the allow work? \`logistics.contoso.com\`: no block events since the allow (checked ${shownDate(CHECKED)}) on the devices it reaches. ` +
        "Also blocked: 2 devices outside the allow's device groups `Finance-Laptops`, `Sales`, as approved (the allow was not given for them; a report from one of them asks the approvers to widen it).",
    );
  });

  test('an allow on every device never speaks of groups', () => {
    expect(thread(result({ outsideScopeDevices: 0 }))).not.toContain('device group');
  });

  test('the DM of a clean check with blocks outside the groups never blames a proxy: those devices are still blocked, as approved', () => {
    expect(renderRequesterNote(scoped(), { kind: 'verified', result: result({ outsideScopeDevices: 1 }) })).toBe(
      `:white_check_mark: Request #42 for \`logistics.contoso.com\`: no block events since the allow (checked ${shownDate(CHECKED)}) on the devices the allow reaches. ` +
        "Defender still blocks 1 device outside the allow's device groups, as approved: if yours is one of them, that is why; the approvers have the details.",
    );
  });
});
