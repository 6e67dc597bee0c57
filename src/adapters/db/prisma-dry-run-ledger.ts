import { randomUUID } from 'node:crypto';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { DRY_RUN_ID_PREFIX, type AllowIndicatorBody, type DryRunLedger } from '../defender/dry-run-indicator-gateway.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../app/ports/runtime.ts';

/** One write a dry run would have made, as told in the thread: the method, path and exact body. */
export interface DryRunWriteRecord {
  readonly at: Date;
  readonly method: 'POST' | 'DELETE';
  /** What it would have done: a new indicator, an update of the one already there (same id, as Defender's upsert), or a delete. */
  readonly verb: 'create' | 'update' | 'delete';
  readonly path: string;
  /** The JSON body (POST), or null (DELETE). */
  readonly body: string | null;
}

/**
 * The dry run's would-be indicators (`DryRunIndicator`) and writes (`DryRunWrite`) in the shared
 * database. A submit is an upsert on (value, type, action), like Defender's; each write and its
 * record are one transaction.
 */
export class PrismaDryRunLedger implements DryRunLedger {
  private readonly prisma: PrismaClient;
  private readonly clock: Clock;

  /** `clock`: when would-be indicators expire, as Defender removes an indicator at its expirationTime. */
  constructor(prisma: PrismaClient, clock: Clock) {
    this.prisma = prisma;
    this.clock = clock;
  }

  async submit(body: AllowIndicatorBody, at: Date): Promise<ExistingIndicator> {
    const fields = {
      title: body.title,
      description: body.description,
      expirationTime: new Date(body.expirationTime),
      rbacGroupNames: body.rbacGroupNames,
      removedAt: null,
    };
    const key = { indicatorValue: body.indicatorValue, indicatorType: body.indicatorType, action: body.action };
    const row = await this.prisma.$transaction(async (tx) => {
      const before = await tx.dryRunIndicator.findUnique({ where: { indicatorValue_indicatorType_action: key } });
      const written = await tx.dryRunIndicator.upsert({
        where: { indicatorValue_indicatorType_action: key },
        create: { id: `${DRY_RUN_ID_PREFIX}${randomUUID()}`, ...key, createdAt: at, ...fields },
        update: fields,
      });
      const verb = before && before.removedAt === null ? 'update' : 'create';
      await tx.dryRunWrite.create({ data: { at, method: 'POST', verb, path: '/api/indicators', body: JSON.stringify(body), indicatorValue: body.indicatorValue } });
      return written;
    });
    return toIndicator(row);
  }

  async remove(id: string, at: Date): Promise<boolean> {
    return await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.dryRunIndicator.updateMany({ where: { id, removedAt: null }, data: { removedAt: at } });
      if (count === 0) return false;
      const row = await tx.dryRunIndicator.findUniqueOrThrow({ where: { id } });
      await tx.dryRunWrite.create({ data: { at, method: 'DELETE', verb: 'delete', path: `/api/indicators/${id}`, body: null, indicatorValue: row.indicatorValue } });
      return true;
    });
  }

  async find(query: { readonly values: readonly string[]; readonly urlHost?: string }): Promise<ExistingIndicator[]> {
    const rows = await this.prisma.dryRunIndicator.findMany({
      where: {
        removedAt: null,
        // Expired ones are gone, as from Defender (defender-api.md §5: expirationTime).
        expirationTime: { gt: this.clock.now() },
        OR: [{ indicatorValue: { in: [...query.values] } }, ...(query.urlHost ? [{ indicatorType: 'Url', indicatorValue: { contains: query.urlHost } }] : [])],
      },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toIndicator);
  }

  /**
   * The writes on `indicatorValue` not yet told anywhere, in the order made, claimed by this call
   * (compare-and-set on `announcedAt`), so each is told in the thread once, whichever replica
   * tells it.
   */
  async claimUnannounced(indicatorValue: string, at: Date): Promise<DryRunWriteRecord[]> {
    const pending = await this.prisma.dryRunWrite.findMany({ where: { indicatorValue, announcedAt: null }, orderBy: { id: 'asc' } });
    const claimed: DryRunWriteRecord[] = [];
    for (const write of pending) {
      const { count } = await this.prisma.dryRunWrite.updateMany({ where: { id: write.id, announcedAt: null }, data: { announcedAt: at } });
      if (count === 1) claimed.push({ at: write.at, method: write.method === 'DELETE' ? 'DELETE' : 'POST', verb: toVerb(write.verb), path: write.path, body: write.body });
    }
    return claimed;
  }
}

function toVerb(stored: string): DryRunWriteRecord['verb'] {
  return stored === 'update' || stored === 'delete' ? stored : 'create';
}

/** A would-be indicator as the indicators API would answer it. */
function toIndicator(row: { id: string; indicatorValue: string; indicatorType: string; action: string; title: string; description: string; expirationTime: Date; rbacGroupNames: string[]; createdAt: Date }): ExistingIndicator {
  return {
    id: row.id,
    value: row.indicatorValue,
    type: row.indicatorType,
    action: row.action,
    expiresAt: row.expirationTime,
    title: row.title,
    description: row.description,
    rbacGroupNames: row.rbacGroupNames,
    createdBy: 'Unblock (dry run)',
    createdAt: row.createdAt,
  };
}
