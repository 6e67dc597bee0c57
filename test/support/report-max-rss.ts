/**
 * Preloaded into a child process (`node --import ./test/support/report-max-rss.ts …`): writes the
 * process's peak resident set size to stderr as it exits, as `maxRSS <kilobytes>` (Node's
 * process.resourceUsage().maxRSS, in KiB), for tests that bound a command's memory.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nmaxRSS ${process.resourceUsage().maxRSS}\n`);
});
