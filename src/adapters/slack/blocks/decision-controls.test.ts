import { describe, expect, test } from 'vitest';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { proposedScopeValue } from '../../../domain/request/allow-scope.ts';
import type { Approval } from '../../../domain/request/request.ts';
import { ACTIONS, DECISION_BLOCK_ID } from '../action-ids.ts';
import { renderApprovalMessage } from './approval-message.ts';
import { decisionRefusalText } from '../text/decision-replies.ts';
import { activeView, allText, approval, aView, blockEvent, blocksOfType, policy, DECIDED_AT, evidence, HOSTILE_SHOWN, HOSTILE_TEXT, indicatorRecord, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { reportOutcomeText } from '../text/report-replies.ts';
import { renderRequesterNote } from '../text/requester-notes.ts';
import { renderThreadNote } from '../text/thread-notes.ts';

const URL = 'https://logistics.contoso.com/portal/login';
const flagged = () => evidence('found', [blockEvent({ category: 'Malicious' })]);
const approvalBy = (approverId: string, overrides: Partial<Approval> = {}): Approval => ({
  approverId,
  at: DECIDED_AT,
  duration: 'P1D',
  indicatorType: 'DomainName',
  rbacGroupNames: [],
  ...overrides,
});

/** The decision actions block's elements, by action id. */
const decisionElements = (view: RequestView) => {
  const [actions] = blocksOfType(renderApprovalMessage(view, policy), 'actions');
  expect(actions!.block_id).toBe(DECISION_BLOCK_ID);
  return actions!.elements as Array<{ action_id: string; options?: Array<{ text: { text: string }; value: string }>; initial_option?: { value: string } }>;
};

describe('the indicator kind select', () => {
  test.each<[string, Partial<RequestView['request']>, boolean]>([
    ['a bare host', { reportedTarget: 'logistics.contoso.com' }, false],
    ['a URL without a path', { reportedTarget: 'https://logistics.contoso.com/' }, false],
    ['a URL with only a query', { reportedTarget: 'https://logistics.contoso.com/?tab=2' }, false],
    ['a public IP', { target: { type: 'IpAddress', value: '20.30.40.50' }, reportedTarget: '20.30.40.50' }, false],
    ['a URL with a path', { reportedTarget: URL }, true],
  ])('for %s: offered = %s', (_case, request, offered) => {
    const ids = decisionElements(aView({ request })).map((e) => e.action_id);
    expect(ids).toEqual(offered ? [ACTIONS.duration, ACTIONS.indicatorKind, ACTIONS.approve, ACTIONS.deny] : [ACTIONS.duration, ACTIONS.approve, ACTIONS.deny]);
    expect(allText(renderApprovalMessage(aView({ request }), policy)).includes('enforced only in Microsoft Edge')).toBe(offered);
  });

  test('offers the host (preselected) or this path only, and explains where a URL indicator works', () => {
    const select = decisionElements(aView()).find((e) => e.action_id === ACTIONS.indicatorKind)!;
    expect(select.options!.map((o) => [o.text.text, o.value])).toEqual([
      ['Domain: logistics.contoso.com and its subdomains', 'DomainName'],
      ['URL: this path only (Edge only)', 'Url'],
    ]);
    expect(select.initial_option!.value).toBe('DomainName');
    const text = allText(renderApprovalMessage(aView(), policy));
    expect(text).toContain(`you may allow *only* \`${URL}\``);
    expect(text).toContain('Full-path URL indicators are enforced only in Microsoft Edge: other browsers and apps go by the host');
  });

  test('clips a long host to the 75 characters Slack allows in an option', () => {
    const host = `${'a'.repeat(60)}.contoso.com`;
    const view = aView({ request: { target: { type: 'DomainName', value: host }, reportedTarget: `https://${host}/x` } });
    const select = decisionElements(view).find((e) => e.action_id === ACTIONS.indicatorKind)!;
    expect(select.options![0]!.text.text.length).toBeLessThanOrEqual(75);
  });

  test('once a URL allow is approved, the message says it covers that URL only, in Edge only', () => {
    const url = { type: 'Url' as const, value: URL };
    const view = activeView();
    const text = allText(renderApprovalMessage({ ...view, decision: approval({ indicator: url }), indicator: { ...indicatorRecord, target: url } }, policy));
    expect(text).toContain(`*Allow covers*\n\`${URL}\` only (Url indicator)`);
    expect(text).toContain(`for 1 day (only the URL \`${URL}\`, enforced in Microsoft Edge only)`);
    expect(text).not.toContain('and its subdomains');
  });

  test('a later reporter of the host hears that only the URL is allowed, in Edge', () => {
    const url = { type: 'Url' as const, value: URL };
    const view = { ...activeView(), decision: approval({ indicator: url }), indicator: { ...indicatorRecord, target: url } };
    const text = reportOutcomeText({ kind: 'joined', view, firstTimeReporter: true }, policy);
    expect(text).toContain(`\`${URL}\` is already allowed`);
    expect(text).toContain('Only that URL is allowed, and only in Microsoft Edge.');
  });

  test('the requester hears that only the URL is allowed, in Edge', () => {
    const view = { ...activeView(), decision: approval({ indicator: { type: 'Url', value: URL } }) };
    expect(renderRequesterNote(view, { kind: 'allow_active' })).toContain(`Only \`${URL}\` is allowed, and only in Microsoft Edge`);
  });

  // A pasted browser address keeps its escapes (canonical-value.ts); `%` means nothing to mrkdwn, so
  // every surface shows the value exactly as Defender gets it: not decoded, not escaped twice.
  test('a URL with % escapes reads the same in the offer, the approved message, and the requester note', () => {
    const escaped = `${URL}?ReturnUrl=%2Fportal%2Fhome&team=Shipping%20Team`;
    const shown = `\`${escaped.replace('&', '&amp;')}\``;
    const url = { type: 'Url' as const, value: escaped };
    const pending = allText(renderApprovalMessage(aView({ request: { reportedTarget: escaped } }), policy));
    expect(pending).toContain(`you may allow *only* ${shown}`);
    expect(pending).toContain(`*Reported address*\n${shown}`);
    const approved = { ...activeView(), decision: approval({ indicator: url }), indicator: { ...indicatorRecord, target: url } };
    expect(allText(renderApprovalMessage(approved, policy))).toContain(`*Allow covers*\n${shown} only (Url indicator)`);
    expect(renderRequesterNote(approved, { kind: 'allow_active' })).toContain(`Only ${shown} is allowed`);
    for (const text of [pending, allText(renderApprovalMessage(approved, policy))]) {
      expect(text).not.toContain('%252F');
      expect(text).not.toContain('ReturnUrl=/portal');
    }
  });
});

// Defender's DomainName indicator also covers the host's subdomains (indicator-ip-domain.md); an
// IpAddress indicator is that one address, so the message must not promise approvers more.
describe('what the allow covers, as approvers read it before deciding', () => {
  const ipView = aView({ request: { target: { type: 'IpAddress', value: '13.107.6.152' }, reportedTarget: '13.107.6.152' } });

  test('an IP target covers that address only, in the message and the Approve confirmation', () => {
    const text = allText(renderApprovalMessage(ipView, policy));
    expect(text).toContain('*Allow would cover*\n`13.107.6.152` only (IpAddress)');
    expect(text).toContain('This creates a Defender allow indicator for `13.107.6.152` only');
    expect(text).not.toContain('subdomain');
  });

  test('a host target covers the host and its subdomains, in the message and the Approve confirmation', () => {
    const view = aView({ request: { reportedTarget: 'logistics.contoso.com' } });
    const text = allText(renderApprovalMessage(view, policy));
    expect(text).toContain('*Allow would cover*\n`logistics.contoso.com` and its subdomains (DomainName)');
    expect(text).toContain('This creates a Defender allow indicator for `logistics.contoso.com` and its subdomains');
  });

  test('a host reported with a path: the host and its subdomains, or only the URL if picked', () => {
    expect(allText(renderApprovalMessage(aView(), policy))).toContain(
      'allow indicator for `logistics.contoso.com` and its subdomains (or only the URL, if picked)',
    );
  });
});

describe('a target that needs two different approvers', () => {
  test('says so in plain words next to the threat warning and the false-positive route', () => {
    const text = allText(renderApprovalMessage(aView({ evidence: flagged() }), policy));
    expect(text).toContain(
      ":rotating_light: *Defender's threat intelligence flagged this target.* An allow overrides Microsoft's verdict, " +
        'so it needs *two different approvers* (one approval alone allows nothing) and lasts *1 day at most*.',
    );
    expect(text).toContain('Actions & submissions → Submissions → URLs');
    expect(text).not.toContain('approvals:*');
  });

  test('a policy block needs one approver and says nothing about a second', () => {
    expect(allText(renderApprovalMessage(aView(), policy))).not.toContain('two different approvers');
  });

  test('after the first approval: shows who approved for how long, and keeps the controls', () => {
    const view = aView({ evidence: flagged(), approvals: [approvalBy('U0BOB')] });
    expect(allText(renderApprovalMessage(view, policy))).toContain(
      '*1 of 2 approvals:* <@U0BOB> approved for 1 day; a second, different approver must approve too.',
    );
    expect(decisionElements(view).map((e) => e.action_id)).toContain(ACTIONS.approve);
  });

  test("the second approver's Approve confirmation says the click completes it, with the first approver's duration", () => {
    const confirmOf = (view: RequestView) => {
      const approve = decisionElements(view).find((e) => e.action_id === ACTIONS.approve) as unknown as { confirm: { text: { text: string } } };
      return approve.confirm.text.text;
    };
    expect(confirmOf(aView({ evidence: flagged() }))).toContain('if picked), on ALL managed devices once a second, different approver approves too.');
    const second = confirmOf(aView({ evidence: flagged(), approvals: [approvalBy('U0BOB', { duration: 'PT8H' })] }));
    expect(second).toBe(
      'Yours is the second approval: it creates a Defender allow indicator for `logistics.contoso.com` and its subdomains (or only the URL, if picked) ' +
        'on ALL managed devices, for the shorter of the two durations (the first approver picked 8 hours); where you differ, the narrower choice applies.',
    );
    expect(second.length).toBeLessThanOrEqual(300);
  });

  test('a first approval of the URL alone says so', () => {
    const view = aView({ evidence: flagged(), approvals: [approvalBy('U0BOB', { duration: 'PT8H', indicatorType: 'Url' })] });
    expect(allText(renderApprovalMessage(view, policy))).toContain('<@U0BOB> approved for 8 hours (URL only);');
  });

  test('the thread hears of the first approval', () => {
    const view = aView({ evidence: flagged(), approvals: [approvalBy('U0BOB')] });
    expect(renderThreadNote(view, { kind: 'approval_recorded', approverId: 'U0BOB', required: 2 })).toBe(
      ':ballot_box_with_check: *1 of 2 approvals:* <@U0BOB> approved for 1 day; a second, different approver must approve too. Nothing is allowed yet.',
    );
  });

  test('once decided, names both approvers and drops the controls', () => {
    const view = { ...activeView(), evidence: flagged(), decision: approval({ deciderId: 'U0CAROL' }), approvals: [approvalBy('U0BOB'), approvalBy('U0CAROL')] };
    const message = renderApprovalMessage(view, policy);
    expect(allText(message)).toContain('*Approved* by <@U0BOB> and <@U0CAROL>');
    expect(allText(message)).not.toContain('two different approvers');
    expect(blocksOfType(message, 'actions').map((b) => b.block_id)).not.toContain(DECISION_BLOCK_ID);
  });

  test.each([
    ['already_approved_by_you', 'You have already approved this request. It needs a second, *different* approver'],
    ['indicator_not_offered', 'That kind of indicator is not on offer for this request'],
    ['busy', 'Other approvers were clicking on this request at the same moment'],
  ] as const)('refusal %s is explained privately', (code, text) => {
    expect(decisionRefusalText({ code })).toContain(text);
    expect(decisionRefusalText({ code })).toContain('Nothing was changed.');
  });
});

describe('what the cause of the block offers', () => {
  const controlsFor = (category: string, allowC2Override = false) => {
    const [actions] = blocksOfType(renderApprovalMessage(aView({ evidence: evidence('found', [blockEvent({ category })]) }), { ...policy, allowC2Override }), 'actions');
    return (actions as { elements: Array<{ action_id: string; options?: Array<{ value: string }> }> }).elements;
  };

  test('a command-and-control verdict: Deny only', () => {
    expect(controlsFor('C2').map((e) => e.action_id)).toEqual(['unblock_deny']);
  });

  test('with ALLOW_C2_OVERRIDE: Approve again, with the threat durations', () => {
    const elements = controlsFor('C2', true);
    expect(elements.map((e) => e.action_id)).toEqual(['unblock_duration', 'unblock_indicator_kind', 'unblock_approve', 'unblock_deny']);
    expect(elements[0]!.options!.map((o) => o.value)).toEqual(['PT8H', 'P1D']);
  });

  test('a threat verdict: only durations up to MAX_THREAT_ALLOW_DURATION; a policy block: all of them', () => {
    expect(controlsFor('Phishing')[0]!.options!.map((o) => o.value)).toEqual(['PT8H', 'P1D']);
    expect(controlsFor('CustomPolicy')[0]!.options!.map((o) => o.value)).toEqual(['PT8H', 'P1D', 'P3D', 'P7D', 'P30D']);
  });
});

describe('an org Block indicator on a parent domain (issue 11 §1, §3)', () => {
  const orgBlock = {
    id: '77',
    type: 'DomainName',
    value: 'contoso.com',
    action: 'Block',
    title: HOSTILE_TEXT,
    expiresAt: null,
    createdBy: 'secops@contoso.com',
    createdAt: new Date('2026-03-04T10:11:12Z'),
    rbacGroupNames: [],
  };
  const view = () =>
    aView({ evidence: evidence('found', [blockEvent({ category: 'CustomBlockList' })], null, { outcome: 'checked', indicators: [orgBlock] }) });
  const confirmOf = (v: RequestView) => {
    const approve = decisionElements(v).find((e) => e.action_id === ACTIONS.approve) as unknown as { confirm: { text: { text: string } } };
    return approve.confirm.text.text;
  };

  test('the Approve confirmation says what the allow covers, then names the overridden indicator and its creator', () => {
    expect(confirmOf(view())).toBe(
      'This creates a Defender allow indicator for `logistics.contoso.com` and its subdomains (or only the URL, if picked), on ALL managed devices. ' +
        // The title clipped to 40 characters, then escaped.
        'Approving overrides Block `R&amp;D &lt;!channel&gt; &lt;https://evil.example|po…` (created by `secops@contoso.com`).',
    );
  });

  test('the message shows it, escaped, with its creator and creation time', () => {
    const text = allText(renderApprovalMessage(view(), policy));
    expect(text).toContain(
      `:no_entry: *Approving overrides* Block \`${HOSTILE_SHOWN}\` on \`contoso.com\` (on a parent domain): created by \`secops@contoso.com\` ${shownDate(orgBlock.createdAt)}, never expires, all devices.`,
    );
    expect(text).not.toContain('<!channel>');
  });

  test("the dialog's title says it overrides the organisation's block, whether or not the text has room to name it", () => {
    const titleOf = (v: RequestView) => (decisionElements(v).find((e) => e.action_id === ACTIONS.approve) as unknown as { confirm: { title: { text: string } } }).confirm.title.text;
    expect(titleOf(view())).toBe("Override your organisation's block?");
    // Defender named the org's block list but Unblock saw no indicator: still the organisation's block.
    expect(titleOf(aView())).toBe("Override your organisation's block?");
    expect(titleOf(aView({ evidence: evidence('found', [blockEvent({ category: 'Gambling' })]) }))).toBe('Allow this portal?');
  });

  test('without one, the confirmation is as before', () => {
    expect(confirmOf(aView())).toMatch(/^This creates a Defender allow indicator/);
  });
});

describe('the scope select and the Approve confirmation', () => {
  const inGroups = evidence('found', [blockEvent({ deviceId: 'd1', deviceGroup: 'Sales' }), blockEvent({ deviceId: 'd2', deviceGroup: 'Finance-Laptops' })]);
  const confirmText = (view: RequestView) =>
    (decisionElements(view).find((e) => e.action_id === ACTIONS.approve) as unknown as { confirm: { text: { text: string } } }).confirm.text.text;

  test('blocked devices in groups: the groups preselected, all devices an explicit second option', () => {
    const select = decisionElements(aView({ evidence: inGroups })).find((e) => e.action_id === ACTIONS.scope)!;
    expect(select.options!.map((o) => [o.value, o.text.text])).toEqual([
      [proposedScopeValue(['Finance-Laptops', 'Sales']), 'Only device groups: Finance-Laptops, Sales'],
      ['all_devices', 'ALL devices in the tenant (wider)'],
    ]);
    expect(select.initial_option!.value).toBe(proposedScopeValue(['Finance-Laptops', 'Sales']));
    expect(confirmText(aView({ evidence: inGroups }))).toBe(
      'This creates a Defender allow indicator for `logistics.contoso.com` and its subdomains (or only the URL, if picked), on device groups `Finance-Laptops`, `Sales` (or ALL devices, if picked).',
    );
  });

  test('a blocked device in no group: no select, and the confirmation says ALL devices', () => {
    // Web content filtering: no org block list to name in the confirmation.
    const view = aView({ evidence: evidence('found', [blockEvent({ deviceGroup: null, category: 'Gambling' })]) });
    expect(decisionElements(view).map((e) => e.action_id)).not.toContain(ACTIONS.scope);
    expect(confirmText(view)).toBe(
      'This creates a Defender allow indicator for `logistics.contoso.com` and its subdomains (or only the URL, if picked), on ALL managed devices.',
    );
  });

  test('the message shows the proposed scope', () => {
    expect(allText(renderApprovalMessage(aView({ evidence: inGroups }), policy))).toContain('*Applies to*\nDevice groups: `Finance-Laptops`, `Sales`');
  });

  test('a forged scope value, and groups that changed since the message was drawn, are refused in words', () => {
    expect(decisionRefusalText({ code: 'scope_not_offered' })).toBe(
      ':warning: That scope is not on offer for this request. Pick the proposed device groups or all devices from the list. Nothing was changed.',
    );
    expect(decisionRefusalText({ code: 'scope_changed' })).toBe(
      ':arrows_counterclockwise: The proposed device groups changed after you looked (a later report found blocked devices in another group). Look at the message again and approve what it proposes now. Nothing was changed.',
    );
  });
});
