import { domainToASCII, domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseAllowDuration } from '../../domain/request/allow-duration.ts';
import type { IndicatorTarget } from '../../domain/target/target.ts';
import { buildHuntingQuery } from './hunting-query.ts';
import { kqlString } from './kql.ts';

const RUNS = { numRuns: 10_000, seed: 20261126 } as const;

/** Characters that end, escape or extend a KQL literal or statement. */
const DANGEROUS = ['"', '\\', "'", '\n', '\r', '\t', '|', ';', '`', '@', '/', '*', '\u0000', '\u2028', '\u2029', 'u', '0'];

const anyInput = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom(...DANGEROUS) }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }),
  // Lone surrogate halves, which 'binary' never produces.
  fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }),
);

/** Control characters KQL documents no escape for; kqlString refuses them. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose.
const UNESCAPABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/;
/** Every input kqlString accepts: anything without an unescapable control character. */
const anyString = anyInput.map((s) => s.replace(new RegExp(UNESCAPABLE.source, 'g'), ''));

/**
 * Reads a KQL double-quoted literal at the start of `text` by the Kusto rules: a backslash escapes
 * the next character; an unescaped `"` ends the literal. Returns the index of the closing quote.
 */
function closingQuote(text: string): number {
  if (text[0] !== '"') throw new Error('not a double-quoted literal');
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Decodes the escapes kqlString writes (the body between the quotes). */
function decode(body: string): string {
  return body.replace(/\\([\\"nrt])/g, (_, e: string) => {
    switch (e) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return e;
    }
  });
}

describe('kqlString', () => {
  test.each([
    ['logistics.contoso.com', '"logistics.contoso.com"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['a\nb\r\tc', '"a\\nb\\r\\tc"'],
    ["it's", '"it\'s"'],
  ])('writes %j as %s', (value, literal) => {
    expect(kqlString(value)).toBe(literal);
  });

  test('refuses control characters KQL has no escape for', () => {
    fc.assert(
      fc.property(anyInput.filter((s) => UNESCAPABLE.test(s)), (value) => {
        expect(() => kqlString(value)).toThrow();
      }),
      RUNS,
    );
  });

  test('no input can close the literal early', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const literal = kqlString(value);
        expect(literal.startsWith('"')).toBe(true);
        expect(literal.endsWith('"')).toBe(true);
        expect(closingQuote(literal)).toBe(literal.length - 1);
      }),
      RUNS,
    );
  });

  test('the literal never spans lines', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(kqlString(value)).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
      RUNS,
    );
  });

  test('decoding the literal gives back the input', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        expect(decode(kqlString(value).slice(1, -1))).toBe(value);
      }),
      RUNS,
    );
  });
});

describe('buildHuntingQuery', () => {
  const lookback = parseAllowDuration('P7D');
  if (!lookback.ok) throw new Error(lookback.error.code);

  /** `|` operator lines after the `let`: where ×2, the match (3 for hosts, 1 for IPs), the device-group join, project, order, take. */
  const PIPE_LINES: Record<IndicatorTarget['type'], number> = { DomainName: 9, Url: 9, IpAddress: 7 };

  test('looks back over the whole duration, in hours', () => {
    expect(buildHuntingQuery({ type: 'DomainName', value: 'logistics.contoso.com' }, lookback.value)).toContain('ago(168h)');
  });

  /** The decoded value of a `let <name> = "…";` line, checking that its literal ends where the line does. */
  const letValue = (line: string, name: string): string => {
    expect(line.startsWith(`let ${name} = `)).toBe(true);
    expect(line.endsWith(';')).toBe(true);
    const literal = line.slice(`let ${name} = `.length, -1);
    expect(closingQuote(literal)).toBe(literal.length - 1);
    return decode(literal.slice(1, -1));
  };

  /** Internationalised hosts in punycode, whose labels hold characters that matter to KQL too. */
  const idnHost = fc
    .string({ unit: fc.constantFrom('ü', 'ß', 'é', 'а', 'р', '中', 'a', '-', '"', '\\', '|', ';'), minLength: 1, maxLength: 12 })
    .map((label) => domainToASCII(`${label}.contoso.com`))
    .filter((host) => host.startsWith('xn--'));

  test('keeps any value inside its own let line: the target first, its Unicode form second', () => {
    const target = fc.oneof(
      fc.record({ type: fc.constantFrom<IndicatorTarget['type']>('DomainName', 'IpAddress', 'Url'), value: anyString }),
      fc.record({ type: fc.constant<IndicatorTarget['type']>('DomainName'), value: idnHost }),
    );
    fc.assert(
      fc.property(target, (t) => {
        const query = buildHuntingQuery(t, lookback.value);
        const [first = '', ...rest] = query.split('\n');
        expect(letValue(first, 'target')).toBe(t.value);
        expect(query.match(/^let target = /gm)).toHaveLength(1);
        const lets = rest.filter((line) => line.startsWith('let '));
        expect(lets.length).toBeLessThanOrEqual(1);
        if (lets[0] !== undefined) {
          expect(rest[0]).toBe(lets[0]);
          expect(letValue(lets[0], 'targetUnicode')).toBe(domainToUnicode(t.value));
        }
        expect(rest.filter((line) => line.startsWith('|'))).toHaveLength(PIPE_LINES[t.type]);
        expect(rest).toHaveLength(PIPE_LINES[t.type] + 1 + lets.length); // plus the DeviceEvents line
      }),
      RUNS,
    );
  });

  test('since an instant: one line keeping rows stamped after it, right after the lookback, the rest unchanged', () => {
    const target: IndicatorTarget = { type: 'DomainName', value: 'logistics.contoso.com' };
    const plain = buildHuntingQuery(target, lookback.value).split('\n');
    const since = buildHuntingQuery(target, lookback.value, new Date('2026-12-01T10:15:30.250Z')).split('\n');
    const at = plain.indexOf('| where Timestamp > ago(168h)') + 1;
    expect(since).toEqual([...plain.slice(0, at), '| where Timestamp > datetime(2026-12-01T10:15:30.250Z)', ...plain.slice(at)]);
  });

  test('an invalid instant is refused, never written into the query', () => {
    expect(() => buildHuntingQuery({ type: 'DomainName', value: 'logistics.contoso.com' }, lookback.value, new Date(Number.NaN))).toThrow(RangeError);
  });

  test('joins the latest device group of each device in the same query, and projects it', () => {
    const query = buildHuntingQuery({ type: 'DomainName', value: 'logistics.contoso.com' }, lookback.value).split('\n');
    const join = query.indexOf(
      '| join kind=leftouter (DeviceInfo | summarize arg_max(Timestamp, MachineGroup) by DeviceId | project DeviceId, MachineGroup) on DeviceId',
    );
    const project = query.findIndex((line) => line.startsWith('| project '));
    expect(join).toBeGreaterThan(0);
    expect(project).toBeGreaterThan(join);
    expect(query[project]).toMatch(/, MachineGroup$/);
  });

  test('compares an internationalised host in its punycode and its Unicode form', () => {
    const query = buildHuntingQuery({ type: 'DomainName', value: 'xn--bcher-kva.contoso.com' }, lookback.value);
    expect(query.split('\n').slice(0, 2)).toEqual(['let target = "xn--bcher-kva.contoso.com";', 'let targetUnicode = "bücher.contoso.com";']);
    expect(query).toContain('\n| where UnblockHost in (target, targetUnicode)\n');
  });
});
