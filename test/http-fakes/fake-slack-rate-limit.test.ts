import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, test } from 'vitest';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.ts';
import { SLACK_POSTING_LIMIT } from './posting-limit.ts';

const TOKEN = 'xoxb-rate-limit-test';
let slack: FakeSlack | undefined;
let clockMs = 1_000_000;

async function fakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  slack = await new FakeSlack(TOKEN, { now: () => clockMs, ...options }).start();
  return slack;
}

afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});

/** Calls a Web API method the way the SDK does (form-encoded, bearer token); returns status, Retry-After and body. */
async function call(method: string, args: Record<string, string>) {
  const response = await fetch(`${slack!.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, unknown> };
}

const post = (channel: string, text = 'hello') => call('chat.postMessage', { channel, text });

describe('the Slack stand-in enforcing chat.postMessage per channel', () => {
  test('a burst goes through, then the channel is answered 429 ratelimited with Retry-After in whole seconds', async () => {
    await fakeSlack({ postMessagePerChannel: { perSecond: 1, burst: 3 } });
    for (let n = 0; n < 3; n++) expect((await post('C0APPROVALS')).status).toBe(200);
    const refused = await post('C0APPROVALS', 'one too many');
    expect(refused).toEqual({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    expect(slack!.messages.map((m) => m.text)).not.toContain('one too many');
    expect(slack!.rateLimited).toEqual([{ method: 'chat.postMessage', channel: 'C0APPROVALS', at: clockMs, retryAfterSeconds: 1 }]);
  });

  test('the channel takes one message per second again, and a long pause refills no more than the burst', async () => {
    await fakeSlack({ postMessagePerChannel: { perSecond: 1, burst: 3 } });
    for (let n = 0; n < 3; n++) await post('C0APPROVALS');
    clockMs += 1_000;
    expect((await post('C0APPROVALS')).status).toBe(200);
    expect((await post('C0APPROVALS')).status).toBe(429);
    clockMs += 60_000;
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await post('C0APPROVALS')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  test('Retry-After covers the wait for the next message at a slower rate', async () => {
    await fakeSlack({ postMessagePerChannel: { perSecond: 0.25, burst: 1 } });
    await post('C0APPROVALS');
    clockMs += 1_000;
    expect((await post('C0APPROVALS')).retryAfter).toBe('3');
  });

  test('each channel, DMs included, has its own limit; chat.update is not limited', async () => {
    await fakeSlack({ postMessagePerChannel: { perSecond: 1, burst: 1 } });
    const first = await post('C0APPROVALS');
    expect((await post('C0APPROVALS')).status).toBe(429);
    expect((await post('C0OTHER')).status).toBe(200);
    expect((await post('DU0ALICE')).status).toBe(200);
    for (let n = 0; n < 5; n++) {
      expect((await call('chat.update', { channel: 'C0APPROVALS', ts: String(first.body.ts), text: `edit ${n}` })).status).toBe(200);
    }
  });

  test('accepted writes are kept as a timeline of method, channel and time; refused ones are not', async () => {
    await fakeSlack({ postMessagePerChannel: { perSecond: 1, burst: 1 } });
    const first = await post('C0APPROVALS');
    await post('C0APPROVALS');
    clockMs += 250;
    await call('chat.update', { channel: 'C0APPROVALS', ts: String(first.body.ts), text: 'edited' });
    await call('chat.update', { channel: 'C0APPROVALS', ts: '1.000', text: 'no such message' });
    expect(slack!.writes).toEqual([
      { method: 'chat.postMessage', channel: 'C0APPROVALS', at: clockMs - 250 },
      { method: 'chat.update', channel: 'C0APPROVALS', at: clockMs },
    ]);
  });

  test('enforces Slack\'s documented limit by default, and lifted (postMessagePerChannel: false) lets every post through', async () => {
    await fakeSlack({});
    const statuses = [];
    for (let n = 0; n < 4; n++) statuses.push((await post('C0APPROVALS')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await slack!.stop();
    await fakeSlack({ postMessagePerChannel: false });
    for (let n = 0; n < 20; n++) expect((await post('C0APPROVALS')).status).toBe(200);
    expect(slack!.rateLimited).toEqual([]);
  });

  test('the limit can be set and lifted while running', async () => {
    await fakeSlack({ postMessagePerChannel: false });
    slack!.limitPostMessage({ perSecond: 1, burst: 1 });
    await post('C0APPROVALS');
    expect((await post('C0APPROVALS')).status).toBe(429);
    slack!.limitPostMessage(false);
    expect((await post('C0APPROVALS')).status).toBe(200);
  });

  test("the SDK's WebClient reads the 429, waits Retry-After and posts on its retry", async () => {
    slack = await new FakeSlack(TOKEN, { postMessagePerChannel: SLACK_POSTING_LIMIT }).start();
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 }, logLevel: webApi.LogLevel.ERROR });
    const rateLimited: number[] = [];
    client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));
    for (let n = 0; n <= SLACK_POSTING_LIMIT.burst; n++) await client.chat.postMessage({ channel: 'C0APPROVALS', text: `message ${n}` });
    expect(rateLimited).toEqual([1]);
    expect(slack.parents('C0APPROVALS')).toHaveLength(SLACK_POSTING_LIMIT.burst + 1);
  });
});

describe('the Slack stand-in holding views.publish', () => {
  const publish = (userId: string) => call('views.publish', { user_id: userId, view: JSON.stringify({ type: 'home', blocks: [] }) });

  test('answers every call 429 ratelimited with Retry-After: 1 and publishes nothing until released; then publishes again', async () => {
    await fakeSlack({ postMessagePerChannel: false });
    slack!.holdViewsPublish(true);
    for (const user of ['U0ALICE', 'U0BOB']) expect(await publish(user)).toEqual({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    expect(slack!.publishedViews).toEqual([]);
    expect(slack!.rateLimited.map((c) => [c.method, c.channel])).toEqual([['views.publish', 'U0ALICE'], ['views.publish', 'U0BOB']]);
    slack!.holdViewsPublish(false);
    expect((await publish('U0BOB')).status).toBe(200);
    expect(slack!.publishedViews.map((v) => v.userId)).toEqual(['U0BOB']);
  });
});
