import type { EvidenceSource, HuntOptions } from '../../src/app/ports/defender.ts';
import type { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import type { BlockEvent } from '../../src/domain/evidence/block-event.ts';
import type { AllowDuration } from '../../src/domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../src/domain/target/target.ts';

/** Advanced hunting with canned answers per target value; unknown targets have no events. */
export class FakeEvidenceSource implements EvidenceSource {
  readonly rowCap: number;
  readonly calls: Array<{ target: IndicatorTarget; lookback: string; since?: Date; background?: true }> = [];
  /** How long each query takes, to let concurrent reports overlap. */
  latencyMs = 0;
  private readonly events = new Map<string, BlockEvent[]>();
  private failure: ExternalServiceError | null = null;

  constructor(rowCap = 10_000) {
    this.rowCap = rowCap;
  }

  setEvents(targetValue: string, events: BlockEvent[]): void {
    this.events.set(targetValue, events);
  }

  /** Every query throws `error` until `failWith(null)`. */
  failWith(error: ExternalServiceError | null): void {
    this.failure = error;
  }

  /** Like hunting: with `options.since`, only the events stamped strictly after it. */
  async findBlockEvents(target: IndicatorTarget, lookback: AllowDuration, options: HuntOptions = {}): Promise<BlockEvent[]> {
    this.calls.push({ target, lookback: lookback.iso, ...(options.since ? { since: options.since } : {}), ...(options.background ? { background: true as const } : {}) });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failure) throw this.failure;
    const events = this.events.get(target.value) ?? [];
    const since = options.since?.getTime();
    return since === undefined ? events : events.filter((e) => e.timestamp.getTime() > since);
  }
}
