import { describe, expect, test } from 'vitest';
import { FakeClock } from '../../../test/port-fakes/fake-clock.ts';
import { ReconcilerLoop } from './reconciler-loop.ts';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const report = { scanned: 0, executed: 0, skipped: 0, failed: 0 };

describe('ReconcilerLoop health (for /healthz)', () => {
  test('healthy after a round, stale once no round has succeeded for three intervals, healthy again after one', async () => {
    const clock = new FakeClock();
    let fail = false;
    const loop = new ReconcilerLoop({ intervalMs: 60_000, clock, logger: silent, round: async () => (fail ? Promise.reject(new Error('db down')) : report) });
    await loop.runNow();
    expect(loop.health()).toEqual({ healthy: true, lastReconcileAt: clock.now().toISOString() });
    const lastGood = clock.now().toISOString();

    fail = true;
    clock.advance(3 * 60_000);
    await expect(loop.runNow()).rejects.toThrow('db down');
    expect(loop.health()).toEqual({ healthy: true, lastReconcileAt: lastGood });
    clock.advance(31_000);
    expect(loop.health()).toEqual({ healthy: false, lastReconcileAt: lastGood });

    fail = false;
    await loop.runNow();
    expect(loop.health().healthy).toBe(true);
    await loop.stop();
  });

  test('a second runNow while a round is under way joins it instead of starting another', async () => {
    let rounds = 0;
    let release!: () => void;
    const loop = new ReconcilerLoop({
      intervalMs: 60_000,
      clock: new FakeClock(),
      logger: silent,
      round: () => new Promise((resolve) => ((release = () => resolve(report)), rounds++)),
    });
    const first = loop.runNow();
    const second = loop.runNow();
    release();
    await Promise.all([first, second]);
    expect(rounds).toBe(1);
    await loop.stop();
  });
});
