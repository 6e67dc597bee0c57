import { system } from '../../src/domain/request/request.ts';
import { openReported, addJoined } from '../builders/audit-details.ts';
import pino from 'pino';
import type { Config } from '../../src/config.ts';
import type { RequestView } from '../../src/app/ports/request-view.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { PrismaRequestStore } from '../../src/adapters/db/prisma-request-store.ts';
import { PrismaSlackOutbox } from '../../src/adapters/db/prisma-slack-outbox.ts';
import { createOutboxClient } from '../../src/adapters/slack/create-slack-app.ts';
import { OutboxSender, type OutboxTiming } from '../../src/adapters/slack/outbox/outbox-sender.ts';
import type { OutboxMessage } from '../../src/adapters/slack/outbox/outbox-store.ts';
import { SlackDelivery } from '../../src/adapters/slack/outbox/slack-delivery.ts';
import { classifySlackFailure } from '../../src/adapters/slack/outbox/slack-failure.ts';
import { SlackNotifier } from '../../src/adapters/slack/slack-notifier.ts';
import { DEFAULT_LIFECYCLE_POLICY } from '../../src/domain/lifecycle/lifecycle-policy.ts';
import { parseAllowDuration } from '../../src/domain/request/allow-duration.ts';
import { decisionPolicy } from '../../src/domain/request/approval-rule.ts';
import { FakeClock } from '../port-fakes/fake-clock.ts';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { FakeSlack } from '../http-fakes/fake-slack.ts';
import { openMigrated, type DatabaseTarget, type TestDatabase } from '../support/test-databases.ts';

export const TOKEN = 'xoxb-outbox-test-token';
export const CHANNEL = 'C0APPROVALS';

const P30D = parseAllowDuration('P30D');
if (!P30D.ok) throw new Error('P30D');
const P1D = parseAllowDuration('P1D');
if (!P1D.ok) throw new Error('P1D');
export const POLICY = decisionPolicy({ maxAllow: P30D.value, maxThreatAllow: P1D.value, allowC2Override: false });

/**
 * The Slack outbox for real: the Prisma store on a fresh test database, the SlackNotifier that
 * queues, SlackDelivery through the real Web API client against the loopback Slack, and a wall
 * clock the test moves (queueing delays and backoff read it; pacing waits are real).
 */
export class OutboxWorld {
  /** Without Slack's posting limit: `deliverDue` sends unpaced; tests of the limit set one (limitPostMessage). */
  readonly slack = new FakeSlack(TOKEN, { postMessagePerChannel: false });
  /** Starts at the real time; moves only when a test says so (senders started by `sender()` use real time). */
  readonly wall = new FakeClock(new Date());
  readonly logs: string[] = [];
  readonly logger = pino({ level: 'debug' }, { write: (line: string) => void this.logs.push(line) });
  db!: Database;
  store!: PrismaRequestStore;
  outbox!: PrismaSlackOutbox;
  notifier!: SlackNotifier;
  delivery!: SlackDelivery;
  private database!: TestDatabase;
  private readonly senders: OutboxSender[] = [];

  static async open(target: DatabaseTarget): Promise<OutboxWorld> {
    const world = new OutboxWorld();
    await world.slack.start();
    world.database = await target.create({ migrated: true });
    world.db = await openMigrated(world.database.settings);
    world.store = new PrismaRequestStore(world.db.prisma);
    world.outbox = new PrismaSlackOutbox(world.db.prisma);
    world.notifier = new SlackNotifier({ outbox: world.outbox, approvalChannelId: CHANNEL, decisionPolicy: POLICY, expiryGraceMs: DEFAULT_LIFECYCLE_POLICY.expiryGraceMs, approvers: { userIds: [], usergroupId: undefined }, wallClock: world.wall });
    world.delivery = new SlackDelivery({
      client: createOutboxClient({ slack: { botToken: TOKEN, apiUrl: world.slack.apiUrl } as Config['slack'], logger: world.logger }),
      store: world.store,
      outbox: world.outbox,
      decisionPolicy: POLICY,
    });
    return world;
  }

  /** A sender on this world (a replica); started. */
  sender(timing: Partial<OutboxTiming> = {}, owner = `replica-${this.senders.length + 1}`): OutboxSender {
    const sender = new OutboxSender({ outbox: this.outbox, delivery: this.delivery, wallClock: systemClock, logger: this.logger, owner, timing: { pollMs: 50, ...timing } });
    this.senders.push(sender);
    sender.start();
    return sender;
  }

  /** A request waiting for approvers, reported by `requesterId`, its approval message queued (not sent). */
  async pendingRequest(requesterId: string, host = 'logistics.contoso.com'): Promise<RequestView> {
    const at = this.wall.now();
    const opened = await openReported(this.store, {
      id: crypto.randomUUID(),
      target: { type: 'DomainName', value: host },
      reportedTarget: host,
      coversSubdomains: false,
      requesterId,
      reason: 'the shipping app fails',
      at,
    });
    await this.notifier.publishApprovalRequest((await this.store.view(opened!.id))!);
    await this.store.transition({
      id: opened!.id,
      from: { status: 'investigating', version: 0 },
      to: 'pending_approval',
      record: { event: 'submitted_for_approval' },
      audit: { actor: system('slack'), at, action: 'request.submitted_for_approval' },
    });
    return (await this.store.view(opened!.id))!;
  }

  /** A reporter joins (as reportBlockedPortal does): recorded, then announced. */
  async join(requestId: string, userId: string, reason = 'me too'): Promise<void> {
    await addJoined(this.store, requestId, { userId, reason, reportedAt: this.wall.now() });
    await this.notifier.announceReporters((await this.store.view(requestId))!);
  }

  /** Claims the lane's next due message, as one sender would. */
  async claim(lane = CHANNEL): Promise<OutboxMessage | null> {
    const now = this.wall.now();
    return this.outbox.claimNext(lane, 'test', now, new Date(now.getTime() + 60_000));
  }

  /**
   * Claims and sends every due message of the lane, one by one, without pacing. A connection reset
   * (an idle keep-alive socket the server closed, as any HTTP server does) is retried, as the sender does.
   */
  async deliverDue(lane = CHANNEL): Promise<void> {
    for (let message = await this.claim(lane), resets = 0; message; message = await this.claim(lane)) {
      let result;
      try {
        result = await this.delivery.deliver(message);
      } catch (error) {
        if (++resets > 3 || classifySlackFailure(error).kind !== 'retry') throw error;
        await this.outbox.defer(message, this.wall.now());
        continue;
      }
      if (result.kind === 'delivered') await this.outbox.delivered(message, this.wall.now(), result.delivery);
      else if (result.kind === 'not_ready') await this.outbox.defer(message, new Date(this.wall.now().getTime() + 500));
      else await this.outbox.dead(message, this.wall.now(), result.reason);
    }
  }

  async pendingKinds(): Promise<string[]> {
    const rows = await this.db.prisma.slackMessage.findMany({ where: { state: 'pending' }, orderBy: { id: 'asc' } });
    return rows.map((r) => r.kind);
  }

  /** Waits until nothing is left to send (the sender records a delivery just after Slack answers). */
  async settled(timeoutMs = 15_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; (await this.pendingKinds()).length > 0; ) {
      if (Date.now() > deadline) throw new Error(`still pending: ${(await this.pendingKinds()).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.senders.map((s) => s.stop()));
    await this.db?.close();
    await this.database?.drop();
    await this.slack.stop();
  }
}
