import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { huntingRow } from '../builders/hunting-rows.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { FakeLogsIngestion } from '../http-fakes/fake-logs-ingestion.ts';
import { Harness, requestIdOf, USERS } from '../support/e2e-harness.ts';
import { databaseTargets } from '../support/test-databases.ts';

const RULE = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-UnblockAudit_CL';

describe.each(databaseTargets())('the bot forwards its audit trail to Sentinel ($name)', (target) => {
  let h: Harness | undefined;
  let ingestion: FakeLogsIngestion;

  beforeEach(async () => {
    // The harness's Entra starts with the harness; the fake asks it once it is there.
    ingestion = await new FakeLogsIngestion({ audienceOf: (authorization) => h?.entra.audienceOf(authorization) }, RULE, STREAM).start();
    h = await Harness.start(target, { SENTINEL_DCE_ENDPOINT: ingestion.endpoint, SENTINEL_DCR_IMMUTABLE_ID: RULE, SENTINEL_STREAM_NAME: STREAM });
    h.graph.addEvents([huntingRow({ at: '2026-11-25T09:00:00Z', device: 'LAPTOP-01', process: 'chrome.exe' })]);
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    await ingestion.stop();
  });

  /**
   * Forwarding rounds until Sentinel holds `count` rows. On a PostgreSQL server shared with other
   * test files, another database's open write transaction holds the snapshot's xmin back for a
   * moment, and a round rightly leaves the newest entries for the next one.
   */
  async function forwardUntil(count: number) {
    for (const deadline = Date.now() + 30_000; ingestion.rows.length < count; ) {
      const report = await h!.running.forwardAuditNow!();
      expect(report.outcome).not.toBe('failed');
      if (Date.now() > deadline) throw new Error(`Sentinel holds ${ingestion.rows.length} rows, not ${count}`);
      if (report.sent === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('sends what a report and an approval wrote, once, and after a restart only what is new', async () => {
    const harness = h!;
    await harness.command('https://logistics.contoso.com/portal the shipping app fails');
    const message = await harness.approvalMessage();
    await harness.click('approve', { message, userId: USERS.approver, duration: 'P1D' });
    await waitFor('the allow', () => harness.defender.requestsOf('POST')[0]);
    const requestId = requestIdOf(message);
    for (const deadline = Date.now() + 30_000; (await harness.prisma.allowIndicator.count()) === 0; ) {
      if (Date.now() > deadline) throw new Error('the allow was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const entries = await harness.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } });
    await forwardUntil(entries.length);
    expect(ingestion.rows.map((row) => row.EntryId)).toEqual(entries.map((e) => e.id.toString()));
    const approved = ingestion.rows.find((row) => row.Action === 'request.approved');
    expect(approved).toMatchObject({ RequestId: requestId, Target: 'logistics.contoso.com', Actor: `slack:${USERS.approver}`, Requester: USERS.requester, Scope: [], ToStatus: 'approved' });
    // Operators see it in /metrics: every entry Azure accepted, and the rounds by outcome.
    const metrics = await (await fetch(`http://127.0.0.1:${harness.running.port}/metrics`)).text();
    expect(metrics).toContain(`unblock_audit_entries_forwarded_total ${entries.length}`);
    expect(metrics).toMatch(/^unblock_audit_forward_rounds_total\{outcome="(caught_up|more_pending)"\} [1-9]/m);

    await harness.restart();
    expect(await harness.running.forwardAuditNow!()).toEqual({ sent: 0, outcome: 'caught_up' });
    await harness.command('https://payroll.contoso.com the payroll portal fails');
    await harness.approvalMessage(2);
    const all = await harness.prisma.auditEntry.count();
    expect(all).toBeGreaterThan(entries.length);
    await forwardUntil(all);
    expect(await harness.running.forwardAuditNow!()).toEqual({ sent: 0, outcome: 'caught_up' });
    const ids = ingestion.rows.map((row) => row.EntryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await harness.prisma.auditEntry.findMany({ orderBy: { id: 'asc' } })).map((e) => e.id.toString()));
  });
});
