import type { ForwardReport } from '../../app/forward-audit.ts';
import type { Logger } from '../../app/ports/runtime.ts';

/**
 * Runs audit forwarding rounds every `intervalMs`, never two at once in this process (replicas are
 * kept apart by the cursor's lease in the database). A round that left entries behind (a backfill)
 * is followed by the next one at once, within `intervalMs` otherwise.
 */
export class AuditForwarderLoop {
  private readonly intervalMs: number;
  private readonly round: () => Promise<ForwardReport>;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ForwardReport> | undefined;
  private stopped = false;

  constructor(options: { intervalMs: number; round: () => Promise<ForwardReport>; logger: Logger }) {
    this.intervalMs = options.intervalMs;
    this.round = options.round;
    this.logger = options.logger;
  }

  start(): void {
    this.schedule(1_000);
  }

  /** Runs a round now (or joins the one under way) and returns its report. */
  runNow(): Promise<ForwardReport> {
    this.running ??= this.round()
      .then((report) => {
        if (report.sent > 0) this.logger.info({ job: 'audit-forward', ...report }, 'audit entries forwarded to Sentinel');
        return report;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runNow()
        .then(
          (report) => this.schedule(report.outcome === 'more_pending' ? 0 : this.intervalMs),
          (error: unknown) => {
            this.logger.error({ err: error, job: 'audit-forward' }, 'audit forwarding round failed');
            this.schedule(this.intervalMs);
          },
        );
    }, delayMs);
    this.timer.unref();
  }
}
