import { describe, expect, test } from 'vitest';
import { blockEvent, evidence, policy } from '../../../../test/builders/request-view-fixtures.ts';
import { diagnoseBlock } from '../../../domain/evidence/block-diagnosis.ts';
import { approvalRule } from '../../../domain/request/approval-rule.ts';
import { causeField, NOT_BLOCKED_CHECKLIST, remedyText, requesterCauseText } from './block-cause-text.ts';

const DAY_MS = 86_400_000;
const blockedBy = (category: string, options: { allowC2Override?: boolean; audit?: boolean } = {}) => {
  const record = evidence('found', [blockEvent({ category, kind: options.audit ? 'network_protection_audit' : 'network_protection_block' })]);
  return { diagnosis: diagnoseBlock(record), rule: approvalRule(record, { allowC2Override: options.allowC2Override ?? false }) };
};
const remedy = (category: string, options: { allowC2Override?: boolean; audit?: boolean; pending?: boolean } = {}) => {
  const { diagnosis, rule } = blockedBy(category, options);
  return remedyText(diagnosis, rule, { pending: options.pending ?? true, threatMaxMs: DAY_MS });
};

describe('causeField: why Defender blocked it, in plain words with its own value', () => {
  test.each([
    ['CustomBlockList', "*Why Defender blocked it*\nYour organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×1)"],
    ['CustomPolicy', '*Why Defender blocked it*\nWeb content filtering (`CustomPolicy` ×1)'],
    ['Gambling', '*Why Defender blocked it*\nWeb content filtering (`Gambling` ×1)'],
    ['CasbPolicy', '*Why Defender blocked it*\nDefender for Cloud Apps (unsanctioned app) (`CasbPolicy` ×1)'],
    ['phishing', "*Why Defender blocked it*\nMicrosoft's threat intelligence (`phishing` ×1)"],
    ['COCO', '*Why Defender blocked it*\nCommand-and-control traffic (possible compromise) (`COCO` ×1)'],
    ['New<!here>&', '*Why Defender blocked it*\nA reason Unblock does not recognise (`New&lt;!here&gt;&amp;` ×1): treated as a threat verdict'],
  ])('%s', (category, expected) => {
    expect(causeField(blockedBy(category).diagnosis)).toBe(expected);
  });

  test('a verdict seen in audit mode next to enforced blocks is marked as audit mode', () => {
    const record = evidence('found', [
      blockEvent({ category: 'C2', kind: 'network_protection_audit' }),
      blockEvent({ category: 'CustomBlockList' }),
      blockEvent({ category: 'CustomBlockList', kind: 'network_protection_audit' }),
    ]);
    expect(causeField(diagnoseBlock(record))).toBe(
      '*Why Defender blocked it*\n' +
        'Command-and-control traffic (possible compromise) (`C2` ×1, audit mode: not enforced)\n' +
        "Your organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×2, 1 in audit mode)",
    );
  });

  test('no evidence, no events, audit mode', () => {
    expect(causeField({ kind: 'unavailable' })).toBe('*Why Defender blocked it*\nUnknown: no evidence');
    expect(causeField(diagnoseBlock(evidence('none')))).toBe('*Why Defender blocked it*\nIt did not: no block events');
    expect(causeField(blockedBy('CustomBlockList', { audit: true }).diagnosis)).toBe(
      "*Why Defender would have blocked it (audit mode)*\nYour organisation's own block list (a Block or Warn indicator) (`CustomBlockList` ×1)",
    );
  });
});

describe('remedyText: the recommended fix for approvers', () => {
  test('the organisation block list: whose decision is overridden', () => {
    expect(remedy('CustomBlockList')).toBe(
      ':no_entry: *Recommended fix:* someone in your organisation blocked this on purpose with a Block or Warn indicator. ' +
        'An allow *overrides* that decision (Allow beats Warn and Block), so check with whoever made it; ' +
        'if the block is no longer wanted, the lasting fix is to change or remove that indicator.',
    );
  });

  test('web content filtering: an allow works; dispute the category for a lasting fix', () => {
    expect(remedy('CustomPolicy')).toBe(
      ':file_folder: *Recommended fix:* web content filtering blocked the category this site is in. ' +
        'An allow works (indicators take precedence over web content filtering). For a lasting fix, dispute the category ' +
        'in the Defender portal (Reports → Web protection → Web content filtering details → Domains → Dispute category) or change the policy.',
    );
  });

  test('Cloud Apps: the lasting fix is there; the next sync may conflict', () => {
    expect(remedy('CasbPolicy')).toBe(
      ':cloud: *Recommended fix:* Defender for Cloud Apps marked this app unsanctioned; the lasting fix is in Cloud Apps ' +
        '(mark the app sanctioned or monitored). An allow works now, but the next Cloud Apps sync of its indicators may conflict with it.',
    );
  });

  test('a threat verdict while pending: two approvers, the short maximum, the false-positive route', () => {
    expect(remedy('TechScam')).toBe(
      ":rotating_light: *Defender's threat intelligence flagged this target.* An allow overrides Microsoft's verdict, so it needs " +
        '*two different approvers* (one approval alone allows nothing) and lasts *1 day at most*. ' +
        'If you believe it is a false positive, submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.',
    );
  });

  test('a threat verdict once decided: no word on approvers', () => {
    expect(remedy('Malicious', { pending: false })).toBe(
      ":rotating_light: *Defender's threat intelligence flagged this target.* An allow overrides Microsoft's verdict. " +
        'If you believe it is a false positive, submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.',
    );
  });

  test('an unrecognised reason: handled like a threat verdict, and says so', () => {
    expect(remedy('SomethingNew')).toMatch(/^:rotating_light: \*Defender gave a reason Unblock does not recognise\*, so it is handled like a threat verdict\. /);
  });

  test('command and control: a possible incident; Approve is not offered unless overridden', () => {
    const incident =
      ':sos: *Possible compromise:* Defender saw *command-and-control* traffic to this target. Treat it as a security incident: ' +
      'investigate the devices listed in the thread rather than allowing it.';
    expect(remedy('C2')).toBe(`${incident} *Approve is not offered* (set ALLOW_C2_OVERRIDE=true to allow such targets with two approvers).`);
    expect(remedy('CmdCtrl', { allowC2Override: true })).toBe(
      `${incident} ALLOW_C2_OVERRIDE is on, so an allow is possible, with *two different approvers*, for *1 day at most*.`,
    );
    expect(remedy('C2', { pending: false })).toBe(incident);
  });

  test('no block in the lookback: the checklist (proxy, firewall, audit mode, propagation, QUIC/ECH)', () => {
    const none = diagnoseBlock(evidence('none'));
    expect(remedyText(none, approvalRule(evidence('none'), policy), { pending: true, threatMaxMs: DAY_MS })).toBe(`:mag: *Recommended fix:* ${NOT_BLOCKED_CHECKLIST}`);
    for (const item of ['proxy', 'firewall', 'audit mode', '48 hours', 'QUIC', 'Encrypted Client Hello']) expect(NOT_BLOCKED_CHECKLIST).toContain(item);
  });

  test('audit mode only, with a threat verdict: the checklist, and the verdict still needs two approvers', () => {
    expect(remedy('Phishing', { audit: true })).toBe(
      `:mag: *Recommended fix:* ${NOT_BLOCKED_CHECKLIST}\n` +
        ":rotating_light: *Defender's threat intelligence flagged this target.* An allow overrides Microsoft's verdict, so it needs " +
        '*two different approvers* (one approval alone allows nothing) and lasts *1 day at most*. ' +
        'If you believe it is a false positive, submit it to Microsoft in the Defender portal (Actions & submissions → Submissions → URLs) instead of allowing it.',
    );
  });

  test('Defender could not be searched: treated like a threat verdict, and the approvers are told why', () => {
    expect(remedyText({ kind: 'unavailable' }, approvalRule(null, policy), { pending: true, threatMaxMs: DAY_MS })).toBe(
      ':grey_question: *Defender could not be searched, so Unblock cannot tell why it was blocked:* treated like a threat verdict — *two different approvers*, at most *1 day*.',
    );
    expect(remedyText({ kind: 'unavailable' }, approvalRule(null, policy), { pending: false, threatMaxMs: DAY_MS })).toBe(
      ':grey_question: *Defender could not be searched, so Unblock could not tell why it was blocked:* it was treated like a threat verdict.',
    );
  });
});

describe("requesterCauseText: the cause in the requester's first reply", () => {
  test.each([
    ['CustomBlockList', " It is on your organisation's own block list, so the security team will check with whoever blocked it."],
    ['CustomPolicy', ' Web content filtering blocks its category.'],
    ['CasbPolicy', ' Defender for Cloud Apps marks it as an unsanctioned app.'],
    ['Phishing', " Microsoft's threat intelligence flagged it, so two approvers must agree and any allow will be short."],
    [
      'C2',
      ' :rotating_light: Defender saw traffic to it that looks like *command and control* (malware talking to its server), so it was sent to the security team as a *possible security incident*. ' +
        'They will contact you about your device; please do not try to get around the block.',
    ],
  ])('%s', (category, expected) => {
    const { diagnosis, rule } = blockedBy(category);
    expect(requesterCauseText(diagnosis, rule)).toBe(expected);
  });

  test('an unknown category is named (escaped), never called a Microsoft verdict', () => {
    const { diagnosis, rule } = blockedBy('BrandNew<!here>');
    expect(requesterCauseText(diagnosis, rule)).toBe(
      ' Defender gave a reason Unblock does not recognise (`BrandNew&lt;!here&gt;`); treated as a threat verdict, so two approvers must agree and any allow will be short.',
    );
  });

  test('an empty category: no reason given, the same words as the approvers see', () => {
    const { diagnosis, rule } = blockedBy('');
    expect(requesterCauseText(diagnosis, rule)).toBe(' Defender gave no reason for the block; treated as a threat verdict, so two approvers must agree and any allow will be short.');
    expect(causeField(diagnosis)).toBe('*Why Defender blocked it*\nNo reason given (×1): treated as a threat verdict');
    expect(remedyText(diagnosis, rule, { pending: true, threatMaxMs: DAY_MS })).toMatch(/^:rotating_light: \*Defender gave no reason for this block\*, so it is handled like a threat verdict\./);
  });

  test('nothing to add when Defender blocked nobody', () => {
    expect(requesterCauseText(diagnoseBlock(evidence('none')), approvalRule(evidence('none'), policy))).toBe('');
  });

  test('Defender could not be searched: two approvers and a short allow, and why', () => {
    expect(requesterCauseText({ kind: 'unavailable' }, approvalRule(null, policy))).toBe(
      ' Defender could not be searched, so Unblock cannot tell why it was blocked: two approvers must agree and any allow will be short.',
    );
  });
});
