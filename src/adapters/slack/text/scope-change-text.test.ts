import { describe, expect, test } from 'vitest';
import { activeView, indicatorRecord } from '../../../../test/builders/request-view-fixtures.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { renderScopeChange, renderSettledScopeChange } from '../blocks/scope-change-message.ts';
import {
  scopeChangeConfirmText,
  scopeChangeDecidedDm,
  scopeChangeDecidedNote,
  scopeChangeDenyConfirmText,
  scopeChangeRefusalText,
  scopeChangeText,
  settledScopeChangeText,
} from './scope-change-text.ts';

/** An active allow on device group `Sales`; Defender's group names are its text (escaped). */
const view: RequestView = { ...activeView(), indicator: { ...indicatorRecord, rbacGroupNames: ['Sales'] } };
const proposal = { openedAt: new Date('2026-11-20T10:00:00Z'), groups: ['Finance <Laptops>', 'Sales'], reporterIds: ['U0CAROL', 'U0DAVE'] };
const approved = { decision: 'approved', actorId: 'U0APPROVER2', before: ['Sales'], proposed: ['Finance-Laptops', 'Sales'] } as const;
const denied = { ...approved, decision: 'denied' } as const;

describe('the scope-change message', () => {
  test('names the reporters, the groups the allow does not reach (escaped), now and proposed', () => {
    expect(scopeChangeText(view, proposal, false)).toBe(
      ':arrows_counterclockwise: *Scope change proposed* for the allow of `logistics.contoso.com` (request #42): <@U0CAROL>, <@U0DAVE> reported it as still blocked, ' +
        'and Defender blocked devices in device group `Finance &lt;Laptops&gt;`, which the allow does not reach.\n' +
        "Now: device group `Sales`. Proposed: device groups `Finance &lt;Laptops&gt;`, `Sales`, until the allow's current end.",
    );
  });

  test('a threat verdict’s allow says it is widened only by a fresh report, and offers Deny only', () => {
    expect(scopeChangeText(view, proposal, true)).toContain('ask the reporter to report the host again for a fresh decision.');
    const actions = renderScopeChange(view, proposal, true).blocks[1] as { elements: Array<{ action_id: string }> };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['unblock_scope_change_deny']);
  });

  test('the buttons carry the request id; their block names the proposal; the confirmations say before → after', () => {
    const message = renderScopeChange(view, proposal, false);
    const actions = message.blocks[1] as { block_id: string; elements: Array<{ action_id: string; value: string; confirm: { text: { text: string } } }> };
    expect(actions.block_id).toMatch(/^unblock_scope_change:groups:[0-9a-f]{8}$/);
    expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
      ['unblock_scope_change_approve', view.request.id],
      ['unblock_scope_change_deny', view.request.id],
    ]);
    expect(actions.elements[0]!.confirm.text.text).toBe(
      'The Defender allow indicator will apply to device groups `Finance &lt;Laptops&gt;`, `Sales` instead of device group `Sales`, until its current end.',
    );
    expect(scopeChangeConfirmText(['Sales'], ['Finance-Laptops', 'Sales'])).toBe(
      'The Defender allow indicator will apply to device groups `Finance-Laptops`, `Sales` instead of device group `Sales`, until its current end.',
    );
    expect(scopeChangeDenyConfirmText(['Sales'])).toBe('The allow keeps applying to device group `Sales` only; nothing changes in Defender.');
  });

  test('settled: who decided and what, instead of the buttons', () => {
    expect(settledScopeChangeText({ kind: 'decided', ...approved })).toBe(
      ':white_check_mark: Approved by <@U0APPROVER2>: the allow now applies to device groups `Finance-Laptops`, `Sales` (was device group `Sales`).',
    );
    expect(settledScopeChangeText({ kind: 'decided', ...denied })).toBe(':no_entry: Denied by <@U0APPROVER2>: the allow stays on device group `Sales`.');
    expect(settledScopeChangeText({ kind: 'allow_ended' })).toBe(':heavy_minus_sign: Closed undecided: the allow ended.');
    expect(renderSettledScopeChange(view, { kind: 'allow_ended' }).blocks).toHaveLength(1);
  });
});

describe('after the decision', () => {
  test('the thread note', () => {
    expect(scopeChangeDecidedNote(view, approved)).toBe(
      ':white_check_mark: <@U0APPROVER2> approved the scope change: the allow for `logistics.contoso.com` now applies to device groups `Finance-Laptops`, `Sales` ' +
        '(was device group `Sales`), same indicator, same end. Devices newly covered may take up to 48 hours to pick it up.',
    );
    expect(scopeChangeDecidedNote(view, denied)).toBe(':no_entry: <@U0APPROVER2> denied the scope change: the allow for `logistics.contoso.com` stays on device group `Sales`.');
  });

  test('the reporter’s DM', () => {
    expect(scopeChangeDecidedDm(view, approved)).toBe(
      ":white_check_mark: The allow for `logistics.contoso.com` (request #42) now reaches your device's group too: <@U0APPROVER2> approved widening it to device groups `Finance-Laptops`, `Sales`. " +
        'Defender can take up to 48 hours to apply it to your device.',
    );
    expect(scopeChangeDecidedDm(view, denied)).toBe(
      ":no_entry: <@U0APPROVER2> did not widen the allow for `logistics.contoso.com` (request #42) to your device's group. If you think this is a mistake, talk to the security team; the request number helps them find it.",
    );
  });

  test('refusals', () => {
    expect(scopeChangeRefusalText({ code: 'stale_scope_change' })).toBe(
      ':warning: A later report changed the proposed device groups since these buttons were drawn; look at the message again and decide on what it shows now. Nothing was changed.',
    );
    expect(scopeChangeRefusalText({ code: 'defender_failed', message: 'quota <exceeded>', retryable: false })).toContain('Defender refused (');
  });
});
