import { z } from 'zod';
import { BLOCK_KINDS } from '../../domain/evidence/block-event.ts';
import type { EvidenceSummary } from '../../domain/evidence/evidence-summary.ts';
import type { ExistingIndicatorsCheck } from '../../app/ports/request-view.ts';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';
import { StoredRowError } from './stored-row-error.ts';

const Tally = z.object({ name: z.string(), count: z.number().int().nonnegative() });
const Count = z.number().int().nonnegative();

const Sample = z.object({
  at: z.string(),
  device: z.string(),
  kind: z.enum(BLOCK_KINDS),
  process: z.string().nullable(),
  account: z.string().nullable(),
  url: z.string().nullable(),
  ip: z.string().nullable(),
  port: z.number().int().nullable(),
  category: z.string().nullable(),
});

/** The `Evidence.summary` JSON column as saveEvidence writes it (an EvidenceSummary). */
const StoredEvidenceSummary = z.object({
  totalEvents: Count,
  truncated: z.boolean(),
  blocked: Count,
  audited: Count,
  smartScreenWarnings: Count,
  deviceCount: Count,
  devices: z.array(Tally),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  processes: z.array(Tally),
  categories: z.array(Tally),
  // Only marks audit-mode verdicts in the text; a row from before it was kept marks nothing.
  auditedCategories: z.array(Tally).optional(),
  // Decides whether a second approver is needed: a row without it must never read as "no threat".
  threatCategories: z.array(z.string()),
  samples: z.array(Sample),
  // Absent on evidence stored before device groups were hunted: not known (the allow then covers
  // every device, as it did when that evidence was stored, and says why).
  blockedDeviceGroups: z.object({ groups: z.array(Tally), ungrouped: Count }).nullable().default(null),
}) satisfies z.ZodType<EvidenceSummary>;

/**
 * Reads a stored evidence summary, checking every field. Throws StoredRowError naming the request
 * and the first field that does not fit, so an old or edited row is never silently misread (a
 * missing `threatCategories` would otherwise read as "no threat" and drop the second approver).
 */
export function readEvidenceSummary(requestId: string, json: unknown): EvidenceSummary {
  const parsed = StoredEvidenceSummary.safeParse(json);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  throw new StoredRowError('Evidence', requestId, `${first?.path.join('.') || 'summary'}: ${first?.message ?? 'invalid'}`);
}

const Instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** One indicator as `Evidence.existingIndicators` keeps it (an ExistingIndicator, instants as ISO-8601 UTC). */
const StoredIndicator = z
  .object({
    id: z.string(),
    type: z.string(),
    value: z.string(),
    action: z.string(),
    expiresAt: Instant.nullable(),
    title: z.string().nullish(),
    description: z.string().nullish(),
    rbacGroupNames: z.array(z.string()).optional(),
    createdBy: z.string().nullish(),
    createdAt: Instant.nullish(),
  })
  .transform((i): ExistingIndicator => ({ ...i, title: i.title ?? null, description: i.description ?? null, createdBy: i.createdBy ?? null, createdAt: i.createdAt ?? null }));

const StoredExistingIndicators = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('checked'), indicators: z.array(StoredIndicator), incomplete: z.string().nullish() }),
  z.object({ outcome: z.literal('unavailable'), error: z.string(), wouldBe: z.array(StoredIndicator).optional() }),
]);

/**
 * Reads `Evidence.existingIndicators`: null (a row from before the check) stays null; anything else
 * must be a whole ExistingIndicatorsCheck, or StoredRowError names the request and the field, so an
 * edited row never hides an org Block indicator from the approvers.
 */
export function readExistingIndicators(requestId: string, json: unknown): ExistingIndicatorsCheck | null {
  if (json === null || json === undefined) return null;
  const parsed = StoredExistingIndicators.safeParse(json);
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  throw new StoredRowError('Evidence', requestId, `existingIndicators.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
}
