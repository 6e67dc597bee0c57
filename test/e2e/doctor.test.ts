import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { readMigrationList } from '../../src/adapters/db/migration-directory.ts';
import { pendingMigrations } from '../../src/adapters/db/pending-migrations.ts';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defenderError, FakeDefender } from '../http-fakes/fake-defender.ts';
import { FakeEntra } from '../http-fakes/fake-entra.ts';
import { FakeGraph } from '../http-fakes/fake-graph.ts';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import { huntingRow } from '../builders/hunting-rows.ts';
import { forwardAudit } from '../../src/app/forward-audit.ts';
import { PrismaAuditForwarding } from '../../src/adapters/db/prisma-audit-forwarding.ts';
import { createAzureCredential } from '../../src/adapters/defender/azure-credential.ts';
import { LogsIngestionSink } from '../../src/adapters/sentinel/logs-ingestion-sink.ts';
import { FakeLogsIngestion, MONITOR_AUDIENCE } from '../http-fakes/fake-logs-ingestion.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { newHostRequest, openReported } from '../builders/audit-details.ts';
import { auditSettled } from '../support/audit-settled.ts';
import { databaseTargets, openMigrated, type TestDatabase } from '../support/test-databases.ts';

// Issue 12, part 2: `npm run doctor` as an operator runs it, a child process with the environment
// pointing at the loopback fakes, for a healthy deployment and for each fault it must name.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
const TENANT = '3f1c9a55-7d2e-4b8a-9c61-0e5b2f7a9d14';
const OTHER_TENANT = '8a2b4c6d-1e3f-4a5b-8c7d-9e0f1a2b3c4d';
const CHANNEL = 'C0APPROVALS';
const USERGROUP = 'S0APPROVERS';
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

/** Every secret the doctor is configured with: none may appear in its output, even on a failure. */
const SECRETS = {
  botToken: 'xoxb-doctor-bot-token-5151-fedcba',
  signingSecret: 'doctor-signing-secret-3e9d1b77',
  clientSecret: 'doctor-client-secret-q1w2e3r4',
} as const;

interface DoctorRun {
  readonly code: number;
  readonly output: string;
  /** The report's check lines (✓, ✗ or – first), without the fix lines. */
  readonly lines: string[];
}

/** `node src/doctor.ts` as `npm run doctor` runs it, trusting the test CA as the bot process does. */
function runDoctor(env: Record<string, string>): Promise<DoctorRun> {
  return new Promise((resolve) => {
    execFile(
      NODE,
      ['src/doctor.ts'],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: `${ROOT}test/fixtures/tls/ca.pem`, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output, lines: stdout.split('\n').filter((line) => /^[✓✗–] /.test(line)) });
      },
    );
  });
}

const line = (run: DoctorRun, name: string) => run.lines.find((l) => l.slice(2).startsWith(`${name}:`));

describe.each(databaseTargets())('npm run doctor against the loopback fakes ($name)', (target) => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let entra: FakeEntra;
  let graph: FakeGraph;
  let defender: FakeDefender;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await target.create({ migrated: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  beforeEach(async () => {
    slack = new FakeSlack(SECRETS.botToken);
    entra = new FakeEntra(TENANT, 'doctor-client-id', SECRETS.clientSecret);
    graph = new FakeGraph(entra);
    defender = new FakeDefender(entra, DEFENDER_SCOPE);
    await Promise.all([slack.start(), entra.start(), graph.start(), defender.start()]);
    slack.usergroups.set(USERGROUP, ['U0APPROVER', 'U0APPROVER2']);
    graph.addEvents([huntingRow({ at: '2026-11-30T10:00:00Z', device: 'LAPTOP-7F3K' })]);
    env = {
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      APPROVAL_CHANNEL_ID: CHANNEL,
      APPROVER_USER_IDS: 'U0APPROVER',
      APPROVER_USERGROUP_ID: USERGROUP,
      AZURE_TENANT_ID: TENANT,
      AZURE_CLIENT_ID: entra.clientId,
      AZURE_CLIENT_SECRET: SECRETS.clientSecret,
      AZURE_AUTHORITY_HOST: entra.authorityHost,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
      GRAPH_BASE_URL: graph.baseUrl,
      DEFENDER_API_URL: defender.apiUrl,
      DEFENDER_API_SCOPE: DEFENDER_SCOPE,
      ...(database.settings.url ? { DATABASE_URL: database.settings.url } : { DATA_DIR: database.settings.dataDir }),
    };
  });
  afterEach(async () => {
    await Promise.all([slack.stop(), entra.stop(), graph.stop(), defender.stop()]);
  });

  const expectNoSecrets = (run: DoctorRun) => {
    for (const secret of Object.values(SECRETS)) expect(run.output).not.toContain(secret);
    for (const token of entra.issued) expect(run.output).not.toContain(token.token);
    if (database.settings.url) expect(run.output).not.toContain(database.settings.url);
  };

  it('a healthy deployment: every line ✓, exit code 0, and nothing written anyone sees', async () => {
    const run = await runDoctor(env);
    expect(run.lines.filter((l) => !l.startsWith('✓')), run.output).toEqual([]);
    expect(run.lines.map((l) => l.slice(2, l.indexOf(':')))).toEqual([
      'Configuration',
      'Database',
      'Slack token',
      'Slack scopes',
      'Approval channel',
      'Approver user group',
      'Entra token for Microsoft Graph',
      'Microsoft Graph permission',
      'Entra token for Defender',
      'Defender permission',
      'Advanced hunting',
      'Defender indicators',
    ]);
    expect(line(run, 'Database')).toContain('schema up to date');
    expect(line(run, 'Slack token')).toContain('bot user @unblock (U0BOT)');
    expect(line(run, 'Approver user group')).toContain('2 members');
    expect(line(run, 'Entra token for Defender')).toContain(`tenant ${TENANT}`);
    expect(line(run, 'Microsoft Graph permission')).toContain('ThreatHunting.Read.All granted');
    expect(line(run, 'Defender permission')).toContain('Ti.ReadWrite.All granted');
    expect(line(run, 'Advanced hunting')).toContain('answered 1');
    expect(run.output).toContain('All 12 checks passed');
    expect(run.code).toBe(0);
    // The membership probe is an ephemeral message to the bot itself; nothing is posted or changed.
    expect(slack.messages).toEqual([]);
    expect(slack.ephemerals.map((e) => e.user)).toEqual(['U0BOT']);
    expect(defender.requestsOf('POST')).toEqual([]);
    expect(graph.queries.map((q) => q.query)).toEqual(['DeviceEvents | take 1 | count']);
    expectNoSecrets(run);
  });

  it('Socket Mode: the app token is checked with apps.connections.open, and a wrong one is refused by name', async () => {
    const { SLACK_SIGNING_SECRET: _, ...http } = env;
    slack.socketMode = { appToken: 'xapp-1-doctor-app-token-9090', url: 'ws://127.0.0.1:1/never-opened' };
    const good = await runDoctor({ ...http, SLACK_APP_TOKEN: 'xapp-1-doctor-app-token-9090' });
    expect(line(good, 'Slack app token')).toBe('✓ Slack app token: SLACK_APP_TOKEN may open Socket Mode connections');
    expect(good.code).toBe(0);
    const bad = await runDoctor({ ...http, SLACK_APP_TOKEN: 'xapp-1-some-other-token-0000' });
    expect(line(bad, 'Slack app token')).toBe('✗ Slack app token: Slack refused SLACK_APP_TOKEN (invalid_auth)');
    expect(bad.output).not.toContain('xapp-1-some-other-token-0000');
    expect(good.output).not.toContain('xapp-1-doctor-app-token-9090');
    expect(bad.code).toBe(1);
  });

  it('a missing Slack scope: ✗ naming it and how to add it; the group it is needed for fails with Slack\'s reason', async () => {
    slack.grantedScopes.delete('usergroups:read');
    const run = await runDoctor(env);
    expect(line(run, 'Slack scopes')).toMatch(/^✗ Slack scopes: missing usergroups:read \(reading the approver user group/);
    expect(run.output).toContain('fix: add usergroups:read under OAuth & Permissions → Bot Token Scopes');
    expect(line(run, 'Approver user group')).toContain('missing_scope: usergroups:read');
    expect(line(run, 'Slack token')).toMatch(/^✓/);
    expect(run.code).toBe(1);
    expectNoSecrets(run);
  });

  it('a missing application role: ✗ on the permission, with the admin-consent fix; the indicator call is skipped', async () => {
    entra.roles.set(FakeEntra.audienceOfScope(DEFENDER_SCOPE), []);
    const run = await runDoctor(env);
    expect(line(run, 'Defender permission')).toBe('✗ Defender permission: the token carries no Ti.ReadWrite or Ti.ReadWrite.All (roles in the token: none)');
    expect(run.output).toContain('WindowsDefenderATP → Application permissions → Ti.ReadWrite, then Grant admin consent');
    expect(line(run, 'Defender indicators')).toBe('– Defender indicators: skipped, needs a usable Defender token');
    expect(line(run, 'Advanced hunting')).toMatch(/^✓/);
    expect(run.code).toBe(1);
    expectNoSecrets(run);
  });

  it('with DRY_RUN=true, a Defender token without Ti.ReadWrite is accepted (reads only); without it, the same token fails', async () => {
    entra.roles.set(FakeEntra.audienceOfScope(DEFENDER_SCOPE), []);
    const run = await runDoctor({ ...env, DRY_RUN: 'true' });
    expect(line(run, 'Defender permission')).toMatch(/^✓ Defender permission: /);
    expect(line(run, 'Defender indicators')).toMatch(/^✓ /);
    expect(run.lines.every((l) => !l.startsWith('✗'))).toBe(true);
    expect(run.code).toBe(0);
    expect((await runDoctor(env)).code).toBe(1);
    expectNoSecrets(run);
  });

  it('a missing Graph role: ✗ on the Graph permission with its fix; the hunting query is skipped', async () => {
    entra.roles.set(graph.baseUrl, []);
    const run = await runDoctor(env);
    expect(line(run, 'Microsoft Graph permission')).toBe('✗ Microsoft Graph permission: the token carries no ThreatHunting.Read.All (roles in the token: none)');
    expect(run.output).toContain('add Microsoft Graph → Application permissions → ThreatHunting.Read.All, then Grant admin consent');
    expect(line(run, 'Advanced hunting')).toBe('– Advanced hunting: skipped, needs a usable Microsoft Graph token');
    expect(line(run, 'Defender indicators')).toMatch(/^✓/);
    expect(run.code).toBe(1);
  });

  it('Graph refusing the hunting query although the token carries the role: the line keeps Graph\'s own reason and the fix', async () => {
    graph.failWith({ status: 403, body: { error: { code: 'Forbidden', message: 'Missing role permissions on the request.', innerError: { 'request-id': 'graph-req-7' } } } });
    const run = await runDoctor(env);
    expect(line(run, 'Advanced hunting')).toBe('✗ Advanced hunting: Microsoft Graph refused the request (HTTP 403): "Missing role permissions on the request." [Forbidden, ref graph-req-7]');
    expect(run.output).toContain('fix: the app registration needs the Microsoft Graph application permission ThreatHunting.Read.All, admin-consented');
    expect(run.code).toBe(1);
  });

  it('the bot not in the approval channel: ✗ with Slack\'s error and the /invite fix', async () => {
    slack.botNotIn.add(CHANNEL);
    const run = await runDoctor(env);
    expect(line(run, 'Approval channel')).toBe(`✗ Approval channel: the bot is not a member of ${CHANNEL} (Slack: not_in_channel)`);
    expect(run.output).toContain(`fix: invite the bot to the channel: /invite @unblock in ${CHANNEL}`);
    expect(run.code).toBe(1);
    expectNoSecrets(run);
  });

  it('the wrong tenant: Entra\'s own reason (AADSTS90002) on both tokens; the calls that need them are skipped', async () => {
    const run = await runDoctor({ ...env, AZURE_TENANT_ID: OTHER_TENANT });
    expect(line(run, 'Entra token for Microsoft Graph')).toContain(`AADSTS90002: Tenant '${OTHER_TENANT}' not found.`);
    expect(line(run, 'Entra token for Defender')).toContain('AADSTS90002');
    expect(line(run, 'Advanced hunting')).toBe('– Advanced hunting: skipped, needs a usable Microsoft Graph token');
    expect(run.code).toBe(1);
    expectNoSecrets(run);
  });

  it('a token from another tenant than AZURE_TENANT_ID: ✗ naming both', async () => {
    entra.tokenTenantId = OTHER_TENANT;
    const run = await runDoctor(env);
    expect(line(run, 'Entra token for Microsoft Graph')).toBe(`✗ Entra token for Microsoft Graph: issued by tenant ${OTHER_TENANT}, but AZURE_TENANT_ID is ${TENANT}`);
    expect(run.code).toBe(1);
  });

  it('a wrong client secret: Entra\'s AADSTS7000215, never the secret', async () => {
    const run = await runDoctor({ ...env, AZURE_CLIENT_SECRET: 'wrong-secret-value-000111' });
    expect(line(run, 'Entra token for Defender')).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(run.output).not.toContain('wrong-secret-value-000111');
    expect(run.code).toBe(1);
  });

  it('a vendor echoing a secret in its refusal: the line keeps the reason, never the secret', async () => {
    defender.failNext('GET', defenderError(400, 'BadRequest', `Request rejected for ${SECRETS.clientSecret} (Slack ${SECRETS.botToken}, signing ${SECRETS.signingSecret})`));
    const run = await runDoctor(env);
    expect(line(run, 'Defender indicators')).toMatch(/^✗ Defender indicators: Defender rejected the request \(HTTP 400\): "Request rejected for /);
    expectNoSecrets(run);
    expect(run.code).toBe(1);
  });

  it('the database unreachable: ✗ on the database line only', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const run = await runDoctor({ ...env, DATABASE_URL: 'postgres://unblock:doctor-db-password-77@127.0.0.1:1/unblock' });
    expect(line(run, 'Database')).toBe('✗ Database: the PostgreSQL server at DATABASE_URL could not be reached (ECONNREFUSED)');
    expect(run.output).not.toContain('doctor-db-password-77');
    expect(line(run, 'Slack token')).toMatch(/^✓/);
    expect(run.code).toBe(1);
  });

  // PostgreSQL only: the embedded database has no DATABASE_URL.
  it.skipIf(target.name !== 'postgres')("a DATABASE_URL asking for SSL from a server without it: the driver's reason and what to check, never the URL", async () => {
    const url = new URL(database.settings.url!);
    url.searchParams.set('sslmode', 'require');
    const run = await runDoctor({ ...env, DATABASE_URL: url.toString() });
    expect(line(run, 'Database')).toBe('✗ Database: the database could not be opened: The server does not support SSL connections');
    expect(run.output).toContain('fix: check DATABASE_URL (its host, port, database, user and sslmode) and the server');
    expect(run.output).not.toContain(url.toString());
    expect(run.code).toBe(1);
  });

  it('a DATABASE_URL password with a bare % (no escape; the pg driver takes it as written) still gets a report, without the password', async () => {
    const run = await runDoctor({ ...env, DATABASE_URL: 'postgres://unblock:pa%zzSECRETPW@127.0.0.1:1/unblock' });
    expect(line(run, 'Database')).toMatch(/^✗ Database: /);
    expect(run.output).not.toContain('zzSECRETPW');
    expect(run.code).toBe(1);
  });

  it('migrations pending: ✓ saying the bot applies them at start, and the doctor applied none', async () => {
    const fresh = await target.create();
    try {
      const settings: Record<string, string> = fresh.settings.url ? { DATABASE_URL: fresh.settings.url } : { DATA_DIR: fresh.settings.dataDir };
      const run = await runDoctor({ ...env, ...settings });
      const count = (await readMigrationList()).migrationDirectories.length;
      expect(line(run, 'Database')).toMatch(new RegExp(`^✓ Database: .*, ${count} migrations pending \\(the bot applies them at start\\): `));
      expect(run.code).toBe(0);
      const db = await openDatabase(fresh.settings);
      try {
        expect(await pendingMigrations(db, await readMigrationList())).toHaveLength(count);
      } finally {
        await db.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  it.runIf(target.name === 'pglite')('DATA_DIR held by a running bot: ✓ naming the holder; the doctor does not open it', async () => {
    const holder = spawn(NODE, ['test/support/hold-data-dir.ts', database.settings.dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      holder.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      for (const deadline = Date.now() + 60_000; !out.includes('ready'); ) {
        if (Date.now() > deadline || holder.exitCode !== null) throw new Error(`the holder did not start: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const run = await runDoctor(env);
      expect(line(run, 'Database')).toMatch(new RegExp(`^✓ Database: DATA_DIR .* is locked by a running Unblock \\(pid ${holder.pid} on host [^)]+\\): not opened`));
      expect(run.code).toBe(0);
    } finally {
      holder.kill('SIGTERM');
      if (holder.exitCode === null) await once(holder, 'exit');
    }
  });

  it.runIf(target.name === 'pglite')('a DATA_DIR without a database yet: ✓, the bot creates it; the doctor creates nothing', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'unblock-doctor-'));
    try {
      const run = await runDoctor({ ...env, DATA_DIR: join(parent, 'data') });
      expect(line(run, 'Database')).toBe(`✓ Database: no database in ${join(parent, 'data')} yet: the bot creates it at its first start`);
      expect(run.code).toBe(0);
      const { readdir } = await import('node:fs/promises');
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('with the SENTINEL_* settings: a token for Azure Monitor, and forwarding as the bot left it (not started, failing with Azure\'s reason, working)', async () => {
    const RULE = 'dcr-00112233445566778899aabbccddeeff';
    const STREAM = 'Custom-UnblockAudit_CL';
    const ingestion = await new FakeLogsIngestion(entra, RULE, STREAM).start();
    try {
      const sentinelEnv = { ...env, SENTINEL_DCE_ENDPOINT: ingestion.endpoint, SENTINEL_DCR_IMMUTABLE_ID: RULE, SENTINEL_STREAM_NAME: STREAM };
      const before = await runDoctor(sentinelEnv);
      expect(line(before, 'Entra token for Azure Monitor')).toContain(`tenant ${TENANT}, app doctor-client-id, audience ${MONITOR_AUDIENCE}`);
      expect(line(before, 'Sentinel forwarding')).toBe(`✓ Sentinel forwarding: nothing forwarded to ${RULE}/${STREAM} yet: a running bot sends the whole audit trail first, then what is new every 60 s`);
      expect(before.lines.at(-1)).toBe(line(before, 'Sentinel forwarding'));
      expect(before.code, before.output).toBe(0);
      expect(ingestion.requests).toEqual([]);

      // Rounds of the bot's own forwarder on the deployment's database (closed again before each
      // doctor run: an embedded database serves one process at a time).
      const clock = new FakeClock(new Date());
      const quiet = { debug() {}, info() {}, warn() {}, error() {} };
      const credential = createAzureCredential({ credential: { kind: 'secret', tenantId: TENANT, clientId: entra.clientId, clientSecret: SECRETS.clientSecret }, authorityHost: entra.authorityHost, disableInstanceDiscovery: true });
      const sink = new LogsIngestionSink({ endpoint: ingestion.endpoint, ruleId: RULE, streamName: STREAM, audience: MONITOR_AUDIENCE, timeoutMs: 30_000 }, credential);
      const onDatabase = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
        const db = await openMigrated(database.settings);
        try {
          return await work(db);
        } finally {
          await db.close();
        }
      };
      const round = (db: Database) => forwardAudit({ log: new PrismaAuditForwarding(db.prisma), sink, owner: 'bot-1', clock, logger: quiet, leaseMs: 120_000, uploadBudgetMs: 30_000 });
      const entries = await onDatabase(async (db) => {
        await openReported(new PrismaRequestStore(db.prisma), newHostRequest('logistics.contoso.com', 'U0ALICE', clock.now()));
        await auditSettled(db);
        return db.prisma.auditEntry.count();
      });

      ingestion.grantRole(false);
      expect((await onDatabase(round)).outcome).toBe('failed');
      const failing = await runDoctor(sentinelEnv);
      expect(line(failing, 'Sentinel forwarding')).toMatch(
        new RegExp(`^✗ Sentinel forwarding: the last upload to ${RULE}/${STREAM} failed: Azure Monitor refused the upload to data collection rule ${RULE}, stream ${STREAM} \\(HTTP 403\\).*Monitoring Metrics Publisher.*\\(0 entries sent, ${entries} waiting\\); the bot tries again from `),
      );
      expect(failing.output).toContain('fix: change what the reason above names');
      expect(failing.code).toBe(1);
      expectNoSecrets(failing);

      ingestion.grantRole(true);
      clock.advance(16 * 60_000); // past the backoff of a refusal (15 minutes)
      expect(await onDatabase(round)).toEqual({ sent: entries, outcome: 'caught_up' });
      const working = await runDoctor(sentinelEnv);
      expect(line(working, 'Sentinel forwarding')).toMatch(new RegExp(`^✓ Sentinel forwarding: ${entries} entries sent to ${RULE}/${STREAM}, 0 waiting; last round `));
      expect(working.code, working.output).toBe(0);

      // Another cloud's audience (here one the tenant has no service principal for): Entra's own reason.
      entra.missingResources.add('https://monitor.azure.us');
      const wrongAudience = await runDoctor({ ...sentinelEnv, SENTINEL_AUDIENCE: 'https://monitor.azure.us' });
      expect(line(wrongAudience, 'Entra token for Azure Monitor')).toMatch(/^✗ Entra token for Azure Monitor: .*AADSTS500011.*resource principal named https:\/\/monitor\.azure\.us was not found/);
      expect(wrongAudience.output).toMatch(/fix: .*SENTINEL_AUDIENCE/);
      expect(wrongAudience.code).toBe(1);
    } finally {
      await ingestion.stop();
    }
  });

  it('a bad configuration: one ✗ line per bad setting, the rest skipped with the reason', async () => {
    const { APPROVAL_CHANNEL_ID: _, ...rest } = env;
    const run = await runDoctor({ ...rest, SLACK_BOT_TOKEN: 'not-a-token', DEFENDER_REQUEST_TIMEOUT: 'soon' });
    const config = run.lines.filter((l) => l.startsWith('✗ Configuration'));
    expect(config.some((l) => l.includes('SLACK_BOT_TOKEN: a bot token starting with xoxb-'))).toBe(true);
    expect(config.some((l) => l.includes('APPROVAL_CHANNEL_ID: required'))).toBe(true);
    expect(config.some((l) => l.includes('DEFENDER_REQUEST_TIMEOUT'))).toBe(true);
    expect(line(run, 'Slack token')).toBe('– Slack token: skipped, needs a valid configuration');
    expect(run.output).not.toContain('not-a-token');
    expect(slack.calls).toEqual([]);
    expect(run.code).toBe(1);
  });
});
