import { describe, expect, test } from 'vitest';
import type { HomeModel } from '../../../app/load-home.ts';
import { HOME_PAGE_SIZE } from '../../../app/load-home.ts';
import type { HomeItem, Page } from '../../../app/ports/home-queries.ts';
import type { HomeList } from '../../../app/ports/home-viewers.ts';
import type { RequestView } from '../../../app/ports/request-view.ts';
import { activeView, approval, aView, deniedView, homeItem, policy, REQUEST_ID } from '../../../../test/builders/request-view-fixtures.ts';
import { HOME_MAX_BLOCKS, renderHome, type HomeView } from './home-view.ts';

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id: string }; elements?: Array<{ action_id?: string; value?: string }> };

const page = (items: readonly RequestView[], offset = 0, total = items.length): Page<HomeItem> => ({ items: items.map(homeItem), offset, total });
const model = (overrides: Partial<HomeModel> = {}): HomeModel => ({
  viewerId: 'U0ALICE',
  isApprover: false,
  mine: page([]),
  waiting: null,
  active: null,
  at: new Date('2026-11-20T12:00:00Z'),
  ...overrides,
});
const blocks = (view: HomeView) => view.blocks as unknown as Block[];
const named = (view: HomeView, id: string) => blocks(view).find((b) => b.block_id === id);
const ids = (block: Block | undefined) => (block?.elements ?? []).map((e) => e.action_id);
const text = (view: HomeView) => blocks(view).map((b) => b.text?.text ?? '').join('\n');
/** `n` copies of `view`, each its own request. */
const many = (n: number, view: () => RequestView) =>
  Array.from({ length: n }, (_, i) => {
    const v = view();
    return { ...v, request: { ...v.request, id: `${REQUEST_ID.slice(0, -2)}${String(i).padStart(2, '0')}`, number: i + 1 } };
  });

describe('renderHome', () => {
  test('everyone: the help block and their own requests, never the approvers’ lists', () => {
    const view = renderHome(model({ mine: page([aView()]) }), policy);
    expect(view.type).toBe('home');
    expect(text(view)).toContain('*How to report a blocked portal*');
    expect(text(view)).toContain('*#42* `logistics.contoso.com`\n:hourglass_flowing_sand: Waiting for approvers · ALL devices');
    expect(text(view)).not.toContain('Waiting for you');
    expect(blocks(view).filter((b) => b.type === 'actions')).toEqual([]);
  });

  test.each<[string, RequestView, boolean, boolean]>([
    ['a waiting request', aView(), false, false],
    ['their own active allow', activeView(), false, true],
    ['their own approved allow, not active yet', aView({ request: { status: 'approved' }, decision: approval() }), false, true],
    ['a denied request', deniedView(), false, false],
    ["someone else's active allow, shown to an approver among their reports", { ...activeView(), request: { ...activeView().request, requesterId: 'U0CAROL' } }, true, true],
    ["someone else's active allow they only joined", { ...activeView(), request: { ...activeView().request, requesterId: 'U0CAROL' } }, false, false],
  ])('My requests: whether Revoke is offered on %s', (_case, row, isApprover, revoke) => {
    const view = renderHome(model({ isApprover, mine: page([row]), ...(isApprover ? { waiting: page([]), active: page([]) } : {}) }), policy);
    expect(named(view, `unblock_allow:${row.request.id}`)?.accessory?.action_id).toBe(revoke ? 'unblock_revoke' : undefined);
  });

  test.each<[string, RequestView, readonly string[] | null]>([
    ['a request someone else reported: the channel message’s controls', aView({ request: { reportedTarget: 'https://logistics.contoso.com' } }), ['unblock_duration', 'unblock_approve', 'unblock_deny']],
    ['a request with a path: the indicator-kind select too', aView(), ['unblock_duration', 'unblock_indicator_kind', 'unblock_approve', 'unblock_deny']],
    ['their own report: no controls', aView({ request: { requesterId: 'U0BOB' } }), null],
    ['one they approved already (two-approver rule): no controls', aView({ approvals: [{ approverId: 'U0BOB', at: new Date(), duration: 'P1D', indicatorType: 'DomainName', rbacGroupNames: [] }] }), null],
  ])('Waiting for you: %s', (_case, row, controls) => {
    const view = renderHome(model({ viewerId: 'U0BOB', isApprover: true, waiting: page([row]), active: page([]) }), policy);
    const block = named(view, `unblock_decision:${row.request.id}`);
    expect(block ? ids(block) : null).toEqual(controls);
    // Every control carries the request its block names.
    for (const e of block?.elements ?? []) if (e.value !== undefined) expect(e.value).toBe(row.request.id);
  });

  test('Active allows: Extend and Revoke, no Extend for an allow its own requester looks at', () => {
    const own = { ...activeView(), request: { ...activeView().request, id: `${REQUEST_ID.slice(0, -1)}9`, requesterId: 'U0BOB' } };
    const view = renderHome(model({ viewerId: 'U0BOB', isApprover: true, waiting: page([]), active: page([activeView(), own]) }), policy);
    expect(ids(named(view, `unblock_reminder:${REQUEST_ID}`))).toEqual(['unblock_extend_duration', 'unblock_extend', 'unblock_revoke']);
    expect(ids(named(view, `unblock_reminder:${own.request.id}`))).toEqual(['unblock_revoke']);
    expect(text(view)).toContain('approved by <@U0BOB>');
  });

  test.each<[string, HomeList, Page<HomeItem>, readonly string[]]>([
    ['a single page', 'mine', page(many(3, aView)), []],
    ['the first of several', 'mine', page(many(10, aView), 0, 37), ['Next → mine:1']],
    ['a middle page', 'mine', page(many(10, aView), 10, 37), ['Previous → mine:0', 'Next → mine:2']],
    ['the last page, shorter than the others', 'mine', page(many(7, aView), 30, 37), ['Previous → mine:2']],
    // Oldest first: its next page holds newer requests, and says "Next", never "Older".
    ['Waiting for you, first page', 'waiting', page(many(5, aView), 0, 12), ['Next → waiting:1']],
    ['Waiting for you, last page', 'waiting', page(many(2, aView), 10, 12), ['Previous → waiting:1']],
    ['Active allows, a middle page', 'active', page(many(5, activeView), 5, 12), ['Previous → active:0', 'Next → active:2']],
  ])('paging: %s', (_case, list, rows, buttons) => {
    const lists = list === 'mine' ? { mine: rows } : { isApprover: true, waiting: list === 'waiting' ? rows : page([]), active: list === 'active' ? rows : page([]) };
    const view = renderHome(model(lists), policy);
    const shown = (named(view, `unblock_home_pages:${list}`)?.elements ?? []).map((e) => `${(e as { text?: { text: string } }).text?.text} → ${e.value}`);
    expect(shown).toEqual(buttons);
    expect(ids(named(view, `unblock_home_pages:${list}`))).toEqual(buttons.map((b) => (b.startsWith('Next') ? 'unblock_home_next' : 'unblock_home_previous')));
  });

  test('says which rows it shows: "Showing 11–20 of 37", "None." for an empty list', () => {
    const rows = many(10, aView);
    const view = renderHome(model({ mine: page(rows, 10, 37), isApprover: true, waiting: page([]), active: page([]) }), policy);
    const context = blocks(view).filter((b) => b.type === 'context').map((b) => (b.elements as unknown as Array<{ text: string }>)[0]!.text);
    expect(context).toEqual(['Showing 11–20 of 37', 'None.', 'None.']);
    expect(named(view, 'unblock_home_pages:mine')!.elements!.map((e) => e.value)).toEqual(['mine:0', 'mine:2']);
  });

  test('full pages of every list, each row at its longest, stay within Slack’s 100 blocks and unique block ids', () => {
    const long = () => aView({ request: { requesterId: 'U0CAROL', reason: 'r'.repeat(2_000), target: { type: 'DomainName', value: `${'a'.repeat(60)}.contoso.com` } } });
    const view = renderHome(
      model({
        viewerId: 'U0BOB',
        isApprover: true,
        mine: page(many(HOME_PAGE_SIZE.mine, activeView), 10, 100),
        waiting: page(many(HOME_PAGE_SIZE.waiting, long), 5, 100),
        active: page(many(HOME_PAGE_SIZE.active, activeView), 5, 100),
      }),
      policy,
    );
    expect(blocks(view).length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    const blockIds = blocks(view).flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(new Set(blockIds).size).toBe(blockIds.length);
    for (const b of blocks(view)) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3_000);
    expect(JSON.stringify(view).length).toBeLessThan(250_000);
  });
});
