import { readFileSync } from 'node:fs';
import { renderToStaticMarkup } from 'react-dom/server';
import { Message, type Block } from 'slack-blocks-to-jsx';
import { describe, expect, test } from 'vitest';
import type { SandboxState } from '../shared/sandbox-api.ts';
import { blocksOrText, elementsOf, SUPPORTED_BLOCK_TYPES, SUPPORTED_ELEMENT_TYPES, type KitBlock } from './block-kit.ts';
import { BlockSurface } from './block-surface.tsx';
import type { CorpusMessage } from './corpus-shape.ts';
import { SlackKitContext, slackKitFor } from './slack-kit.tsx';

const corpus = JSON.parse(readFileSync(new URL('./fixtures/e2e-messages.json', import.meta.url), 'utf8')) as CorpusMessage[];

/** The people of the end-to-end suites are unknown to the page: every `U…`/`W…` mention still gets a name. */
const mentioned = [...new Set(JSON.stringify(corpus).match(/<@([UW][A-Z0-9]+)/g)?.map((m) => m.slice(2)) ?? [])];
const state: Pick<SandboxState, 'users' | 'channels' | 'commandChannelId' | 'now'> = {
  users: mentioned.map((id) => ({ id, name: `person ${id.toLowerCase()}`, role: 'someone else' as const })),
  channels: [...new Set(JSON.stringify(corpus).match(/<#(C[A-Z0-9]+)/g)?.map((m) => m.slice(2)) ?? [])].map((id) => ({ id, name: `channel-${id.toLowerCase()}`, kind: 'channel' as const })),
  commandChannelId: 'C0GENERAL',
  now: '2026-12-02T12:00:00Z',
};
const kit = slackKitFor(state, 'UTC');

function render(blocks: readonly KitBlock[]): string {
  return renderToStaticMarkup(
    <SlackKitContext.Provider value={kit}>
      <BlockSurface blocks={blocks} selects={{}} onChoose={() => undefined} onAction={() => undefined} />
    </SlackKitContext.Provider>,
  );
}

/** The text a reader sees in `html` (tags dropped, entities decoded). */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every mrkdwn text object in a block. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = object.type === 'mrkdwn' && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.values(object).flatMap(mrkdwnTexts)];
}

describe('every message Unblock sends in the end-to-end suites', () => {
  test('the corpus is there and varied', () => {
    expect(corpus.length).toBeGreaterThan(50);
    expect(new Set(corpus.map((m) => m.method))).toEqual(new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish', 'response_url']));
  });

  test.each(corpus.map((m, i) => [i, m.method, m] as const))('#%i (%s) renders', (_i, _method, message) => {
    const blocks = blocksOrText(message.blocks, message.text);
    for (const block of blocks) {
      expect(SUPPORTED_BLOCK_TYPES, `block type ${block.type}`).toContain(block.type);
      const elements = [...elementsOf(block), ...(block.type === 'context' ? (block.elements ?? []) : [])];
      for (const element of elements) expect(SUPPORTED_ELEMENT_TYPES, `element type ${element.type}`).toContain(element.type);
    }
    const html = render(blocks);
    // Each block drew something: its wrapper holds elements (and text, but for a divider).
    blocks.forEach((block, index) => {
      const drawn = render([block]);
      expect(drawn.length, `block ${index} (${block.type})`).toBeGreaterThan(`<div data-block-index="0" data-block-type="${block.type}"></div>`.length + 30);
      if (block.type !== 'divider') expect(visibleText(drawn).trim(), `block ${index} (${block.type})`).not.toBe('');
    });
    const text = visibleText(html);
    expect(text).not.toContain('<!date^');
    expect(text).not.toMatch(/<@[UW]/);
    expect(text).not.toContain('<#C');
    // Every mention became its person's name (data.users).
    for (const [, id] of mrkdwnTexts(blocks).join(' ').matchAll(/<@([UW][A-Z0-9]+)/g)) expect(text).toContain(`person ${id!.toLowerCase()}`);
    // Slack bold (`*word*` outside code) became bold.
    const bold = mrkdwnTexts(blocks).some((t) => /(^|[\s(>])\*[^*\s`][^*`]*\*(?=$|[\s.,:;)!?])/m.test(t.replace(/`[^`]*`/g, '')));
    if (bold) expect(html).toMatch(/<(strong|b)[\s>]/);
  });
});

describe('the supported types are ones the library draws', () => {
  const samples: Record<string, KitBlock> = {
    header: { type: 'header', text: { type: 'plain_text', text: 'H' } },
    section: { type: 'section', text: { type: 'mrkdwn', text: 'S' } },
    context: { type: 'context', elements: [{ type: 'mrkdwn', text: 'C' } as never] },
    actions: { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'B' } }] },
    divider: { type: 'divider' },
    rich_text: { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'R' }] }] } as never,
    image: { type: 'image', image_url: 'http://127.0.0.1/x.png', alt_text: 'I' } as never,
  };
  const drawn = (block: unknown): string => renderToStaticMarkup(<Message blocks={[block as Block]} name="Unblock" logo="" withoutWrapper />);

  test.each([...SUPPORTED_BLOCK_TYPES])('%s', (type) => {
    const sample = samples[type];
    expect(sample, `a sample ${type} block in this test`).toBeDefined();
    expect(drawn(sample).length).toBeGreaterThan(drawn({ type: 'no_such_block' }).length);
  });
});
