import pino from 'pino';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDependencies } from '../src/compose-dependencies.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/adapters/db/database.ts';
import { PrismaSlackOutbox } from '../src/adapters/db/prisma-slack-outbox.ts';
import { FakeClock } from './port-fakes/fake-clock.ts';
import { RecordingMetrics } from './port-fakes/recording-metrics.ts';
import { FakeSlack } from './http-fakes/fake-slack.ts';
import { databaseTargets, openMigrated, type TestDatabase } from './support/test-databases.ts';

const BOT_TOKEN = 'xoxb-compose-bot-token';

/**
 * composeDependencies without Bolt, as a command-line tool would call it: a plain Web API client
 * pointed at the loopback Slack, no App, no receiver, nothing listening.
 */
describe('composeDependencies with a plain Slack WebClient', () => {
  const slack = new FakeSlack(BOT_TOKEN);
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    await slack.start();
    database = await databaseTargets()[0]!.create({ migrated: true });
    db = await openMigrated(database.settings);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
    await slack.stop();
  });

  it('builds the use-cases’ adapters, whose Slack reads go through the given client, and passes the metrics on', async () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'compose-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      APPROVAL_CHANNEL_ID: 'C0APPROVALS',
      APPROVER_USERGROUP_ID: 'S0APPROVERS',
      AZURE_TENANT_ID: 'contoso-tenant',
      AZURE_CLIENT_ID: 'compose-client',
      AZURE_CLIENT_SECRET: 'compose-client-secret',
      ...(database.settings.url ? { DATABASE_URL: database.settings.url } : { DATA_DIR: database.settings.dataDir }),
    });
    slack.usergroups.set('S0APPROVERS', ['U0GROUPMEMBER']);
    const metrics = new RecordingMetrics();
    const deps = composeDependencies({
      config,
      db,
      slackClient: new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl }),
      clock: new FakeClock(),
      logger: pino({ level: 'silent' }),
      metrics,
      outbox: new PrismaSlackOutbox(db.prisma),
      onQueued: () => {},
    });

    expect(await deps.approvers.isApprover('U0GROUPMEMBER')).toBe(true);
    expect(await deps.approvers.isApprover('U0OUTSIDER')).toBe(false);
    expect(slack.callsOf('usergroups.users.list')[0]).toMatchObject({ token: BOT_TOKEN, args: { usergroup: 'S0APPROVERS' } });
    expect(await deps.store.findOpenByTarget({ type: 'DomainName', value: 'logistics.contoso.com' })).toBeNull();
    expect(deps.metrics).toBe(metrics);
  });
});
