import type { Logger as PinoLogger } from 'pino';
import type { Metrics } from './app/ports/metrics.ts';
import { newReference } from './shared/reference.ts';

/**
 * What Unblock does when an error escapes every handler (the README's "When something fails"):
 * - **unhandledRejection** — a promise failed and nothing awaited it. That is one piece of work's
 *   failure, already over: nothing is half-changed in memory (state lives in the database and every
 *   change is one compare-and-set), so it is logged at error level with a reference and counted,
 *   and the process keeps serving. Without this handler Node (≥ 15) would end the process.
 * - **uncaughtException** — a synchronous throw reached the event loop. Node documents that the
 *   process is then in an undefined state and must not resume; it is logged at fatal level with a
 *   reference and counted, and the process exits with code 1 at once, for its supervisor (Docker's
 *   restart policy, systemd, Kubernetes) to start it again. Nothing is lost: every decision and
 *   every Slack message waiting to be sent is in the database, and leases held by this process
 *   expire for another replica or the next start.
 * Every Slack request and every piece of queued work catches its own errors first, so neither
 * event is expected; both are counted in `metrics` (`process_failures`).
 */
export function installProcessPolicy(options: {
  logger: PinoLogger;
  metrics: Metrics;
  /** Ends the process; process.exit unless a test gives another. */
  exit?: (code: number) => void;
}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  process.on('unhandledRejection', (reason) => {
    const ref = newReference();
    options.metrics.increment('process_failures', { failure: 'unhandled_rejection' });
    options.logger.error({ err: reason, ref, failure: 'unhandled_rejection' }, 'a promise failed and nothing handled it; the bot keeps serving');
  });
  process.on('uncaughtException', (error, origin) => {
    const ref = newReference();
    options.metrics.increment('process_failures', { failure: 'uncaught_exception' });
    // pino writes synchronously to stdout (pino.destination defaults to sync), so this line is out before the exit.
    options.logger.fatal({ err: error, ref, origin, failure: 'uncaught_exception' }, 'an exception reached the event loop; the process state is unknown, so the bot exits for its supervisor to restart it');
    exit(1);
  });
}
