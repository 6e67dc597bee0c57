import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logging/logger.ts';
import { createSlackApp } from '../../src/adapters/slack/create-slack-app.ts';
import type { GuardedApp } from '../../src/adapters/slack/edge/guarded-app.ts';
import { waitFor } from '../http-fakes/fake-http-server.ts';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/slack-requests.ts';

const SIGNING_SECRET = 'guard-signing-secret';
const BOT_TOKEN = 'xoxb-guard-bot-token';

/**
 * The guard's last nets, with listeners that misbehave as a future bug might: one throws before it
 * acknowledges, one never acknowledges. Bolt alone would answer the first 500 and the second 404
 * after 3 s (and Slack would warn the user or retry).
 */
describe('GuardedApp with a listener that fails', () => {
  const slack = new FakeSlack(BOT_TOKEN);
  const logs: string[] = [];
  let app: GuardedApp;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    await slack.start();
    const logger = createLogger({ level: 'debug', secrets: [SIGNING_SECRET, BOT_TOKEN], destination: { write: (line: string) => void logs.push(line) } });
    app = createSlackApp({
      slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: slack.apiUrl, approvalChannelId: 'C0APPROVALS', approverUserIds: [], approverUsergroupId: undefined },
      logger,
    });
    app.command('/portal-blocked', async ({ command }) => {
      if (command.text === 'throw') throw new Error('a listener bug');
      // 'silent': returns without acknowledging.
    });
    await app.init();
    server = (await app.start(0)) as Server;
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
  });

  afterAll(async () => {
    await app.stop();
    await slack.stop();
  });

  const send = (text: string, responseId: string) =>
    postSigned({ url, secret: SIGNING_SECRET, body: slashCommandBody({ text, userId: 'U0GUARD', responseUrl: slack.responseUrl(responseId), wire: true }) });

  it('answers 200 when a listener throws before acknowledging, logs a reference and tells the user it', async () => {
    const reply = await send('throw', 'thrown');
    expect(reply.status).toBe(200);
    const told = await waitFor('the reply to the user', () => slack.responsesTo('thrown')[0]);
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(String(told.text))?.[1];
    expect(ref).toBeDefined();
    const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'a Slack request failed');
    expect(line).toMatchObject({ level: 50, ref });
    expect(JSON.stringify(line)).toContain('a listener bug');
  });

  it('answers 200 at once when a listener never acknowledges', async () => {
    const reply = await send('silent', 'silent');
    // Bolt's own answer to an unacknowledged request is a 404 after 3 s; a 200 came from the guard.
    expect(reply.status).toBe(200);
  });
});
