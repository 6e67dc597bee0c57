import { openReported } from '../builders/audit-details.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { reconcileOnce } from '../../src/app/reconcile.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';
import { ALICE, HOST, MINUTE, reconcilerDeps } from '../builders/lifecycle-requests.ts';

describe.each(databaseTargets())('a report that died midway ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target);
  beforeEach(() => {
    world = current();
  });

  it('is closed after 15 minutes, its reporter is told, and the host can be reported again', async () => {
    // The bot opened the request and died before hunting or posting (a kill -9 mid-report).
    const opened = await openReported(world.deps.store, {
      id: '8d7a8f1e-6c55-4b8e-9f51-2f7a2c0d1b33',
      target: { type: 'DomainName', value: HOST },
      reportedTarget: HOST,
      coversSubdomains: false,
      requesterId: ALICE,
      reason: 'shipping app',
      at: world.clock.now(),
    });
    const deps = reconcilerDeps(world.deps, 'replica-a');

    world.clock.advance(14 * MINUTE);
    await reconcileOnce(deps);
    expect((await world.deps.store.get(opened!.id))!.status).toBe('investigating');

    world.clock.advance(2 * MINUTE);
    expect((await reconcileOnce(deps)).executed).toBe(1);
    expect(await world.deps.store.get(opened!.id)).toMatchObject({ status: 'failed' });
    expect(world.notifier.requesterKinds(opened!.id)).toEqual(['report_abandoned']);
    expect((await reconcileOnce(deps)).executed).toBe(0);

    const report = parseReport(`${HOST} still broken`);
    if (!report.ok) throw new Error('bad input');
    const again = await reportBlockedPortal(world.deps, { userId: ALICE, report: report.value });
    expect(again.kind).toBe('opened');
  });
});
