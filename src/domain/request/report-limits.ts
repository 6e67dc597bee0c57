import { err, ok, type Result } from '../../shared/result.ts';

/** How much one person may ask for: reports per hour, and allows open at once. */
export interface ReportLimits {
  readonly reportsPerHour: number;
  readonly openAllowsPerRequester: number;
}

export type LimitRefusal =
  | { readonly code: 'too_many_reports'; readonly limit: number }
  | { readonly code: 'too_many_open_allows'; readonly limit: number };

/**
 * Whether a report may go ahead. Joining a request that is already open never counts against the
 * open-allow limit (it asks for nothing new); every report counts against the hourly one.
 */
export function checkReportLimits(input: {
  readonly limits: ReportLimits;
  readonly reportsInLastHour: number;
  readonly openAllowsOfRequester: number;
  readonly joinsOpenRequest: boolean;
}): Result<void, LimitRefusal> {
  if (input.reportsInLastHour >= input.limits.reportsPerHour) return err({ code: 'too_many_reports', limit: input.limits.reportsPerHour });
  if (!input.joinsOpenRequest && input.openAllowsOfRequester >= input.limits.openAllowsPerRequester) {
    return err({ code: 'too_many_open_allows', limit: input.limits.openAllowsPerRequester });
  }
  return ok(undefined);
}
