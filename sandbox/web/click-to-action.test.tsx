import { Window } from 'happy-dom';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, test } from 'vitest';
import type { SelectState } from '../shared/sandbox-api.ts';
import type { KitBlock } from './block-kit.ts';
import { actionInput, BlockSurface } from './block-surface.tsx';
import { clickMeaning, type BlockAction } from './click-to-action.ts';
import { SelectStateStore } from './select-state.ts';

// A browser DOM for this file only (happy-dom), set up here rather than as vitest's environment, whose
// module URLs are not file: URLs and so break the suite-wide setup file (test/support/trust-test-ca.ts).
const window = new Window({ url: 'http://127.0.0.1/' });
for (const name of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'MouseEvent', 'Event', 'MutationObserver', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame'] as const) {
  Object.defineProperty(globalThis, name, { value: name === 'window' ? window : (window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
}
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const confirm = {
  title: { type: 'plain_text', text: 'Allow this portal?' },
  text: { type: 'mrkdwn', text: 'Creates an allow.' },
  confirm: { type: 'plain_text', text: 'Approve' },
  deny: { type: 'plain_text', text: 'Cancel' },
};
const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/** The approval message's shape: a section, then the decision row (two selects, two confirmed buttons), then a plain button row without block_id. */
const BLOCKS: KitBlock[] = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Request* for `logistics.contoso.com`' } },
  {
    type: 'actions',
    block_id: 'unblock_decision',
    elements: [
      { type: 'static_select', action_id: 'unblock_duration', options: [option('1 day', 'P1D'), option('3 days', 'P3D')], initial_option: option('1 day', 'P1D') },
      { type: 'static_select', action_id: 'unblock_indicator_kind', options: [option('Domain', 'DomainName'), option('URL', 'Url')] },
      { type: 'button', action_id: 'unblock_approve', value: 'req-1', text: { type: 'plain_text', text: 'Approve' }, confirm },
      { type: 'button', action_id: 'unblock_deny', value: 'req-1', text: { type: 'plain_text', text: 'Deny' } },
    ],
  },
  { type: 'actions', elements: [{ type: 'button', action_id: 'unblock_extend', value: 'req-2', text: { type: 'plain_text', text: 'Extend' } }] },
];

let container: HTMLDivElement;
let root: ReturnType<typeof createRoot>;

/** Draws BLOCKS like the page does and records what would be sent. */
async function draw(): Promise<{ sent: Array<BlockAction & { state: SelectState }> }> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  const store = new SelectStateStore();
  const sent: Array<BlockAction & { state: SelectState }> = [];
  const Surface = () => {
    const state = store.get('k', 'b');
    return (
      <BlockSurface
        blocks={BLOCKS}
        selects={state}
        onChoose={(blockId, action) => {
          const next = store.choose('k', 'b', blockId, action.actionId, action.selectedOption!);
          sent.push({ ...action, state: next });
          rerender();
        }}
        onAction={(action) => sent.push({ ...action, state: store.get('k', 'b') })}
      />
    );
  };
  const rerender = () => root.render(<Surface />);
  await act(async () => rerender());
  return { sent };
}

async function click(element: Element | null | undefined): Promise<void> {
  expect(element).toBeTruthy();
  await act(async () => (element as HTMLElement).click());
}

const button = (actionId: string) => container.querySelector(`button#${actionId}`);
const dialogButtons = () => [...document.querySelectorAll('.slack_blocks_to_jsx__confirm_dialog button')];

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

describe('clickMeaning maps the DOM the library drew back to Block Kit', () => {
  test.each([
    ['a button without confirm: sent at once', 'unblock_deny', { kind: 'send', action: { blockId: 'unblock_decision', actionId: 'unblock_deny', type: 'button', value: 'req-1' } }],
    ['a button with confirm: waits for the dialog', 'unblock_approve', { kind: 'await_confirm', action: { blockId: 'unblock_decision', actionId: 'unblock_approve', type: 'button', value: 'req-1' } }],
    ['a block without block_id: a stable made-up id', 'unblock_extend', { kind: 'send', action: { blockId: 'block-2', actionId: 'unblock_extend', type: 'button', value: 'req-2' } }],
  ])('%s', async (_name, actionId, expected) => {
    await draw();
    expect(clickMeaning(button(actionId)!, BLOCKS)).toEqual(expected);
  });

  test('text, and buttons the blocks do not hold, mean nothing', async () => {
    await draw();
    expect(clickMeaning(container.querySelector('[data-block-index="0"] p, [data-block-index="0"] span')!, BLOCKS)).toEqual({ kind: 'nothing' });
    const stray = document.createElement('button');
    stray.id = 'unblock_approve';
    container.appendChild(stray);
    expect(clickMeaning(stray, BLOCKS)).toEqual({ kind: 'nothing' });
  });
});

describe('clicks become actions as Slack would send them', () => {
  test('a confirmed button is sent once, after the dialog confirms', async () => {
    const { sent } = await draw();
    await click(button('unblock_approve'));
    expect(sent).toEqual([]);
    expect(dialogButtons().map((b) => b.textContent)).toEqual(['Cancel', 'Approve']);
    await click(dialogButtons().at(-1));
    expect(sent).toEqual([{ blockId: 'unblock_decision', actionId: 'unblock_approve', type: 'button', value: 'req-1', state: {} }]);
  });

  test('the confirm dialog is a modal dialog named by its title', async () => {
    await draw();
    await click(button('unblock_approve'));
    await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
    const dialog = document.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Allow this portal?');
  });

  test('Cancel sends nothing, and a later confirm of nothing sends nothing', async () => {
    const { sent } = await draw();
    await click(button('unblock_approve'));
    await click(dialogButtons()[0]);
    expect(dialogButtons()).toEqual([]);
    expect(sent).toEqual([]);
  });

  test('a select choice is sent as static_select and rides along with the next click', async () => {
    const { sent } = await draw();
    expect(container.querySelector('[data-testid="select-unblock_duration"]')?.textContent).toContain('1 day');
    await click(container.querySelector('[data-testid="select-unblock_duration"]'));
    await click(container.querySelector('[data-testid="option-P3D"]'));
    expect(container.querySelector('[data-testid="select-unblock_duration"]')?.textContent).toContain('3 days');
    await click(button('unblock_deny'));
    const state = { unblock_decision: { unblock_duration: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: '3 days' }, value: 'P3D' } } } };
    expect(sent).toEqual([
      { blockId: 'unblock_decision', actionId: 'unblock_duration', type: 'static_select', selectedOption: { value: 'P3D', text: '3 days' }, state },
      { blockId: 'unblock_decision', actionId: 'unblock_deny', type: 'button', value: 'req-1', state },
    ]);
  });
});

describe('actionInput', () => {
  test('carries the blocks as drawn, so a click on a message changed since is still delivered (as Slack does)', () => {
    const action: BlockAction = { blockId: 'unblock_decision', actionId: 'unblock_deny', type: 'button', value: 'req-1' };
    const input = actionInput('U0BEN', { kind: 'message', channel: 'C0APPROVALS', ts: '1.0' }, action, {}, BLOCKS);
    expect(input).toEqual({ userId: 'U0BEN', surface: { kind: 'message', channel: 'C0APPROVALS', ts: '1.0' }, ...action, state: {}, blocks: BLOCKS });
  });
});

describe('SelectStateStore', () => {
  test('keeps choices per surface until its blocks change', () => {
    const store = new SelectStateStore();
    store.choose('u1|m1', 'v1', 'b', 'a', { value: 'P3D', text: '3 days' });
    store.choose('u1|m1', 'v1', 'b', 'k', { value: 'Url', text: 'URL' });
    expect(Object.keys(store.get('u1|m1', 'v1').b ?? {})).toEqual(['a', 'k']);
    expect(store.get('u2|m1', 'v1')).toEqual({});
    expect(store.get('u1|m1', 'v2')).toEqual({});
  });
});
