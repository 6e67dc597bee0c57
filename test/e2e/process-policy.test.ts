import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { BotProcess, freePort } from '../support/bot-process.ts';
import { databaseTargets, type TestDatabase } from '../support/test-databases.ts';

const INJECT_FAULT = fileURLToPath(new URL('../fixtures/inject-fault.ts', import.meta.url));

/**
 * The process-level policy (src/process-policy.ts), on the real bot in a process of its own, as
 * `npm start` runs it, with a failure injected that escapes every handler (test/fixtures/inject-fault.ts).
 */
describe('the process-level policy', () => {
  const slack = new FakeSlack('xoxb-policy-bot-token');
  let bot: BotProcess | undefined;
  // One database for both bots, a migrated copy of the PGlite template: neither start migrates.
  let database: TestDatabase;

  beforeAll(async () => {
    await slack.start();
    database = await databaseTargets().find((t) => t.name === 'pglite')!.create({ migrated: true });
  });
  afterEach(async () => {
    await bot?.stop();
  });
  afterAll(async () => {
    await slack.stop();
    await database?.drop();
  });

  async function startBot(fault: 'rejection' | 'exception'): Promise<BotProcess> {
    ({ bot } = await BotProcess.start({
      SLACK_BOT_TOKEN: 'xoxb-policy-bot-token',
      SLACK_SIGNING_SECRET: 'policy-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: String(await freePort()),
      APPROVAL_CHANNEL_ID: 'C0APPROVALS',
      APPROVER_USER_IDS: 'U0APPROVER',
      // Never asked for a token here: the bot only has to start.
      AZURE_TENANT_ID: 'contoso-tenant',
      AZURE_CLIENT_ID: 'policy-client',
      AZURE_CLIENT_SECRET: 'policy-client-secret',
      DATA_DIR: database.settings.dataDir,
      LOG_LEVEL: 'info',
      NODE_OPTIONS: `--import ${INJECT_FAULT}`,
      UNBLOCK_TEST_FAULT: fault,
    }));
    return bot;
  }

  async function metrics(port: number): Promise<string> {
    return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  }

  it('logs an unhandled rejection with a reference, counts it, and keeps serving', async () => {
    const running = await startBot('rejection');
    expect(await metrics(running.port)).toContain('unblock_process_failures_total{failure="unhandled_rejection"} 0');
    running.signal('SIGUSR2');
    const line = await waitFor('the error line', () => running.logLines().find((l) => l.failure === 'unhandled_rejection'));
    expect(line).toMatchObject({ level: 50, ref: expect.stringMatching(/^[0-9a-f]{8}$/), msg: 'a promise failed and nothing handled it; the bot keeps serving' });
    expect(JSON.stringify(line.err)).toContain('injected fault: a promise nobody awaits');
    expect(running.running).toBe(true);
    expect((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status).toBe(200);
    expect(await metrics(running.port)).toContain('unblock_process_failures_total{failure="unhandled_rejection"} 1');
  }, 120_000);

  it('logs an uncaught exception at fatal level with a reference and exits with code 1, for its supervisor to restart it', async () => {
    const running = await startBot('exception');
    running.signal('SIGUSR2');
    const exitCode = await running.exited();
    expect(exitCode).toBe(1);
    const line = running.logLines().find((l) => l.failure === 'uncaught_exception');
    expect(line).toMatchObject({ level: 60, ref: expect.stringMatching(/^[0-9a-f]{8}$/), origin: 'uncaughtException' });
    expect(JSON.stringify(line?.err)).toContain('injected fault: a throw from a timer callback');
  }, 120_000);
});
