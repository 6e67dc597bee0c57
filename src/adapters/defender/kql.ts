/**
 * A KQL string literal holding `value`, per the Kusto string rules: double-quoted, with backslash,
 * double quote, and the control characters that would end or alter the literal escaped. Callers
 * still pass only validated hostnames or IPs; this is the second line of defence.
 */
export function kqlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `"${escaped}"`;
}
