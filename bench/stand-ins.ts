import { FakeDefender } from '../test/http-fakes/fake-defender.ts';
import { FakeEntra } from '../test/http-fakes/fake-entra.ts';
import { FakeGraph } from '../test/http-fakes/fake-graph.ts';
import type { RecordedRequest, Reply } from '../test/http-fakes/fake-http-server.ts';
import { FakeSlack } from '../test/http-fakes/fake-slack.ts';
import type { PostingLimit } from '../test/http-fakes/posting-limit.ts';

export const BENCH_SECRETS = {
  botToken: 'xoxb-bench-bot-token',
  signingSecret: 'bench-signing-secret',
  clientSecret: 'bench-client-secret',
} as const;
export const APPROVAL_CHANNEL = 'C0APPROVALS';
export const APPROVER = 'U0APPROVER';
const DEFENDER_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

/** An API request and when it arrived (performance.now() of the bench process, ms). */
export interface Arrival {
  readonly at: number;
  readonly request: RecordedRequest;
}

/** The Defender stand-in, also noting when each request arrived (for click → POST latency). */
export class TimedDefender extends FakeDefender {
  readonly arrivals: Arrival[] = [];

  protected override handle(request: RecordedRequest): Reply {
    this.arrivals.push({ at: performance.now(), request });
    return super.handle(request);
  }
}

/**
 * The loopback stand-ins of test/http-fakes (Slack, Entra ID, Graph, Defender) hosted by the bench
 * process, and the environment that points a bot at them.
 */
export class StandIns {
  readonly slack: FakeSlack;
  readonly entra = new FakeEntra('contoso-tenant', 'unblock-bench-client', BENCH_SECRETS.clientSecret);
  readonly graph = new FakeGraph(this.entra);
  readonly defender = new TimedDefender(this.entra, DEFENDER_SCOPE);

  private constructor(postMessagePerChannel: PostingLimit | false) {
    this.slack = new FakeSlack(BENCH_SECRETS.botToken, { postMessagePerChannel });
  }

  static async start(options: { postMessagePerChannel?: PostingLimit | false } = {}): Promise<StandIns> {
    const standIns = new StandIns(options.postMessagePerChannel ?? false);
    await Promise.all([standIns.slack.start(), standIns.entra.start(), standIns.graph.start(), standIns.defender.start()]);
    return standIns;
  }

  /** Every request any stand-in has received so far: grows while the bot is still working. */
  get traffic(): number {
    return this.slack.requests.length + this.graph.requests.length + this.defender.requests.length + this.entra.requests.length;
  }

  /** The bot's configuration (as environment variables) for these stand-ins, on `database`. */
  env(database: { url?: string; dataDir?: string }, port: number): Record<string, string> {
    return {
      SLACK_BOT_TOKEN: BENCH_SECRETS.botToken,
      SLACK_SIGNING_SECRET: BENCH_SECRETS.signingSecret,
      SLACK_API_URL: this.slack.apiUrl,
      PORT: String(port),
      APPROVAL_CHANNEL_ID: APPROVAL_CHANNEL,
      APPROVER_USER_IDS: APPROVER,
      AZURE_TENANT_ID: this.entra.tenantId,
      AZURE_CLIENT_ID: this.entra.clientId,
      AZURE_CLIENT_SECRET: BENCH_SECRETS.clientSecret,
      AZURE_AUTHORITY_HOST: this.entra.authorityHost,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
      GRAPH_BASE_URL: this.graph.baseUrl,
      DEFENDER_API_URL: this.defender.apiUrl,
      DEFENDER_API_SCOPE: DEFENDER_SCOPE,
      ...(database.url ? { DATABASE_URL: database.url } : { DATA_DIR: database.dataDir! }),
      ...BENCH_LIMITS,
      LOG_LEVEL: 'warn',
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.slack.stop(), this.entra.stop(), this.graph.stop(), this.defender.stop()]);
  }
}

/**
 * Per-user report limits (src/config.ts) lifted to their maximum: the burst has each of 250 people
 * report 4 hosts, and the defaults (10 reports an hour, 5 open requests) are not what is measured.
 */
export const BENCH_LIMITS = { MAX_REPORTS_PER_HOUR: '1000', MAX_OPEN_REQUESTS_PER_USER: '1000' } as const;
