/** Characters a KQL string literal has no documented escape for: refused rather than guessed at. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose.
const UNESCAPABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;

/**
 * A KQL string literal holding `value`, by the documented Kusto string rules: double-quoted, with
 * backslash, double quote, tab, newline and carriage return escaped by a backslash. Other control
 * characters have no documented escape, so they are refused (throws). Callers pass only validated
 * hostnames or IPs; this is the second line of defence, not the first.
 */
export function kqlString(value: string): string {
  if (UNESCAPABLE.test(value)) throw new Error('kqlString: value contains a control character with no KQL escape');
  const escaped = value.replace(/[\\"\n\r\t]/g, (ch) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[ch]!);
  return `"${escaped}"`;
}
