// Shapes of credentials that may appear inside free text (error messages, URLs, request dumps).
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/xox[abeoprs]-[A-Za-z0-9-]+/g, '[redacted]'],
  [/xapp-[A-Za-z0-9-]+/g, '[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\b(client_secret|client_assertion|access_token|refresh_token|assertion)=[^&\s"']+/gi, '$1=[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, '[redacted]'],
];

/** Replaces anything shaped like a token or secret in `text`, plus the exact values in `known`. */
export function scrubText(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const value of known) if (value.length >= 6) out = out.split(value).join('[redacted]');
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** A deep copy of `value` with every string scrubbed; cycles and depth are bounded. */
export function scrubValue(value: unknown, known: readonly string[], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value, known);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, known, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, known, depth + 1, seen);
  return out;
}
