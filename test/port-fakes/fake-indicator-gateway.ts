import type { IndicatorGateway, RelatedIndicators } from '../../src/app/ports/defender.ts';
import type { ExternalServiceError } from '../../src/app/support/external-service-error.ts';
import type { ExistingIndicator } from '../../src/domain/indicator/existing-indicator.ts';
import { relatedLookup, urlIndicatorHost } from '../../src/domain/indicator/related-values.ts';
import type { IndicatorTarget } from '../../src/domain/target/target.ts';
import { storedIndicatorValue } from '../http-fakes/defender-forms.ts';

type Operation = 'findByValue' | 'findRelated' | 'submitAllow' | 'remove';
export interface Submission {
  readonly target: IndicatorTarget;
  readonly rbacGroupNames: readonly string[];
  readonly expiresAt: Date;
  readonly title: string;
  readonly description: string;
}

/**
 * Defender's indicators in memory. Submitting updates the indicator with the same value, type and
 * action (as Defender's POST does) instead of adding a second one. Like Defender, it stores an
 * IpAddress value's IPv6 in compressed RFC 5952 form whatever was submitted, and findByValue is an
 * exact string match on the stored value (defender-api.md §8 "Precision and forms Defender uses";
 * the same habit as FakeDefender, from defender-forms.ts). The update replaces the indicator's device
 * groups with the submitted ones, an empty list meaning every device (defender-api.md "Device groups",
 * "Upsert semantics"), as FakeDefender does.
 */
export class FakeIndicatorGateway implements IndicatorGateway {
  readonly indicators = new Map<string, ExistingIndicator>();
  readonly lookups: string[] = [];
  /** The targets findRelated was asked about. */
  readonly relatedLookups: string[] = [];
  readonly submissions: Submission[] = [];
  readonly removals: string[] = [];
  /** When set, the next submission is stored but its answer is lost (the caller gets this error). */
  loseNextResponse: ExternalServiceError | null = null;
  /**
   * When set, runs once right after the next submission is stored and answered: someone (a portal
   * admin, another tool) changes Defender before the caller reads it back.
   */
  afterNextSubmit: ((saved: ExistingIndicator) => void) | null = null;
  private readonly failures: Array<{ operation: Operation; error: ExternalServiceError }> = [];
  private nextId = 5000;

  /** Puts an indicator in place as if an admin had created it in the portal (its value stored in Defender's form). */
  seed(indicator: Omit<ExistingIndicator, 'id'>): ExistingIndicator {
    const created = {
      ...indicator,
      value: storedIndicatorValue(indicator.type, indicator.value),
      // Defender keeps expirationTime to the second (shared/reference/defender-api.md §8).
      expiresAt: indicator.expiresAt && toTheSecond(indicator.expiresAt),
      id: String(this.nextId++),
    };
    this.indicators.set(created.id, created);
    return created;
  }

  /** The next call of `operation` throws `error` instead of being served. */
  failNext(operation: Operation, error: ExternalServiceError): void {
    this.failures.push({ operation, error });
  }

  async findByValue(value: string): Promise<ExistingIndicator[]> {
    this.lookups.push(value);
    this.throwIfQueued('findByValue');
    return [...this.indicators.values()].filter((i) => i.value === value);
  }

  /** Like DefenderIndicatorGateway.findRelated: the lookup's values, and Url indicators on the host. */
  async findRelated(target: IndicatorTarget): Promise<RelatedIndicators> {
    const lookup = relatedLookup(target);
    this.relatedLookups.push(target.value);
    this.throwIfQueued('findRelated');
    const indicators = [...this.indicators.values()].filter(
      (i) => lookup.values.includes(i.value) || (i.type === 'Url' && urlIndicatorHost(i.value) === lookup.urlHost),
    );
    return { indicators, incomplete: null };
  }

  async submitAllow(input: Submission): Promise<ExistingIndicator> {
    this.submissions.push(input);
    this.throwIfQueued('submitAllow');
    const value = storedIndicatorValue(input.target.type, input.target.value);
    const existing = [...this.indicators.values()].find((i) => i.value === value && i.type === input.target.type && i.action === 'Allowed');
    const saved: ExistingIndicator = {
      id: existing?.id ?? String(this.nextId++),
      type: input.target.type,
      value,
      action: 'Allowed',
      // Defender keeps expirationTime to the second (shared/reference/defender-api.md §8).
      expiresAt: toTheSecond(input.expiresAt),
      title: input.title,
      description: input.description,
      rbacGroupNames: [...input.rbacGroupNames],
    };
    this.indicators.set(saved.id, saved);
    const after = this.afterNextSubmit;
    this.afterNextSubmit = null;
    after?.(saved);
    if (this.loseNextResponse) {
      const lost = this.loseNextResponse;
      this.loseNextResponse = null;
      throw lost;
    }
    return saved;
  }

  async remove(id: string): Promise<'deleted' | 'already_gone'> {
    this.removals.push(id);
    this.throwIfQueued('remove');
    return this.indicators.delete(id) ? 'deleted' : 'already_gone';
  }

  private throwIfQueued(operation: Operation): void {
    const index = this.failures.findIndex((f) => f.operation === operation);
    if (index >= 0) throw this.failures.splice(index, 1)[0]!.error;
  }
}

/** An instant as Defender keeps it: down to the whole second. */
const toTheSecond = (instant: Date): Date => new Date(Math.floor(instant.getTime() / 1000) * 1000);
