import { expect, test } from 'vitest';
import type { ForwardReport } from '../../app/forward-audit.ts';
import { AuditForwarderLoop } from './audit-forwarder-loop.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

test('a round that left entries behind is followed at once; a caught-up one waits the interval; stop waits for the round under way', async () => {
  const outcomes: ForwardReport['outcome'][] = ['more_pending', 'more_pending', 'caught_up', 'caught_up'];
  const startedAt: number[] = [];
  let release: () => void = () => {};
  const loop = new AuditForwarderLoop({
    intervalMs: 60_000,
    logger: quiet,
    round: async () => {
      startedAt.push(Date.now());
      const outcome = outcomes.shift() ?? 'caught_up';
      if (outcome === 'caught_up') await new Promise<void>((resolve) => (release = resolve));
      return { sent: 1, outcome };
    },
  });
  loop.start();
  for (const deadline = Date.now() + 10_000; startedAt.length < 3 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
  // Three rounds back to back: the two that left entries behind, then the one that caught up.
  expect(startedAt).toHaveLength(3);
  expect(startedAt[2]! - startedAt[0]!).toBeLessThan(1_000);
  let stopped = false;
  const stopping = loop.stop().then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(stopped).toBe(false);
  release();
  await stopping;
  // Stopped: no fourth round, even after the interval would have passed.
  expect(startedAt).toHaveLength(3);
});
