import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { odataString } from './odata.ts';

describe('odataString', () => {
  test.each([
    ['logistics.contoso.com', "'logistics.contoso.com'"],
    ["o'brien.example", "'o''brien.example'"],
    ["' or 1 eq 1 or '", "''' or 1 eq 1 or '''"],
  ])('writes %j as %s', (value, literal) => {
    expect(odataString(value)).toBe(literal);
  });

  test('no value can close the literal early: every quote inside comes doubled, and the value round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const literal = odataString(value);
        const body = literal.slice(1, -1);
        expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
        expect(body.replace(/''/g, '')).not.toContain("'");
        expect(body.replace(/''/g, "'")).toBe(value);
      }),
      { numRuns: 10_000, seed: 20261126 },
    );
  });
});
