import { describe, expect, test } from 'vitest';
import { checkReportLimits } from './report-limits.ts';

const limits = { reportsPerHour: 3, openAllowsPerRequester: 2 };

describe('checkReportLimits', () => {
  test.each([
    ['under both limits', 2, 1, false, { ok: true, value: undefined }],
    ['at the hourly limit', 3, 0, false, { ok: false, error: { code: 'too_many_reports', limit: 3 } }],
    ['at the hourly limit, even when joining', 3, 0, true, { ok: false, error: { code: 'too_many_reports', limit: 3 } }],
    ['at the open-request limit, opening a new one', 0, 2, false, { ok: false, error: { code: 'too_many_open_allows', limit: 2 } }],
    ['at the open-request limit, joining an open one (asks for nothing new)', 0, 2, true, { ok: true, value: undefined }],
  ])('%s', (_, reportsInLastHour, openAllowsOfRequester, joinsOpenRequest, expected) => {
    expect(checkReportLimits({ limits, reportsInLastHour, openAllowsOfRequester, joinsOpenRequest })).toEqual(expected);
  });
});
