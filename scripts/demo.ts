/**
 * `npm run demo`: the whole flow on this machine, with no Slack workspace or Microsoft tenant.
 * Starts loopback fakes of Slack, Entra ID, Graph and Defender (the ones the tests use), runs the
 * real bot with `npm start` against them (embedded database in a temporary directory), sends a
 * Slack-signed `/portal-blocked`, clicks Approve, and prints what each person would see.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '../test/support/trust-test-ca.ts';
import { FakeDefender } from '../test/http-fakes/fake-defender.ts';
import { FakeEntra } from '../test/http-fakes/fake-entra.ts';
import { FakeGraph } from '../test/http-fakes/fake-graph.ts';
import { waitFor } from '../test/http-fakes/fake-http-server.ts';
import { FakeSlack } from '../test/http-fakes/fake-slack.ts';
import { visibleText } from '../test/support/e2e-harness.ts';
import { huntingRow } from '../test/builders/hunting-rows.ts';
import { blockActionBody, postSigned, slashCommandBody } from '../test/support/slack-requests.ts';

const SIGNING_SECRET = 'demo-signing-secret';
const CHANNEL = 'C0SECURITY';
const root = fileURLToPath(new URL('..', import.meta.url));
const say = (title: string, text = '') => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}\n${text}`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const slack = await new FakeSlack('xoxb-demo-token').start();
const entra = await new FakeEntra('contoso-tenant', 'demo-client', 'demo-secret').start();
const graph = await new FakeGraph(entra).start();
const defender = await new FakeDefender(entra, 'https://api.securitycenter.microsoft.com/.default').start();
graph.addEvents([
  huntingRow({ at: new Date(Date.now() - 3_600_000).toISOString(), device: 'LAPTOP-7F3K', process: 'ShippingApp.exe', account: 'amira' }),
  huntingRow({ at: new Date(Date.now() - 7_200_000).toISOString(), device: 'LAPTOP-2Q9D', process: 'chrome.exe', account: 'ben' }),
  huntingRow({ at: new Date(Date.now() - 86_400_000).toISOString(), device: 'LAPTOP-7F3K', action: 'ExploitGuardNetworkProtectionAudited' }),
]);
const dataDir = await mkdtemp(join(tmpdir(), 'unblock-demo-'));
const port = await freePort();

say('npm start', `(bot on port ${port}, embedded database in ${dataDir})`);
const bot = spawn('npm', ['start', '--silent'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    NODE_EXTRA_CA_CERTS: join(root, 'test/fixtures/tls/ca.pem'),
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(port),
    APPROVAL_CHANNEL_ID: CHANNEL,
    APPROVER_USER_IDS: 'U0APPROVER',
    AZURE_TENANT_ID: entra.tenantId,
    AZURE_CLIENT_ID: entra.clientId,
    AZURE_CLIENT_SECRET: entra.clientSecret,
    AZURE_AUTHORITY_HOST: entra.authorityHost,
    AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
    GRAPH_BASE_URL: graph.baseUrl,
    DEFENDER_API_URL: defender.apiUrl,
    DATA_DIR: dataDir,
  },
});

let healthy = false;
for (const deadline = Date.now() + 60_000; !healthy && Date.now() < deadline; ) {
  healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  if (!healthy) await new Promise((r) => setTimeout(r, 250));
}
if (!healthy) throw new Error('the bot did not become healthy within 60 s');

try {
  const events = `http://127.0.0.1:${port}/slack/events`;
  const text = 'https://logistics.contoso.com/portal/login the shipping app fails since Monday';
  say('Amira types', `/portal-blocked ${text}`);
  const ack = await postSigned({ url: events, secret: SIGNING_SECRET, body: slashCommandBody({ text, userId: 'U0AMIRA', responseUrl: slack.responseUrl('amira') }) });
  say('Amira sees (ephemeral, at once)', (JSON.parse(ack.body) as { text: string }).text);

  const message = await waitFor('approval message', () => slack.parents(CHANNEL)[0], 30_000);
  say(`#security sees (${CHANNEL})`, visibleText(message));
  say('…and in the thread', slack.thread(CHANNEL, message.ts).map((m) => m.text).join('\n\n'));
  say('Amira sees (ephemeral)', String((await waitFor('reply', () => slack.responsesTo('amira')[0], 30_000)).text));

  const actions = message.blocks!.find((b) => (b as { type: string }).type === 'actions') as { elements: Array<{ action_id: string; value?: string }> };
  const requestId = actions.elements.find((e) => e.action_id === 'unblock_approve')!.value!;
  say('An approver picks "3 days" and clicks Approve');
  await postSigned({
    url: events,
    secret: SIGNING_SECRET,
    body: blockActionBody({ actionId: 'unblock_approve', value: requestId, userId: 'U0APPROVER', channelId: CHANNEL, messageTs: message.ts, responseUrl: slack.responseUrl('approver'), duration: 'P3D' }),
  });
  const dm = await waitFor('DM', () => slack.dms('U0AMIRA')[0], 30_000);
  say('#security now sees', visibleText(slack.messages.find((m) => m.ts === message.ts)!).split('\n').slice(-1).join('\n'));
  say('…and in the thread', slack.thread(CHANNEL, message.ts).slice(1).map((m) => m.text).join('\n\n'));
  say('Amira gets a DM', String(dm.text));
  say('Defender now holds', JSON.stringify([...defender.indicators.values()], null, 2));
} finally {
  bot.kill('SIGTERM');
  await new Promise((resolve) => bot.once('exit', resolve));
  await Promise.all([slack.stop(), entra.stop(), graph.stop(), defender.stop()]);
  await rm(dataDir, { recursive: true, force: true });
}
