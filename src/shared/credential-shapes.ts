// Shapes of credentials that may appear inside free text (error messages, URLs, request dumps): the
// logger redacts them from every line, and vendor error text shown in Slack goes through them too.
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
