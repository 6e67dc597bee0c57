import { describe, expect, test } from 'vitest';
import { aView, evidence, REPORTED_AT, shownDate } from '../../../../test/builders/request-view-fixtures.ts';
import { approvalContextText } from './approval-context.ts';

const reporter = (userId: string) => ({ userId, reason: '', reportedAt: REPORTED_AT });
const HEAD = `Request #42 · reported ${shownDate(REPORTED_AT)}`;

describe('approvalContextText', () => {
  test('one reporter, one device', () => {
    expect(approvalContextText(aView())).toBe(`${HEAD} · *1 reporter* · 1 device in the evidence · details in the thread`);
  });

  test('no devices in the evidence: only the reporters are counted', () => {
    expect(approvalContextText(aView({ evidence: evidence('none') }))).toBe(`${HEAD} · *1 reporter* · details in the thread`);
  });

  test('others who reported it are named, newest first, without the requester', () => {
    const view = aView({ reporters: [reporter('U0ALICE'), reporter('U0CAROL'), reporter('U0DAVE')] });
    expect(approvalContextText(view)).toBe(`${HEAD} · *3 reporters* · 1 device in the evidence · also reported by <@U0DAVE>, <@U0CAROL> · details in the thread`);
  });

  test('past ten others, the rest are counted', () => {
    const others = Array.from({ length: 12 }, (_, i) => reporter(`U0OTHER${String(i).padStart(2, '0')}`));
    const text = approvalContextText(aView({ reporters: [reporter('U0ALICE'), ...others] }));
    expect(text).toContain('*13 reporters*');
    expect(text).toContain('also reported by <@U0OTHER11>, <@U0OTHER10>, <@U0OTHER09>');
    expect(text).toContain('<@U0OTHER02> and 2 others · details in the thread');
    expect(text).not.toContain('<@U0OTHER01>');
  });

  test('a reporter id Slack did not verify is shown escaped, never as a mention or broadcast', () => {
    const view = aView({ reporters: [reporter('U0ALICE'), reporter('<!here> & co')] });
    expect(approvalContextText(view)).toContain('also reported by &lt;!here&gt; &amp; co · details');
  });
});
