import { beforeEach, describe, expect, it } from 'vitest';
import { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import { reportBlockedPortal } from '../../src/app/report-blocked-portal.ts';
import { parseReport } from '../../src/domain/request/parse-report.ts';
import { blockEvent } from '../builders/request-view-fixtures.ts';
import { databaseTargets, useWorld, type UseCaseWorld } from '../port-fakes/use-case-world.ts';

const ALICE = 'U0ALICE';
const HOST = 'logistics.contoso.com';

function parsed(text: string) {
  const result = parseReport(text);
  if (!result.ok) throw new Error(`test input refused: ${result.error.code}`);
  return result.value;
}

describe.each(databaseTargets())('existing indicators at report time ($name)', (target) => {
  let world: UseCaseWorld;
  const current = useWorld(target, { approvers: [] });
  beforeEach(() => {
    world = current();
  });

  const report = (text: string) => reportBlockedPortal(world.deps, { userId: ALICE, report: parsed(text) });

  it('looks them up with the hunt, stores them with the evidence and shows them to the approval message', async () => {
    world.evidence.setEvents(HOST, [blockEvent({ category: 'CustomBlockList' })]);
    const createdAt = new Date('2026-03-04T10:11:12Z');
    const block = world.indicators.seed({
      type: 'DomainName',
      value: 'contoso.com',
      action: 'Block',
      expiresAt: null,
      title: 'Block Contoso <all>',
      description: 'Legal hold',
      rbacGroupNames: ['Finance'],
      createdBy: 'secops@contoso.com',
      createdAt,
    });
    world.indicators.seed({ type: 'DomainName', value: 'fabrikam.com', action: 'Block', expiresAt: null, title: 'Unrelated' });

    const outcome = await report(`https://${HOST}/portal`);

    expect(world.indicators.relatedLookups).toEqual([HOST]);
    const expected = { outcome: 'checked', indicators: [{ ...block, createdAt }] };
    // What the approval message was rendered from (queued before the status moved) …
    expect(world.notifier.published[0]!.evidence?.existingIndicators).toMatchObject(expected);
    // … and what a restart reads back from the database: dates as dates.
    expect(outcome.kind === 'opened' && outcome.view.evidence?.existingIndicators).toMatchObject(expected);
    const row = await world.db.prisma.evidence.findFirstOrThrow();
    expect(row.existingIndicators).toMatchObject({ outcome: 'checked', indicators: [{ id: block.id, value: 'contoso.com', action: 'Block', createdAt: createdAt.toISOString() }] });
    const audit = await world.db.prisma.auditEntry.findFirstOrThrow({ where: { action: 'request.evidence_collected' } });
    expect(audit.details).toMatchObject({ existingIndicators: [{ id: block.id, type: 'DomainName', value: 'contoso.com', action: 'Block' }] });
  });

  it('a failed look-up is recorded with Defender’s reason and never stops the report', async () => {
    world.indicators.failNext(
      'findRelated',
      new ExternalServiceError({ service: 'defender', failure: 'forbidden', status: 403, userMessage: 'Defender refused the request (HTTP 403)' }),
    );
    const outcome = await report(HOST);

    expect(outcome.kind).toBe('opened');
    expect(outcome.kind === 'opened' && outcome.view.request.status).toBe('pending_approval');
    expect(outcome.kind === 'opened' && outcome.view.evidence).toMatchObject({
      outcome: 'none',
      existingIndicators: { outcome: 'unavailable', error: 'Defender refused the request (HTTP 403)' },
    });
    expect(world.notifier.published).toHaveLength(1);
  });

  it('an unexpected error in the look-up is not swallowed', async () => {
    world.indicators.failNext('findRelated', new TypeError('bug') as unknown as ExternalServiceError);
    await expect(report(HOST)).rejects.toThrow('bug');
  });

  it('a row from before the check reads as null (not as "nothing found")', async () => {
    await report(HOST);
    await world.db.prisma.$executeRawUnsafe(`UPDATE "Evidence" SET "existingIndicators" = NULL`);
    const [row] = await world.db.prisma.unblockRequest.findMany();
    const view = await world.deps.store.view(row!.id);
    expect(view?.evidence?.existingIndicators).toBeNull();
  });

  it('an edited row that does not fit is refused, never read as "nothing found"', async () => {
    await report(HOST);
    await world.db.prisma.$executeRawUnsafe(`UPDATE "Evidence" SET "existingIndicators" = '{"outcome":"checked","indicators":[{"id":"1"}]}'::jsonb`);
    const [row] = await world.db.prisma.unblockRequest.findMany();
    await expect(world.deps.store.view(row!.id)).rejects.toThrow(/existingIndicators\.indicators\.0/);
  });
});
