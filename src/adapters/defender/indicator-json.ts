import { z } from 'zod';
import type { ExistingIndicator } from '../../domain/indicator/existing-indicator.ts';

/** The documented Indicator entity, reduced to what Unblock reads. `id` is documented as a string. */
export const IndicatorJson = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    indicatorValue: z.string(),
    indicatorType: z.string(),
    action: z.string(),
    expirationTime: z.string().nullish(),
    title: z.string().nullish(),
    description: z.string().nullish(),
    // "comma-separated" in the POST table, a JSON array in every example (defender-api.md §5): read both.
    rbacGroupNames: z
      .union([z.array(z.string()), z.string()])
      .nullish()
      .catch(null)
      .transform((names) => (typeof names === 'string' ? names.split(',') : (names ?? [])).map((n) => n.trim()).filter((n) => n !== '')),
    createdBy: z.string().nullish().catch(null),
    creationTimeDateTimeUtc: z.string().nullish().catch(null),
  })
  .transform(
    (i): ExistingIndicator => ({
      id: i.id,
      value: i.indicatorValue,
      type: i.indicatorType,
      action: i.action,
      expiresAt: i.expirationTime ? utcInstant(i.expirationTime) : null,
      title: i.title ?? null,
      description: i.description ?? null,
      rbacGroupNames: i.rbacGroupNames,
      createdBy: i.createdBy ?? null,
      createdAt: i.creationTimeDateTimeUtc ? utcInstant(i.creationTimeDateTimeUtc) : null,
    }),
  )
  .refine((i) => i.expiresAt === null || !Number.isNaN(i.expiresAt.getTime()), 'expirationTime is not a date');

/** `GET /api/indicators` answer: an OData collection, possibly paged. */
export const IndicatorPage = z.object({
  value: z.array(IndicatorJson),
  '@odata.nextLink': z.string().optional(),
});

/**
 * Defender's documented error body: `{"error":{"code","message","target"}}`. `message` is the only
 * place the reason is given (e.g. the tenant's indicator limit); `target` is the correlation id.
 * Sources: https://learn.microsoft.com/en-us/defender-endpoint/api/common-errors; defender-api.md §3, §8.
 * A field of another type is dropped rather than failing the whole body.
 */
export const DefenderErrorBody = z.object({
  error: z.object({
    code: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    target: z.string().optional().catch(undefined),
  }),
});

/**
 * An instant Defender wrote. Defender documents UTC (`…Z`); one written without an offset is read as
 * UTC too, never in the bot's own time zone (which `new Date` would use for such a string).
 */
export function utcInstant(text: string): Date {
  return new Date(/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes('T') ? text : `${text}Z`);
}
