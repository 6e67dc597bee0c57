import { describe, expect, test } from 'vitest';
import { parseClick } from './click-payload.ts';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER = '9f2504e0-4f89-41d3-9a0c-0305e82c3399';

/** A Home tab click as Slack sends it: container.type "view", the view with its state, no channel or message. */
const homeClick = (blockId: string, value = ID, values: Record<string, unknown> = {}) => ({
  type: 'block_actions',
  user: { id: 'U0APPROVER' },
  container: { type: 'view', view_id: 'V0HOME' },
  view: {
    id: 'V0HOME',
    type: 'home',
    blocks: [{ type: 'actions', block_id: `unblock_decision:${ID}`, elements: [{ type: 'static_select', action_id: 'unblock_scope', initial_option: { value: 'Sales' } }] }],
    state: { values },
  },
  actions: [{ action_id: 'unblock_approve', block_id: blockId, value }],
});

describe('parseClick on the Home tab', () => {
  test('names the request its block was drawn for, and reads the selects beside the button', () => {
    const click = parseClick(homeClick(`unblock_decision:${ID}`, ID, { [`unblock_decision:${ID}`]: { unblock_duration: { selected_option: { value: 'P3D' } } } }))!;
    expect(click).toMatchObject({ userId: 'U0APPROVER', requestId: ID, message: { homeTab: { requestId: ID } }, blockId: 'unblock_decision' });
    expect(click.selected('unblock_decision', 'unblock_duration')).toBe('P3D');
    expect(click.selected('unblock_decision', 'unblock_scope')).toBeUndefined();
    // Untouched, the scope select counts for what the Home view showed (its initial_option).
    expect(click.shown('unblock_decision', 'unblock_scope')).toBe('Sales');
  });

  test.each([
    ['a block drawn for another request than the button names', homeClick(`unblock_decision:${OTHER}`)],
    ['a block id naming no request', homeClick('unblock_decision')],
    ['a view that is not a Home tab', { ...homeClick(`unblock_decision:${ID}`), view: { id: 'V1', type: 'modal' } }],
    ['a value that is no request id', homeClick('unblock_decision:x', 'x')],
  ])('refuses %s', (_case, body) => {
    expect(parseClick(body)).toBeUndefined();
  });
});
