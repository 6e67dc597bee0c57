import { describe, expect, test } from 'vitest';
import type { ReportOutcome } from '../../../app/report-blocked-portal.ts';
import { activeView, approvedView, aView, evidence, withoutOwnMarkup } from '../../../../test/builders/request-view-fixtures.ts';
import { reportOutcomeText } from './report-replies.ts';

describe('reportOutcomeText', () => {
  const hostileEvidence = evidence('unavailable', [], '<!channel> <https://evil.example|x>');
  const outcomes: Array<[string, ReportOutcome, string]> = [
    ['opened', { kind: 'opened', view: aView({ evidence: hostileEvidence }) }, 'Sent to the security team as request #42'],
    ['joined a pending request, first time', { kind: 'joined', view: aView({ evidence: hostileEvidence }), firstTimeReporter: true }, "I've added you to it"],
    ['joined a pending request again', { kind: 'joined', view: aView(), firstTimeReporter: false }, 'You had already reported it'],
    ['joined an approved request', { kind: 'joined', view: approvedView(), firstTimeReporter: true }, 'was approved'],
    ['joined an active request', { kind: 'joined', view: activeView(), firstTimeReporter: true }, 'is already allowed until <!date^'],
  ];

  test.each(outcomes)('%s', (_, outcome, expected) => {
    const text = reportOutcomeText(outcome);
    expect(text.trim()).not.toBe('');
    expect(text).toContain(expected);
    expect(withoutOwnMarkup(text)).not.toContain('<');
  });
});
