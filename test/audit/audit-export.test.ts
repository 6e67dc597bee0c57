import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { slackUser, system } from '../../src/domain/request/request.ts';
import { newHostRequest, openReported } from '../builders/audit-details.ts';
import { holder, killStarted, stopWith } from '../support/bot-processes.ts';
import { runAuditExport } from '../support/run-audit-export.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

const AT = new Date('2026-11-26T09:00:00.000Z');
const later = (minutes: number) => new Date(AT.getTime() + minutes * 60_000);


/** Device groups as Defender may name them: a spreadsheet would run the first as a formula. */
const HOSTILE_GROUPS = ['=HYPERLINK("http://evil.example","x")', '+Ops, "West"'];

const jsonl = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

afterAll(killStarted);

describe.each(databaseTargets())('npm run audit:export ($name)', (target) => {
  let database: TestDatabase;
  let db: Database | undefined;

  beforeEach(async () => {
    database = await target.create({ migrated: true });
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    await database?.drop();
  });

  /** Two requests, one approved for two device groups, and entries written out of time order. */
  async function seed() {
    db = await openMigrated(database.settings);
    const store = new PrismaRequestStore(db.prisma);
    const a = (await openReported(store, newHostRequest('logistics.contoso.com', 'U0ALICE', AT)))!;
    const b = (await openReported(store, newHostRequest('payroll.contoso.com', 'U0BOB', later(1))))!;
    const approval = { approverId: 'U0CAROL', at: later(2), duration: 'P1D', indicatorType: null, rbacGroupNames: HOSTILE_GROUPS };
    await store.transition({
      id: a.id,
      from: { status: a.status, version: a.version },
      to: 'approved',
      record: {
        event: 'approved',
        decision: { outcome: 'approved', deciderId: 'U0CAROL', decidedAt: later(2), duration: 'P1D', allowUntil: later(1442), indicator: null, rbacGroupNames: HOSTILE_GROUPS },
        approval,
      },
      audit: { actor: slackUser('U0CAROL'), at: later(2), action: 'request.approved', details: { duration: 'P1D', rbacGroupNames: HOSTILE_GROUPS, note: '@SUM(1+1)' } },
    });
    // Written last, stamped before the approval: the export is in time order, not write order.
    await store.appendAudit(b.id, { actor: system('reconciler'), at: later(1.5), action: 'request.escalated' });
    // Same instant as the approval: ties go by id.
    await store.appendAudit(a.id, { actor: system('reconciler'), at: later(2), action: 'reminder.sent' });
    await db.close();
    db = undefined;
    return { a, b };
  }

  it('writes the trail joined with its request as JSON Lines, in time order, and filters [since, until)', async () => {
    const { a, b } = await seed();
    const all = await runAuditExport(database.settings, ['--since', '2026-11-26']);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    const rows = jsonl(all.stdout);
    expect(rows.map((r) => [r.request, r.action, r.at])).toEqual([
      [a.number, 'request.reported', AT.toISOString()],
      [b.number, 'request.reported', later(1).toISOString()],
      [b.number, 'request.escalated', later(1.5).toISOString()],
      [a.number, 'request.approved', later(2).toISOString()],
      [a.number, 'reminder.sent', later(2).toISOString()],
    ]);
    expect(rows[3]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: later(2).toISOString(),
      request: a.number,
      requestId: a.id,
      target: 'logistics.contoso.com',
      indicatorType: 'DomainName',
      scope: HOSTILE_GROUPS,
      requester: 'U0ALICE',
      actor: 'slack:U0CAROL',
      action: 'request.approved',
      from: 'investigating',
      to: 'approved',
      details: { duration: 'P1D', rbacGroupNames: HOSTILE_GROUPS, note: '@SUM(1+1)' },
    });
    // An entry that records no device groups has no scope.
    expect(rows[1]).toMatchObject({ target: 'payroll.contoso.com', requester: 'U0BOB', scope: null, from: null, to: 'investigating' });

    const window = await runAuditExport(database.settings, ['--since', later(1).toISOString(), '--until', later(2).toISOString()]);
    expect(window.code).toBe(0);
    expect(jsonl(window.stdout).map((r) => r.action)).toEqual(['request.reported', 'request.escalated']);

    const empty = await runAuditExport(database.settings, ['--since', '2026-11-27']);
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([0, '', '']);
  });

  it('writes RFC 4180 CSV whose formula-like cells a spreadsheet shows as text', async () => {
    const { a } = await seed();
    const run = await runAuditExport(database.settings, ['--since', '2026-11-26T09:02:00Z', '--until', '2026-11-26T09:02:00.001Z', '--format', 'csv']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('id,at,request,requestId,target,indicatorType,scope,requester,actor,action,from,to,details');
    expect(lines).toHaveLength(4);
    expect(lines.at(-1)).toBe('');
    const cells = lines[1]!.split(',');
    expect(cells.slice(1, 6)).toEqual([later(2).toISOString(), String(a.number), a.id, 'logistics.contoso.com', 'DomainName']);
    // The group names joined by "; ": led by =, so defused with ' and then quoted (quotes doubled).
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""x""); +Ops, ""West""",U0ALICE,slack:U0CAROL,request.approved,investigating,approved,`);
    // details as its JSON (PostgreSQL jsonb orders the keys its own way).
    expect(lines[1]).toContain('""duration"":""P1D""');
    expect(lines[1]).toContain('""note"":""@SUM(1+1)""');
    // The reminder records no device groups: its scope cell is empty.
    expect(lines[2]).toMatch(/,DomainName,,U0ALICE,system:reconciler,reminder\.sent,,,\{\}$/);
  });

  it('shows the device groups each entry recorded when it was written: an approval later widened by a scope change still reads as approved', async () => {
    db = await openMigrated(database.settings);
    const store = new PrismaRequestStore(db.prisma);
    const a = (await openReported(store, newHostRequest('logistics.contoso.com', 'U0ALICE', AT)))!;
    const approval = { approverId: 'U0CAROL', at: later(2), duration: 'P1D', indicatorType: null, rbacGroupNames: ['Finance'] };
    await store.transition({
      id: a.id,
      from: { status: a.status, version: a.version },
      to: 'approved',
      record: { event: 'approved', decision: { outcome: 'approved', deciderId: 'U0CAROL', decidedAt: later(2), duration: 'P1D', allowUntil: later(1442), indicator: null, rbacGroupNames: ['Finance'] }, approval },
      audit: { actor: slackUser('U0CAROL'), at: later(2), action: 'request.approved', details: { duration: 'P1D', rbacGroupNames: ['Finance'] } },
    });
    // What an approved scope change does to the decision's groups (closeScopeChange), and its entry.
    await db.prisma.decision.update({ where: { requestId: a.id }, data: { rbacGroupNames: ['Finance', 'Sales'] } });
    await store.appendAudit(a.id, { actor: slackUser('U0DAVE'), at: later(3), action: 'allow.scope_changed', details: { before: ['Finance'], after: ['Finance', 'Sales'] } });
    await db.close();
    db = undefined;
    const rows = jsonl((await runAuditExport(database.settings, ['--since', '2026-11-26'])).stdout);
    expect(rows.map((r) => [r.action, r.scope])).toEqual([
      ['request.reported', null],
      ['request.approved', ['Finance']],
      ['allow.scope_changed', ['Finance', 'Sales']],
    ]);
  });

  it.each([
    [['--since', 'yesterday'], /--since: "yesterday" is not an ISO-8601 date/],
    [[], /--since is required/],
    [['--since', '2026-11-26T09:00'], /no time zone: add Z/],
    [['--since', '2026-11-26', '--until', '2026-11-26'], /--until must be after --since/],
    [['--since', '2026-11-26', '--format', 'xlsx'], /--format: jsonl or csv/],
    [['--since', '2026-11-26', '--limit', '5'], /Unknown option '--limit'/],
  ])('refuses %j with exit code 2, a reason on stderr and nothing on stdout', async (args, reason) => {
    const run = await runAuditExport(database.settings, args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).toContain('usage: npm run audit:export');
  });

  it('keeps its memory flat over 40,000 rows (paged, streamed with backpressure)', async () => {
    const { a } = await seed();
    // The JavaScript heap capped at 96 MB: holding the rows or the text (over 60 MB of strings, more
    // as objects) could not fit, so an export that did would die here rather than pass.
    const nodeFlags = ['--max-semi-space-size=1', '--max-old-space-size=96'];
    const small = await runAuditExport(database.settings, ['--since', '2026-11-26'], { nodeFlags });
    db = await openMigrated(database.settings);
    // 40,000 entries of ~1.5 KB each (about 60 MB of JSON Lines), stamped a millisecond apart.
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "AuditEntry" ("requestId", "at", "actor", "action", "details")
       SELECT $1::uuid, $2::timestamptz + (n * interval '1 millisecond'), 'system:bench', 'reminder.sent', jsonb_build_object('n', n, 'pad', repeat('x', 1500))
       FROM generate_series(1, 40000) AS n`,
      a.id,
      later(10),
    );
    await db.close();
    db = undefined;
    const big = await runAuditExport(database.settings, ['--since', '2026-11-26'], { nodeFlags });
    expect(big.stderr).toBe('');
    expect(big.code).toBe(0);
    const lines = big.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(40_005);
    const ns = lines.slice(5).map((line) => (JSON.parse(line) as { details: { n: number } }).details.n);
    expect(ns.every((n, i) => n === i + 1)).toBe(true);
    // Paging adds a page (~2 MB) and the stream's buffers to the peak, whatever the number of rows.
    const addedMiB = (big.maxRssKiB - small.maxRssKiB) / 1024;
    console.log(`audit export ${target.name}: peak RSS ${Math.round(small.maxRssKiB / 1024)} MiB for 5 rows, ${Math.round(big.maxRssKiB / 1024)} MiB for 40,005`);
    expect(addedMiB).toBeLessThan(64);
  });

  it.runIf(target.name === 'pglite')('refuses, saying why, while a running Unblock holds the embedded database, and leaves its lock alone', async () => {
    await seed();
    const bot = holder(database.settings.dataDir);
    expect(await bot.outcome).toEqual({ ready: expect.stringMatching(/^ready pid/) });
    const run = await runAuditExport(database.settings, ['--since', '2026-11-26']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/is open by a running Unblock \(pid \d+ on host .+\)\. Embedded PGlite serves one process at a time.*stop the bot.*DATABASE_URL/);
    // The bot still holds its directory: it stops normally.
    expect((await stopWith('SIGTERM', bot)).exitCode).toBe(0);
    expect((await runAuditExport(database.settings, ['--since', '2026-11-26'])).code).toBe(0);
  });

  it.runIf(target.name === 'postgres')('says the server is unreachable without printing DATABASE_URL', async () => {
    const run = await runAuditExport({ url: 'postgres://auditor:s3cret-pw@127.0.0.1:9/unblock', dataDir: '' }, ['--since', '2026-11-26']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/PostgreSQL database at DATABASE_URL is not usable \(ECONNREFUSED\)/);
    expect(run.stderr).not.toContain('s3cret-pw');
  });
});
