import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forwardAudit, type ForwardReport } from '../../src/app/forward-audit.ts';
import type { Logger } from '../../src/app/ports/runtime.ts';
import type { NewRequest } from '../../src/app/ports/request-records.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaAuditForwarding } from '../../src/adapters/db/prisma-audit-forwarding.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { createAzureCredential } from '../../src/adapters/defender/azure-credential.ts';
import { LogsIngestionSink } from '../../src/adapters/sentinel/logs-ingestion-sink.ts';
import { system } from '../../src/domain/request/request.ts';
import { openReported } from '../builders/audit-details.ts';
import { FakeEntra } from '../http-fakes/fake-entra.ts';
import { FakeLogsIngestion, MONITOR_AUDIENCE } from '../http-fakes/fake-logs-ingestion.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { auditSettled } from '../support/audit-settled.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const RULE = 'dcr-0123456789abcdef0123456789abcdef';
const STREAM = 'Custom-UnblockAudit_CL';
const SECRET = 'sentinel-test-client-secret';

/** A logger that keeps what it was told, for "logged once" checks. */
class RecordingLogger implements Logger {
  readonly lines: Array<{ level: string; message: string | undefined; details: object }> = [];
  debug(details: object, message?: string) {
    this.lines.push({ level: 'debug', message, details });
  }
  info(details: object, message?: string) {
    this.lines.push({ level: 'info', message, details });
  }
  warn(details: object, message?: string) {
    this.lines.push({ level: 'warn', message, details });
  }
  error(details: object, message?: string) {
    this.lines.push({ level: 'error', message, details });
  }
  at(level: string) {
    return this.lines.filter((line) => line.level === level).map((line) => line.message ?? '');
  }
}

describe.each(databaseTargets())('forwarding the audit trail to Sentinel ($name)', (target) => {
  let database: TestDatabase;
  let dbs: Database[];
  let entra: FakeEntra;
  let ingestion: FakeLogsIngestion;
  let clock: FakeClock;
  let logger: RecordingLogger;
  let requestId: string;

  beforeEach(async () => {
    entra = await new FakeEntra('contoso-tenant', 'unblock-client-id', SECRET).start();
    ingestion = await new FakeLogsIngestion(entra, RULE, STREAM).start();
    database = await target.create({ migrated: true });
    dbs = [await openMigrated(database.settings)];
    clock = new FakeClock(new Date('2026-11-26T09:00:00.000Z'));
    logger = new RecordingLogger();
    const store = new PrismaRequestStore(dbs[0]!.prisma);
    const input: NewRequest = {
      id: randomUUID(),
      target: { type: 'DomainName', value: 'logistics.contoso.com' },
      reportedTarget: 'logistics.contoso.com',
      coversSubdomains: false,
      requesterId: 'U0ALICE',
      reason: 'shipping app fails',
      at: clock.now(),
    };
    requestId = (await openReported(store, input))!.id;
  });
  afterEach(async () => {
    for (const db of dbs ?? []) await db.close();
    await database?.drop();
    await ingestion?.stop();
    await entra?.stop();
  });

  const db = () => dbs[0]!;

  const settled = (on: Database = db()) => auditSettled(on);

  /** A replica's forwarding round: its own sink (SDK client and credential) on `on`'s database; `settle` first waits for settled(). */
  function replica(owner: string, on: Database = db(), options: { settle?: boolean } = {}) {
    const credential = createAzureCredential({
      credential: { kind: 'secret', tenantId: entra.tenantId, clientId: entra.clientId, clientSecret: SECRET },
      authorityHost: entra.authorityHost,
      disableInstanceDiscovery: true,
    });
    const sink = new LogsIngestionSink({ endpoint: ingestion.endpoint, ruleId: RULE, streamName: STREAM, audience: MONITOR_AUDIENCE, timeoutMs: 30_000 }, credential);
    const log = new PrismaAuditForwarding(on.prisma);
    return async (): Promise<ForwardReport> => {
      if (options.settle !== false) await settled(on);
      return forwardAudit({ log, sink, owner, clock, logger, leaseMs: 120_000, uploadBudgetMs: 30_000 });
    };
  }

  async function append(count: number, on: Database = db()) {
    const store = new PrismaRequestStore(on.prisma);
    for (let i = 0; i < count; i++) await store.appendAudit(requestId, { actor: system('reconciler'), at: clock.now(), action: 'reminder.sent', details: { i } });
  }

  const allEntryIds = async () => (await db().prisma.auditEntry.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id.toString());
  const sentIds = () => ingestion.rows.map((row) => row.EntryId as string);

  it('sends each entry once, gzip, with a token for Azure Monitor, as rows of the custom table', async () => {
    await append(3);
    const round = replica('replica-a');
    expect(await round()).toEqual({ sent: 4, outcome: 'caught_up' });
    expect(sentIds()).toEqual(await allEntryIds());
    const call = ingestion.requests.at(-1)!;
    expect(call.path).toBe(`/dataCollectionRules/${RULE}/streams/${STREAM}`);
    expect(call.query.get('api-version')).toBe('2023-01-01');
    expect(call.headers['content-encoding']).toBe('gzip');
    expect(entra.issued.at(-1)!.scope).toBe(`${MONITOR_AUDIENCE}/.default`);
    expect(ingestion.rows[0]).toEqual({
      TimeGenerated: '2026-11-26T09:00:00.000Z',
      EntryId: expect.stringMatching(/^\d+$/),
      RequestId: requestId,
      RequestNumber: expect.any(Number),
      Target: 'logistics.contoso.com',
      IndicatorType: 'DomainName',
      Scope: null,
      Requester: 'U0ALICE',
      Actor: 'slack:U0ALICE',
      Action: 'request.reported',
      FromStatus: null,
      ToStatus: 'investigating',
      Details: { target: { type: 'DomainName', value: 'logistics.contoso.com' }, reportedTarget: 'logistics.contoso.com' },
    });
    // Nothing new: nothing sent.
    expect(await round()).toEqual({ sent: 0, outcome: 'caught_up' });
    await append(2);
    expect(await round()).toEqual({ sent: 2, outcome: 'caught_up' });
    expect(sentIds()).toEqual(await allEntryIds());
  });

  it('two replicas forwarding at the same time from one database send each entry once', async () => {
    if (target.name === 'postgres') dbs.push(await openMigrated(database.settings));
    const a = replica('replica-a', dbs[0]);
    const b = replica('replica-b', dbs.at(-1));
    const rounds: Array<Promise<ForwardReport>> = [];
    for (let wave = 0; wave < 6; wave++) {
      await append(40, dbs[wave % dbs.length]);
      rounds.push(a(), b(), a(), b());
      // The fake clock moves on so a lease left by a round cut short cannot stall the test.
      clock.advance(1_000);
    }
    const reports = await Promise.all(rounds);
    expect(reports.some((r) => r.outcome === 'not_claimed')).toBe(true);
    while ((await a()).sent > 0);
    const sent = sentIds();
    expect(new Set(sent).size).toBe(sent.length);
    expect([...sent].sort()).toEqual([...(await allEntryIds())].sort());
  });

  it('keeps its cursor across a restart: a new process sends only what came after', async () => {
    await append(5);
    expect((await replica('before-restart')()).sent).toBe(6);
    await db().close();
    dbs = [await openMigrated(database.settings)];
    await append(2);
    expect(await replica('after-restart')()).toEqual({ sent: 2, outcome: 'caught_up' });
    expect(sentIds()).toEqual(await allEntryIds());
  });

  it('a failed upload leaves the cursor, backs off (Retry-After included) and then sends each entry once', async () => {
    await append(2);
    const round = replica('replica-a');
    ingestion.failNext(FakeLogsIngestion.serverError());
    expect(await round()).toEqual({ sent: 0, outcome: 'failed' });
    expect(logger.at('warn').join('\n')).toMatch(/Azure Monitor is unavailable \(HTTP 500\): "An internal error occurred\."/);
    // Within the backoff (30 s after a first failure), no replica tries.
    clock.advance(29_000);
    expect(await round()).toEqual({ sent: 0, outcome: 'not_claimed' });
    clock.advance(1_000);
    ingestion.failNext(FakeLogsIngestion.throttled(300));
    expect(await round()).toEqual({ sent: 0, outcome: 'failed' });
    // Azure asked for 300 s, longer than the second backoff (60 s): Azure's wait holds.
    clock.advance(299_000);
    expect((await round()).outcome).toBe('not_claimed');
    clock.advance(1_000);
    expect(await round()).toEqual({ sent: 3, outcome: 'caught_up' });
    expect(sentIds()).toEqual(await allEntryIds());
    expect(logger.at('error')).toEqual([]);
  });

  it('a missing role (403) is logged once, with Azure\'s message and the role to grant, and forwarding resumes once granted', async () => {
    const round = replica('replica-a');
    ingestion.grantRole(false);
    expect((await round()).outcome).toBe('failed');
    for (let i = 0; i < 3; i++) {
      clock.advance(15 * 60_000);
      expect((await replica(`replica-${i}`)()).outcome).toBe('failed');
    }
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Azure Monitor refused the upload to data collection rule dcr-0123456789abcdef0123456789abcdef, stream Custom-UnblockAudit_CL (HTTP 403)');
    expect(errors[0]).toContain('"The authentication token provided does not have access to ingest data for the data collection rule');
    expect(errors[0]).toContain('Monitoring Metrics Publisher role');
    expect(errors[0]).not.toContain(SECRET);
    ingestion.grantRole(true);
    clock.advance(15 * 60_000);
    expect(await round()).toEqual({ sent: 1, outcome: 'caught_up' });
    expect(logger.at('info')).toContain('forwarding audit entries to Sentinel works again');
  });

  it('a credential Entra refuses is logged once, with the AADSTS reason and the settings to check', async () => {
    await append(1);
    const traceId = () => randomUUID();
    entra.failWith({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided.\r\nTrace ID: ${traceId()}\r\nCorrelation ID: ${traceId()}\r\nTimestamp: 2026-11-26 09:00:00Z`,
        error_codes: [7000215],
      },
    });
    for (let i = 0; i < 3; i++) {
      expect((await replica(`replica-${i}`)()).outcome).toBe('failed');
      clock.advance(15 * 60_000);
    }
    const errors = logger.at('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Entra ID refused a token for https://monitor.azure.com/.default');
    expect(errors[0]).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(errors[0]).toContain('check AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH (wrong or expired) and AZURE_CLIENT_ID');
    expect(errors[0]).not.toContain(SECRET);
    expect(ingestion.rows).toEqual([]);
    entra.failWith(undefined);
    expect(await replica('replica-after')()).toEqual({ sent: 2, outcome: 'caught_up' });
  });

  it.runIf(target.name === 'postgres')('never skips an entry whose transaction commits after a later id (ids commit out of order)', async () => {
    const round = replica('replica-a');
    // Rounds while a transaction is held open on purpose: no waiting for it.
    const unsettledRound = replica('replica-a', db(), { settle: false });
    expect((await round()).sent).toBe(1);
    const url = database.settings.url!;
    const early = new pg.Client({ connectionString: url });
    const late = new pg.Client({ connectionString: url });
    await Promise.all([early.connect(), late.connect()]);
    const insert = (client: pg.Client, n: string) =>
      client.query(`INSERT INTO "AuditEntry" ("requestId", "at", "actor", "action", "details") VALUES ($1, now(), 'system:reconciler', 'reminder.sent', $2) RETURNING id`, [requestId, { n }]);
    try {
      // A takes the lower id and commits last.
      await early.query('BEGIN');
      const idA = (await insert(early, 'A')).rows[0].id as string;
      const idB = (await insert(late, 'B')).rows[0].id as string;
      expect(BigInt(idA)).toBeLessThan(BigInt(idB));
      expect(await unsettledRound()).toEqual({ sent: 0, outcome: 'caught_up' });
      await early.query('COMMIT');
      expect((await round()).sent).toBe(2);

      // C's transaction started writing before D's, D takes the lower id, C commits first.
      await late.query('BEGIN');
      await late.query('SELECT pg_current_xact_id()');
      await early.query('BEGIN');
      const idD = (await insert(early, 'D')).rows[0].id as string;
      const idC = (await insert(late, 'C')).rows[0].id as string;
      expect(BigInt(idD)).toBeLessThan(BigInt(idC));
      await late.query('COMMIT');
      // C is sent (D's open transaction is younger than C's); D waits. Retried while another
      // database's older transaction on the shared server holds xmin back for a moment.
      let sentC = 0;
      for (const deadline = Date.now() + 30_000; sentC === 0 && Date.now() < deadline; ) sentC = (await unsettledRound()).sent;
      expect(sentC).toBe(1);
      expect((await unsettledRound()).sent).toBe(0);
      await early.query('COMMIT');
      expect((await round()).sent).toBe(1);
    } finally {
      await early.end();
      await late.end();
    }
    expect(ingestion.rows.map((row) => (row.Details as { n?: string }).n ?? null)).toEqual([null, 'A', 'B', 'C', 'D']);
    expect([...sentIds()].sort()).toEqual([...(await allEntryIds())].sort());
  });
});
