import type { Clock, Logger } from '../../app/ports/runtime.ts';
import type { ReconcileReport } from '../../app/reconcile.ts';

/**
 * Runs reconcile rounds every `intervalMs`, never two at once in this process (rounds in other
 * replicas are kept apart by the database leases). Remembers the last successful round for /healthz.
 */
export class ReconcilerLoop {
  private readonly intervalMs: number;
  private readonly round: () => Promise<ReconcileReport>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileReport> | undefined;
  private stopped = false;
  private startedAt: Date | undefined;
  private lastSuccess: Date | undefined;

  constructor(options: { intervalMs: number; round: () => Promise<ReconcileReport>; clock: Clock; logger: Logger }) {
    this.intervalMs = options.intervalMs;
    this.round = options.round;
    this.clock = options.clock;
    this.logger = options.logger;
  }

  start(): void {
    this.startedAt = this.clock.now();
    this.schedule(1_000);
  }

  /** Runs a round now (or joins the one under way) and returns its report. */
  runNow(): Promise<ReconcileReport> {
    this.running ??= this.round()
      .then((report) => {
        this.lastSuccess = this.clock.now();
        if (report.executed > 0 || report.failed > 0) this.logger.info({ job: 'reconcile', ...report }, 'reconcile round');
        return report;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Healthy while a round succeeded within three intervals (or the loop started less than that ago). */
  health(): { healthy: boolean; lastReconcileAt: string | null } {
    // Not started (rounds driven by hand, as in tests): nothing can be stale.
    const since = (this.lastSuccess ?? this.startedAt)?.getTime();
    const healthy = since === undefined || this.clock.now().getTime() - since <= 3 * this.intervalMs + 30_000;
    return { healthy, lastReconcileAt: this.lastSuccess?.toISOString() ?? null };
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
        .catch((error: unknown) => this.logger.error({ err: error, job: 'reconcile' }, 'reconcile round failed'))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
