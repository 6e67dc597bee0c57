import type { RecordedRequest, Reply } from '../../test/http-fakes/fake-http-server.ts';
import { FakeDefender } from '../../test/http-fakes/fake-defender.ts';
import type { FakeEntra } from '../../test/http-fakes/fake-entra.ts';
import { FakeSlack } from '../../test/http-fakes/fake-slack.ts';
import type { Clock } from '../../src/app/ports/runtime.ts';

/** Counts changes the page must redraw for; `bump` on each. */
export class ChangeCounter {
  private value = 0;
  get version(): number {
    return this.value;
  }
  bump(): void {
    this.value += 1;
  }
}

/** When a message was posted (sandbox clock, UTC instant) and whether chat.update changed it since. */
export interface MessageTimes {
  readonly postedAt: string;
  readonly edited: boolean;
}

/**
 * The tests' Slack stand-in (test/http-fakes/fake-slack.ts: Slack's Web API and response_url
 * endpoints as documented, with its habits such as the per-channel posting limit), plus what the
 * page needs to draw it: when each message and response_url reply arrived (on the sandbox clock),
 * and a change count.
 */
export class SandboxSlack extends FakeSlack {
  /** Message ts → when it was posted and whether it was edited. */
  readonly times = new Map<string, MessageTimes>();
  /** response_url id → when each reply to it arrived (sandbox clock, ISO-8601), in order. */
  readonly responseTimes = new Map<string, string[]>();
  /** chat.postEphemeral replies in order → when each arrived. */
  readonly ephemeralTimes: string[] = [];
  private readonly changes: ChangeCounter;
  private readonly clock: Clock;

  constructor(botToken: string, changes: ChangeCounter, clock: Clock) {
    super(botToken);
    this.changes = changes;
    this.clock = clock;
  }

  protected override handle(request: RecordedRequest): Reply {
    const before = { ephemerals: this.ephemerals.length };
    const reply = super.handle(request);
    // On the sandbox clock, so a reminder sent after the clock moved 2 days on is dated then.
    const at = this.clock.now().toISOString();
    const body = reply.body as { ok?: boolean; ts?: unknown } | string | undefined;
    if (request.path.startsWith('/respond/')) {
      const id = request.path.slice('/respond/'.length);
      this.responseTimes.set(id, [...(this.responseTimes.get(id) ?? []), at]);
      this.changes.bump();
    } else if (typeof body === 'object' && body?.ok === true) {
      const method = request.path.replace(/^\/api\//, '');
      if (method === 'chat.postMessage') this.times.set(String(body.ts), { postedAt: at, edited: false });
      if (method === 'chat.update') {
        const ts = String(body.ts);
        this.times.set(ts, { postedAt: this.times.get(ts)?.postedAt ?? at, edited: true });
      }
      if (this.ephemerals.length > before.ephemerals) this.ephemeralTimes.push(at);
      if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'views.publish'].includes(method)) this.changes.bump();
    }
    return reply;
  }
}

/**
 * The tests' Defender stand-in (test/http-fakes/fake-defender.ts: the indicators API as documented,
 * `expirationTime` kept to the second, values in Defender's stored form), with Defender's own
 * expiry on the sandbox clock: an indicator is gone once its expirationTime has passed (Defender
 * deletes it then, defender-api.md "expirationTime"), before any request is served and whenever the
 * page asks (`expire`).
 */
export class SandboxDefender extends FakeDefender {
  private readonly clock: Clock;
  private readonly changes: ChangeCounter;

  constructor(entra: FakeEntra, scope: string, clock: Clock, changes: ChangeCounter) {
    super(entra, scope);
    this.clock = clock;
    this.changes = changes;
  }

  /** Removes the indicators whose expirationTime is at or before the sandbox's now. */
  expire(): void {
    const now = this.clock.now().getTime();
    for (const [id, indicator] of this.indicators) {
      if (indicator.expirationTime !== null && Date.parse(indicator.expirationTime) <= now) {
        this.indicators.delete(id);
        this.changes.bump();
      }
    }
  }

  protected override handle(request: RecordedRequest): Reply {
    this.expire();
    const reply = super.handle(request);
    if (request.method !== 'GET') this.changes.bump();
    return reply;
  }
}
