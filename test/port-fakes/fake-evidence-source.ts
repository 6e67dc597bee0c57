import type { EvidenceSource } from '../../src/app/ports/defender.ts';
import type { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import type { BlockEvent } from '../../src/domain/evidence/block-event.ts';
import type { AllowDuration } from '../../src/domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../src/domain/target/target.ts';

/** Advanced hunting with canned answers per target value; unknown targets have no events. */
export class FakeEvidenceSource implements EvidenceSource {
  readonly rowCap: number;
  readonly calls: Array<{ target: IndicatorTarget; lookback: string }> = [];
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

  async findBlockEvents(target: IndicatorTarget, lookback: AllowDuration): Promise<BlockEvent[]> {
    this.calls.push({ target, lookback: lookback.iso });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failure) throw this.failure;
    return this.events.get(target.value) ?? [];
  }
}

/** A Network Protection block event with sensible defaults. */
export function blockEvent(overrides: Partial<BlockEvent> = {}): BlockEvent {
  return {
    timestamp: new Date('2026-11-25T10:00:00.000Z'),
    deviceId: 'device-1',
    deviceName: 'laptop-01.corp.contoso.com',
    kind: 'network_protection_block',
    remoteUrl: 'https://logistics.contoso.com/',
    remoteIp: '20.30.40.50',
    remotePort: 443,
    processName: 'chrome.exe',
    accountName: 'alice',
    category: 'CustomBlockList',
    ...overrides,
  };
}
