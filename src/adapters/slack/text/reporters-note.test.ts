import { describe, expect, test } from 'vitest';
import type { Reporter } from '../../../domain/request/request.ts';
import { HOSTILE_SHOWN, HOSTILE_TEXT, REPORTED_AT } from '../../../../test/builders/request-view-fixtures.ts';
import { renderReportersNote } from './reporters-note.ts';

const reporter = (userId: string, reason = ''): Reporter => ({ userId, reason, reportedAt: REPORTED_AT });
const people = (count: number) => Array.from({ length: count }, (_, i) => reporter(`U0P${String(i).padStart(3, '0')}`));

describe('renderReportersNote', () => {
  test('one person, with what they wrote quoted and escaped', () => {
    expect(renderReportersNote([reporter('U0CAROL', `${HOSTILE_TEXT}\nsince Monday`)])).toBe(
      `:raised_hands: 1 more person reported it:\n• <@U0CAROL>\n>${HOSTILE_SHOWN}\n>since Monday`,
    );
  });

  test('several people, one without a reason', () => {
    expect(renderReportersNote([reporter('U0CAROL', 'same here'), reporter('U0DAVE')])).toBe(':raised_hands: 2 more people reported it:\n• <@U0CAROL>\n>same here\n• <@U0DAVE>');
  });

  test('a long reason is clipped to 300 characters', () => {
    const note = renderReportersNote([reporter('U0CAROL', 'x'.repeat(400))]);
    expect(note).toBe(`:raised_hands: 1 more person reported it:\n• <@U0CAROL>\n>${'x'.repeat(299)}…`);
  });

  test('past ten people, the rest are listed without reasons', () => {
    const note = renderReportersNote(people(12));
    expect(note.split('\n')).toHaveLength(12);
    expect(note.split('\n').at(-1)).toBe('Also: <@U0P010>, <@U0P011>');
  });

  test('past two hundred people, the rest are counted', () => {
    const note = renderReportersNote(people(205));
    expect(note.startsWith(':raised_hands: 205 more people reported it:\n')).toBe(true);
    expect(note.endsWith('<@U0P198>, <@U0P199> and 5 others')).toBe(true);
  });

  test('an id Slack did not verify is escaped, not a broadcast', () => {
    expect(renderReportersNote([reporter('<!here>&')])).toBe(':raised_hands: 1 more person reported it:\n• &lt;!here&gt;&amp;');
  });
});
