import { beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import type { IndicatorTarget } from '../../src/domain/target/target.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { APPROVALS_CHANNEL } from '../port-fakes/recording-notifier.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const HOST = 'logistics.contoso.com';

function parsed(text: string) {
  const result = parseReport(text);
  if (!result.ok) throw new Error(`test input refused: ${result.error.code}`);
  return result.value;
}


describe.each(databaseTargets())('reportBlockedPortal ($name)', (target) => {
  let world: UseCaseWorld;
  let db: UseCaseWorld['db'];
  let clock: UseCaseWorld['clock'];
  let notifier: UseCaseWorld['notifier'];
  let evidence: UseCaseWorld['evidence'];
  let deps: UseCaseWorld['deps'];

  const current = useWorld(target, { approvers: [] });
  beforeEach(() => {
    world = current();
    ({ db, clock, notifier, evidence, deps } = world);
  });

  const report = (userId: string, text: string, store = deps.store) =>
    reportBlockedPortal({ ...deps, store }, { userId, report: parsed(text) });
  const requestRows = () => db.prisma.unblockRequest.findMany({ orderBy: { number: 'asc' } });
  const auditOf = (requestId: string) =>
    db.prisma.auditEntry.findMany({ where: { requestId }, orderBy: { id: 'asc' }, select: { actor: true, action: true, fromStatus: true, toStatus: true } });
  const reportersOf = async (requestId: string) =>
    (await db.prisma.reporter.findMany({ where: { requestId }, orderBy: { reportedAt: 'asc' } })).map((r) => r.userId);

  it('opens a request, stores the evidence found and the approval message, and audits each step', async () => {
    evidence.setEvents(HOST, [blockEvent(), blockEvent({ deviceId: 'device-2', deviceName: 'laptop-02' })]);
    const outcome = await report(ALICE, `https://${HOST}/portal/login the shipping app fails`);

    expect(outcome.kind).toBe('opened');
    const [row] = await requestRows();
    expect(row).toMatchObject({
      status: 'pending_approval',
      openKey: `DomainName:${HOST}`,
      targetValue: HOST,
      reportedTarget: `https://${HOST}/portal/login`,
      requesterId: ALICE,
      reason: 'the shipping app fails',
      approvalChannelId: APPROVALS_CHANNEL,
      approvalMessageTs: '1.000100',
    });
    expect(await db.prisma.evidence.findUnique({ where: { requestId: row!.id } })).toMatchObject({
      outcome: 'found',
      lookback: 'P7D',
      collectedAt: clock.now(),
      error: null,
      summary: expect.objectContaining({ totalEvents: 2, deviceCount: 2 }),
    });
    expect(evidence.calls).toEqual([{ target: { type: 'DomainName', value: HOST }, lookback: 'P7D' }]);
    expect(await reportersOf(row!.id)).toEqual([ALICE]);
    expect(await auditOf(row!.id)).toEqual([
      { actor: `slack:${ALICE}`, action: 'request.reported', fromStatus: null, toStatus: 'investigating' },
      { actor: 'system:hunting', action: 'request.evidence_collected', fromStatus: null, toStatus: null },
      { actor: 'system:slack', action: 'request.submitted_for_approval', fromStatus: 'investigating', toStatus: 'pending_approval' },
    ]);
    // Approvers saw the evidence in the message they were sent.
    expect(notifier.published.map((v) => v.evidence?.outcome)).toEqual(['found']);
  });

  it('stores evidence "none" when hunting finds no events', async () => {
    await report(ALICE, HOST);
    const [row] = await requestRows();
    expect(await db.prisma.evidence.findUnique({ where: { requestId: row!.id } })).toMatchObject({ outcome: 'none', error: null });
    expect(row!.status).toBe('pending_approval');
  });

  it('still reaches approvers, with evidence "unavailable", when hunting fails', async () => {
    evidence.failWith(new ExternalServiceError({ service: 'graph', failure: 'throttled', status: 429, userMessage: 'Advanced hunting is busy' }));
    const outcome = await report(ALICE, HOST);

    expect(outcome.kind).toBe('opened');
    const [row] = await requestRows();
    expect(row!.status).toBe('pending_approval');
    expect(await db.prisma.evidence.findUnique({ where: { requestId: row!.id } })).toMatchObject({ outcome: 'unavailable', error: 'Advanced hunting is busy' });
    expect(notifier.published).toHaveLength(1);
  });

  it('joins a second report of the same target: no second hunt, each reporter once, announced only when new', async () => {
    const first = await report(ALICE, HOST);
    clock.advance(60_000);
    const second = await report(BOB, `https://${HOST}/other also broken for me`);
    clock.advance(60_000);
    const again = await report(BOB, HOST);
    const requester = await report(ALICE, HOST);

    expect(second).toMatchObject({ kind: 'joined', firstTimeReporter: true });
    expect(again).toMatchObject({ kind: 'joined', firstTimeReporter: false });
    expect(requester).toMatchObject({ kind: 'joined', firstTimeReporter: false });
    expect(await requestRows()).toHaveLength(1);
    expect(evidence.calls).toHaveLength(1);
    const id = first.kind === 'opened' ? first.view.request.id : '';
    expect(await reportersOf(id)).toEqual([ALICE, BOB]);
    expect(notifier.announced.map((v) => v.reporters.map((r) => r.userId))).toEqual([[ALICE, BOB]]);
    expect(notifier.threadNotes).toEqual([]);
    expect((await auditOf(id)).filter((a) => a.action === 'request.joined')).toEqual([
      { actor: `slack:${BOB}`, action: 'request.joined', fromStatus: null, toStatus: null },
    ]);
  });

  it('opens exactly one request when two reports of the same target arrive together', async () => {
    const outcomes = await Promise.all([report(ALICE, HOST), report(BOB, HOST)]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['joined', 'opened']);
    const rows = await requestRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('pending_approval');
    expect(evidence.calls).toHaveLength(1);
    expect((await reportersOf(rows[0]!.id)).sort()).toEqual([ALICE, BOB]);
  });

  it('lets exactly one of two racing reports open the request when both found none open (slow hunting)', async () => {
    evidence.latencyMs = 100;
    const store = new BarrierStore(db, 2);
    const outcomes = await Promise.all([report(ALICE, HOST, store), report(BOB, HOST, store)]);

    expect(outcomes.map((o) => o.kind).sort()).toEqual(['joined', 'opened']);
    expect(store.sawNothingOpen).toBe(2);
    const rows = await requestRows();
    expect(rows).toHaveLength(1);
    expect(evidence.calls).toHaveLength(1);
    expect((await reportersOf(rows[0]!.id)).sort()).toEqual([ALICE, BOB]);
    expect((await auditOf(rows[0]!.id)).filter((a) => a.action === 'request.reported')).toHaveLength(1);
  });

  it('keeps the request investigating when its approval message cannot even be queued (the stale-report sweep closes it)', async () => {
    notifier.publishError = new Error('database unavailable');
    await expect(report(ALICE, HOST)).rejects.toThrow('database unavailable');

    const [row] = await requestRows();
    expect(row).toMatchObject({ status: 'investigating', approvalMessageTs: null });
    expect((await auditOf(row!.id)).map((a) => a.action)).not.toContain('request.submitted_for_approval');
  });

  it('announces a report that joined while the approval message was being queued', async () => {
    notifier.duringPublish = async () => {
      notifier.duringPublish = null;
      await reportBlockedPortal(deps, { userId: BOB, report: parsed(`${HOST} me too`) });
    };
    const outcome = await reportBlockedPortal(deps, { userId: ALICE, report: parsed(`https://${HOST} broken`) });
    expect(outcome.kind).toBe('opened');
    const requestId = outcome.kind === 'opened' ? outcome.view.request.id : '';
    expect(notifier.announced.map((v) => [v.request.id, v.reporters.map((r) => r.userId)])).toEqual([[requestId, [ALICE, BOB]]]);
    expect(await reportersOf(requestId)).toEqual([ALICE, BOB]);
  });
});

/**
 * Holds the first `parties` lookups of an open request until all of them have looked, so every
 * reporter sees "nothing open" and goes on to open one itself: the unique open key must pick one.
 */
class BarrierStore extends PrismaRequestStore {
  sawNothingOpen = 0;
  private waiting = 0;
  private readonly parties: number;
  private release!: () => void;
  private readonly allArrived = new Promise<void>((resolve) => (this.release = resolve));

  constructor(db: Database, parties: number) {
    super(db.prisma);
    this.parties = parties;
  }

  override async findOpenByTarget(target: IndicatorTarget) {
    const found = await super.findOpenByTarget(target);
    if (this.waiting >= this.parties) return found;
    if (found === null) this.sawNothingOpen += 1;
    if (++this.waiting === this.parties) this.release();
    await this.allArrived;
    return found;
  }
}
