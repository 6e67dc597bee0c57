import { describe, expect, test } from 'vitest';
import { clickedOwnMessage } from './own-message.ts';
import type { MessageRef } from './request.ts';

const approval: MessageRef = { channelId: 'C0APPROVE', ts: '1780390800.000100' };
const reminder: MessageRef = { channelId: 'C0APPROVE', ts: '1780470000.000200' };

describe('clickedOwnMessage', () => {
  test.each<[string, readonly (MessageRef | null)[], MessageRef, boolean]>([
    ['the one message', [approval], approval, true],
    ['an equal reference (Slack sends a copy)', [approval], { channelId: 'C0APPROVE', ts: '1780390800.000100' }, true],
    ['the second of two messages', [approval, reminder], reminder, true],
    ['the same ts in another channel', [approval], { ...approval, channelId: 'C0OTHER' }, false],
    ['another message in the same channel', [approval], { ...approval, ts: '1780390800.000999' }, false],
    ['a message not posted yet (null)', [null], approval, false],
    ['no messages at all', [], approval, false],
  ])('%s → %s', (_case, own, clicked, expected) => {
    expect(clickedOwnMessage(own, clicked)).toBe(expected);
  });
});

describe('clickedOwnMessage from a Home tab', () => {
  const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
  test.each<[string, string | undefined, string | undefined, boolean]>([
    ['controls drawn for this request', id, id, true],
    ['controls drawn for another request', '9f2504e0-4f89-41d3-9a0c-0305e82c3399', id, false],
    ['a check that does not say which request it judges', id, undefined, false],
  ])('%s → %s', (_case, drawnFor, requestId, expected) => {
    expect(clickedOwnMessage([approval], { homeTab: { requestId: drawnFor! } }, requestId)).toBe(expected);
  });
});
