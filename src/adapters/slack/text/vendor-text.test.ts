import { describe, expect, test } from 'vitest';
import { httpFailure } from '../../defender/http-failure.ts';
import { approvedView, evidence, aView } from '../../../../test/builders/request-view-fixtures.ts';
import { ERROR_TEXT_MAX } from '../mrkdwn.ts';
import { allowRefusalText } from './allow-replies.ts';
import { evidenceHeadline } from './evidence-text.ts';
import { renderThreadNote } from './thread-notes.ts';

// Vendor text that would become a broadcast, a disguised link and a pre-escaped entity if it
// reached Slack unescaped, or show as `&amp;lt;` if it were escaped twice.
const HOSTILE = 'Limit <!channel> reached, see <https://evil.example|the portal> & retry &lt;now&gt;';
const ESCAPED = 'Limit &lt;!channel&gt; reached, see &lt;https://evil.example|the portal&gt; &amp; retry &amp;lt;now&amp;gt;';

/** What an adapter hands the use-case: Defender's refusal with its own reason. */
const refusal = (vendorMessage: string) => httpFailure({ service: 'defender', status: 400, vendorCode: 'BadRequest', vendorMessage, correlationId: 'corr-1' });

describe('vendor text shown to approvers is escaped exactly once and clipped', () => {
  const error = refusal(HOSTILE).userMessage;

  test.each<[string, string]>([
    ['the first activation failure in the thread', renderThreadNote(approvedView(), { kind: 'activation_failed', error })],
    ['the activation alert in the thread', renderThreadNote(approvedView(), { kind: 'activation_failing', attempts: 5, error })],
    ['the alert when Defender refused the activation outright', renderThreadNote(approvedView(), { kind: 'activation_refused', error, retryInMs: 3_600_000 })],
    ['the private reply to a failed extension or revocation', allowRefusalText({ code: 'defender_failed', message: error, retryable: false })],
    ['the approval message when hunting was refused', evidenceHeadline(aView({ evidence: evidence('unavailable', [], error) }).evidence)],
  ])('%s', (_, text) => {
    expect(text).toContain(`Defender rejected the request (HTTP 400): "${ESCAPED}" [BadRequest, ref corr-1]`);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
  });

  test('nothing is escaped twice: the only &amp; entities are the ones the vendor text asked for', () => {
    const text = renderThreadNote(approvedView(), { kind: 'activation_failed', error });
    expect(text.match(/&amp;/g)).toHaveLength(3);
    expect(text).not.toContain('&amp;amp;');
  });

  test('a vendor reason of any length stays short in the thread', () => {
    const long = refusal('x'.repeat(50_000)).userMessage;
    const text = renderThreadNote(approvedView(), { kind: 'activation_failed', error: long });
    expect(text.length).toBeLessThan(ERROR_TEXT_MAX);
  });

  test('a stored error longer than ERROR_TEXT_MAX (an older row) is clipped before it is escaped', () => {
    const text = renderThreadNote(approvedView(), { kind: 'activation_failing', attempts: 3, error: `${'<'.repeat(2 * ERROR_TEXT_MAX)}` });
    expect(text).toContain(`${'&lt;'.repeat(ERROR_TEXT_MAX - 1)}…`);
    expect(text).not.toMatch(/&l…|&lt…/);
  });
});
