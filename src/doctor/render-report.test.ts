import { describe, expect, test } from 'vitest';
import { exitCode, failed, passed, skipped } from './check-result.ts';
import { renderReport } from './render-report.ts';

describe('renderReport', () => {
  test('every check passed: one ✓ line each and a summary', () => {
    const results = [passed('Database', 'schema up to date'), passed('Slack token', 'valid')];
    expect(renderReport(results)).toBe(['✓ Database: schema up to date', '✓ Slack token: valid', '', 'All 2 checks passed: this deployment is usable.'].join('\n'));
    expect(exitCode(results)).toBe(0);
  });

  test('a failure shows its fix under it; a skipped check says why; the summary counts both', () => {
    const results = [
      failed('Slack token', 'Slack refused SLACK_BOT_TOKEN (invalid_auth)', 'copy the Bot User OAuth Token again'),
      skipped('Slack scopes', 'needs a valid Slack token'),
      passed('Database', 'ok'),
    ];
    expect(renderReport(results)).toBe(
      [
        '✗ Slack token: Slack refused SLACK_BOT_TOKEN (invalid_auth)',
        '    fix: copy the Bot User OAuth Token again',
        '– Slack scopes: skipped, needs a valid Slack token',
        '✓ Database: ok',
        '',
        '1 of 3 checks failed, 1 skipped: fix the ✗ lines above and run npm run doctor again.',
      ].join('\n'),
    );
    expect(exitCode(results)).toBe(1);
  });

  test('a skipped check alone is not a pass', () => {
    expect(exitCode([passed('a', 'ok'), skipped('b', 'needs a')])).toBe(1);
    expect(exitCode([])).toBe(1);
  });
});
