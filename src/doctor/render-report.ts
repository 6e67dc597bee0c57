import type { CheckResult } from './check-result.ts';

/**
 * The doctor's report as plain text: one line per check, `✓` (passed), `✗` (failed) or `–`
 * (skipped), its name and what was found; under a failure, an indented `fix:` line; and a last
 * line that sums up. Pure: the caller prints it (after scrubbing secrets, see doctor.ts).
 */
export function renderReport(results: readonly CheckResult[]): string {
  const lines = results.flatMap((r) => {
    const mark = r.ok ? '✓' : r.skipped ? '–' : '✗';
    const line = `${mark} ${r.name}: ${r.skipped ? `skipped, ${r.detail}` : r.detail}`;
    return !r.ok && !r.skipped && r.fix ? [line, `    fix: ${r.fix}`] : [line];
  });
  return [...lines, '', summary(results)].join('\n');
}

function summary(results: readonly CheckResult[]): string {
  const failedCount = results.filter((r) => !r.ok && !r.skipped).length;
  const skippedCount = results.filter((r) => r.skipped).length;
  if (failedCount === 0 && skippedCount === 0) return `All ${results.length} checks passed: this deployment is usable.`;
  const parts = [`${failedCount} of ${results.length} checks failed`, ...(skippedCount > 0 ? [`${skippedCount} skipped`] : [])];
  return `${parts.join(', ')}: fix the ✗ lines above and run npm run doctor again.`;
}
