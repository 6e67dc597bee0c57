import { describe, expect, test } from 'vitest';
import { allText, aView, blockEvent, blocksOfType, policy, evidence, REPORTED_AT, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import type { Approval } from '../../../domain/request/request.ts';
import { renderApprovalMessage } from '../blocks/approval-message.ts';
import { decisionRefusalText } from './decision-replies.ts';
import { renderRequesterNote } from './requester-notes.ts';
import { DEFAULT_THREAD_NOTE_OPTIONS, renderThreadNote } from './thread-notes.ts';

const DAY = 86_400_000;
const CLOSES = new Date(REPORTED_AT.getTime() + 3 * DAY);
const CLOSED = new Date(CLOSES.getTime() + 40_000);
const GROUP = { ...DEFAULT_THREAD_NOTE_OPTIONS, approvers: { userIds: ['U0BOB'], usergroupId: 'S0APPROVERS' } };
const IDS = { ...DEFAULT_THREAD_NOTE_OPTIONS, approvers: { userIds: ['U0BOB', 'U0CAROL'], usergroupId: undefined } };
const phishing = () => evidence('found', [blockEvent({ category: 'Phishing' })]);
const c2 = () => evidence('found', [blockEvent({ category: 'C2' })]);
/** Command-and-control seen in audit mode only (defender-api.md §8: IsAudit rows blocked nobody, but the verdict stands). */
const auditC2 = () => evidence('found', [blockEvent({ category: 'C2', kind: 'network_protection_audit' })]);
const firstApproval: Approval = { approverId: 'U0BOB', at: REPORTED_AT, duration: 'P1D', indicatorType: null, rbacGroupNames: [] };
const expiredView = (overrides: Parameters<typeof aView>[0] = {}) =>
  aView({ ...overrides, request: { status: 'expired', closedAt: CLOSED, closedBy: 'system:reconciler', ...overrides.request } });

describe('the escalation of an undecided request', () => {
  const escalated = { kind: 'escalated', required: 1, closesAt: CLOSES } as const;

  test('mentions the approver user group when one is configured', () => {
    expect(renderThreadNote(aView(), escalated, GROUP)).toBe(
      `:bell: <!subteam^S0APPROVERS> request #42 for \`logistics.contoso.com\`, reported by <@U0ALICE> ${shownDate(REPORTED_AT)}, is still waiting for a decision. One approver can decide it.\n` +
        `Approve or deny it on the request message. If nobody decides, it closes undecided ${shownDate(CLOSES)} and the requester has to ask again.`,
    );
  });

  test('mentions every approver id when no group is configured', () => {
    expect(renderThreadNote(aView(), escalated, IDS)).toMatch(/^:bell: <@U0BOB> <@U0CAROL> request #42 for/);
  });

  test('with one approval of two, says a second, different approver is needed', () => {
    const view = aView({ evidence: phishing(), approvals: [firstApproval] });
    expect(renderThreadNote(view, { ...escalated, required: 2 }, GROUP)).toContain(
      'is still waiting for a decision. *1 of 2 approvals:* <@U0BOB> approved for 1 day; a second, different approver must approve too.\n',
    );
  });

  test('with no approval of two, says two different approvers are needed; counts the reporters', () => {
    const reporters = ['U0ALICE', 'U0DAN', 'U0ERIN'].map((userId) => ({ userId, reason: 'x', reportedAt: REPORTED_AT }));
    const view = aView({ evidence: phishing(), reporters });
    expect(renderThreadNote(view, { ...escalated, required: 2 }, GROUP)).toContain(
      `reported by <@U0ALICE> ${shownDate(REPORTED_AT)} (3 reporters), is still waiting for a decision. It needs *2 different approvers* other than the requester (Defender's threat intelligence flagged it).\n`,
    );
  });

  test.each([
    ['command and control', c2],
    ['command and control seen in audit mode only', auditC2],
  ])('%s without ALLOW_C2_OVERRIDE: a possible compromise for the security team, not a request waiting for approvals', (_case, found) => {
    const view = aView({ evidence: found() });
    expect(renderThreadNote(view, { ...escalated, required: 2 }, GROUP)).toBe(
      `:bell: <!subteam^S0APPROVERS> request #42 for \`logistics.contoso.com\`, reported by <@U0ALICE> ${shownDate(REPORTED_AT)}, is still open: ` +
        'Defender saw *command-and-control* traffic to it, a *possible compromise*, so Approve is not offered. ' +
        'Investigate the devices in this thread as a security incident, and deny it on the request message.\n' +
        `If nobody denies it, it closes undecided ${shownDate(CLOSES)}; the requester is told the security team has it as a possible incident.`,
    );
  });

  test('command and control with ALLOW_C2_OVERRIDE: two approvers, and why', () => {
    const view = aView({ evidence: c2() });
    const text = renderThreadNote(view, { ...escalated, required: 2 }, { ...GROUP, allowC2Override: true });
    expect(text).toContain('It needs *2 different approvers* other than the requester (Defender saw command-and-control traffic: a possible compromise).\nApprove or deny it');
  });

  test('after one approval of two, the approver who approved is not asked again', () => {
    const view = aView({ evidence: phishing(), approvals: [firstApproval] });
    expect(renderThreadNote(view, { ...escalated, required: 2 }, IDS)).toMatch(/^:bell: <@U0CAROL> request #42 for/);
  });

  test('a requester who is one of only two approvers: not asked, and told honestly that nobody else can complete it', () => {
    const view = aView({ evidence: phishing(), request: { requesterId: 'U0BOB' }, reporters: [{ userId: 'U0BOB', reason: 'x', reportedAt: REPORTED_AT }] });
    const text = renderThreadNote(view, { ...escalated, required: 2 }, IDS);
    expect(text).toMatch(/^:bell: <@U0CAROL> request #42 for/);
    expect(text).toContain(
      'It needs *2 different approvers* other than the requester (Defender\'s threat intelligence flagged it). ' +
        'Only 1 of the configured approvers can still approve it (the requester cannot approve their own request), so it cannot be approved as things stand: add an approver (APPROVER_USER_IDS), or deny it.\n',
    );
  });

  test('an approver setting Slack would not read as an id never becomes markup', () => {
    const odd = { ...DEFAULT_THREAD_NOTE_OPTIONS, approvers: { userIds: ['<!channel>'], usergroupId: 'S0X>|<!here' } };
    expect(renderThreadNote(aView(), escalated, odd)).toMatch(/^:bell: &lt;!channel&gt; request #42/);
  });
});

describe('a request closed undecided after PENDING_TTL', () => {
  const note = { kind: 'expired_undecided', ttlMs: 3 * DAY } as const;

  test.each([
    [
      'one reporter',
      expiredView(),
      ':hourglass: Nobody decided request #42 within 3 days, so it is closed as *expired*; nothing was allowed. The requester was told how to ask again.',
    ],
    [
      'three reporters and one approval of two',
      expiredView({ evidence: phishing(), approvals: [firstApproval], reporters: ['U0ALICE', 'U0DAN', 'U0ERIN'].map((userId) => ({ userId, reason: 'x', reportedAt: REPORTED_AT })) }),
      ':hourglass: Nobody decided request #42 within 3 days, so it is closed as *expired*; nothing was allowed. Only 1 of the 2 approvals it needed was given. All 3 reporters were told how to ask again.',
    ],
  ])('thread note, %s', (_, view, text) => {
    expect(renderThreadNote(view, note)).toBe(text);
  });

  test('a possible compromise: the thread says the reporters were told the security team has it, not to ask again', () => {
    expect(renderThreadNote(expiredView({ evidence: c2() }), note)).toBe(
      ':hourglass: Nobody decided request #42 within 3 days, so it is closed as *expired*; nothing was allowed. ' +
        'The requester was told the security team has it as a possible incident (command-and-control traffic), not to ask again.',
    );
  });

  test.each([
    ['command and control', c2],
    ['command and control seen in audit mode only', auditC2],
  ])('%s: every reporter is told the security team has it as a possible incident, not to ask again', (_case, found) => {
    expect(renderRequesterNote(expiredView({ evidence: found() }), note)).toBe(
      ':rotating_light: Request #42 to reach `logistics.contoso.com` closed after 3 days without a decision, and nothing was allowed. ' +
        'Defender saw traffic to it that looks like *command and control* (malware talking to its server), so the security team has it as a *possible security incident*: ' +
        'they will contact you about your device. Please do not try to get around the block, and there is no need to report it again.',
    );
  });

  test('every reporter is told how to ask again', () => {
    expect(renderRequesterNote(expiredView(), note)).toBe(
      ':hourglass: Nobody on the security team decided request #42 to reach `logistics.contoso.com` within 3 days, so it was closed and nothing was allowed. ' +
        'If you still need it, ask again: run `/portal-blocked logistics.contoso.com &lt;what you need it for&gt;`, which opens a new request.',
    );
  });

  test('the approval message loses Approve and Deny and says it expired undecided', () => {
    const message = renderApprovalMessage(expiredView(), policy);
    expect(blocksOfType(message, 'actions')).toEqual([]);
    expect(allText(message)).toContain(
      `:hourglass: *Expired undecided* ${shownDate(CLOSED)}: nobody approved or denied it in time, so nothing was allowed. A new report of \`logistics.contoso.com\` opens a new request.`,
    );
    expect(allText(message)).not.toContain('Waiting for an approver');
  });

  test('the approval message of one approved once of twice names who approved', () => {
    expect(allText(renderApprovalMessage(expiredView({ evidence: phishing(), approvals: [firstApproval] }), policy))).toContain(
      'nobody approved or denied it in time (<@U0BOB> approved; more approvals were needed), so nothing was allowed.',
    );
  });

  test('a click that comes too late is told it expired undecided', () => {
    expect(decisionRefusalText({ code: 'already_decided', view: expiredView() })).toBe(
      `:information_source: Request #42 expired undecided ${shownDate(CLOSED)}, so it can no longer be approved or denied; a new report of the host opens a new request. Nothing was changed.`,
    );
  });
});
