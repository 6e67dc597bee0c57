import { randomBytes } from 'node:crypto';
import type { Logger } from '../../app/ports.ts';

/**
 * Work that runs after Slack's 3-second ack. Failures are logged with a short reference that
 * the user is shown too; `idle()` lets shutdown wait for work in flight.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();
  private readonly logger: Logger;

  constructor(logger: Logger) {
    this.logger = logger;
  }

  run(label: string, work: () => Promise<void>, onError: (ref: string) => Promise<unknown>): void {
    const task = (async () => {
      try {
        await work();
      } catch (error) {
        const ref = randomBytes(4).toString('hex');
        this.logger.error({ err: error, ref, work: label }, `${label} failed`);
        await onError(ref).catch((notifyError: unknown) => this.logger.error({ err: notifyError, ref }, 'could not tell the user'));
      }
    })();
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Resolves when every task started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
