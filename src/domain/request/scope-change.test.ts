import { describe, expect, test } from 'vitest';
import { planScopeChange, scopeChangeValue } from './scope-change.ts';

const blocked = (names: string[], ungrouped = 0) => ({ groups: names.map((name) => ({ name, count: 1 })), ungrouped });

describe('planScopeChange', () => {
  test.each([
    { name: 'a new group proposes allow + it', allow: ['Sales'], open: null, found: blocked(['Finance']), want: { kind: 'propose', groups: ['Finance', 'Sales'], added: ['Finance'], ungrouped: false } },
    { name: 'groups already covered propose nothing', allow: ['Sales'], open: null, found: blocked(['Sales']), want: { kind: 'covered', ungrouped: false } },
    { name: 'a group already in the open proposal adds nothing', allow: ['Sales'], open: { groups: ['Finance', 'Sales'] }, found: blocked(['Finance', 'Sales']), want: { kind: 'covered', ungrouped: false } },
    {
      name: 'yet another group widens the open proposal, never drops what it held',
      allow: ['Sales'],
      open: { groups: ['Finance', 'Sales'] },
      found: blocked(['HR']),
      want: { kind: 'propose', groups: ['Finance', 'HR', 'Sales'], added: ['HR'], ungrouped: false },
    },
    { name: 'ungrouped devices alone propose nothing (cannot be named)', allow: ['Sales'], open: null, found: blocked([], 2), want: { kind: 'covered', ungrouped: true } },
    { name: 'ungrouped devices are reported beside a new group', allow: ['Sales'], open: null, found: blocked(['Finance'], 1), want: { kind: 'propose', groups: ['Finance', 'Sales'], added: ['Finance'], ungrouped: true } },
    { name: 'blank and duplicate names are ignored', allow: ['Sales'], open: null, found: blocked([' ', 'Finance', 'Finance ']), want: { kind: 'propose', groups: ['Finance', 'Sales'], added: ['Finance'], ungrouped: false } },
  ])('$name', ({ allow, open, found, want }) => {
    expect(planScopeChange(allow, open, found)).toEqual(want);
  });
});

describe('scopeChangeValue', () => {
  test('the same set gives the same value whatever the order; another set another value', () => {
    expect(scopeChangeValue(['Sales', 'Finance'])).toBe(scopeChangeValue(['Finance', 'Sales']));
    expect(scopeChangeValue(['Finance', 'Sales'])).not.toBe(scopeChangeValue(['Finance', 'HR', 'Sales']));
  });
});
