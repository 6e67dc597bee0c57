import { scrubText } from '../../shared/credential-shapes.ts';

export { scrubText };

const MAX_DEPTH = 8;

/**
 * A deep copy of `value` with every string scrubbed, safe to log. Errors become plain objects
 * (type, message, stack, cause and their own fields) so nothing of them is lost or leaked; cycles
 * become "[circular]" and anything deeper than MAX_DEPTH "[truncated]" rather than passing unscrubbed.
 */
export function scrubValue(value: unknown, known: readonly string[], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value, known);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[truncated]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, known, depth + 1, seen));
  const source: Record<string, unknown> = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) out[key] = scrubValue(item, known, depth + 1, seen);
  return out;
}

/** An Error as loggable fields: its non-enumerable type, message and stack, plus its own fields. */
function errorFields(error: Error): Record<string, unknown> {
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...Object.fromEntries(Object.entries(error)),
    ...(error.cause !== undefined ? { cause: error.cause } : {}),
  };
}
