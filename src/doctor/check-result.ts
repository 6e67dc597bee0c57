/**
 * The outcome of one check of `npm run doctor`, one line of its report.
 * - `ok`: the part checked is usable (true also for states that are no fault of the deployment,
 *   e.g. migrations the bot applies at its next start; `detail` says so).
 * - `skipped`: not checked, because a check it depends on failed; `detail` says which. Never `ok`.
 * - `detail`: what was found, in the vendor's own words for a refusal. Never a secret.
 * - `fix`: what to change, for a failure.
 */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly skipped?: boolean;
  readonly detail: string;
  readonly fix?: string | undefined;
}

/** A passed check. */
export const passed = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });

/** A failed check, with what to change. */
export const failed = (name: string, detail: string, fix?: string): CheckResult => ({ name, ok: false, detail, fix });

/** A check not run because `reason` (a check it needs failed). */
export const skipped = (name: string, reason: string): CheckResult => ({ name, ok: false, skipped: true, detail: reason });

/** The doctor's exit code: 0 only when every check passed (none failed or skipped), else 1. */
export function exitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.length > 0 && results.every((r) => r.ok) ? 0 : 1;
}
