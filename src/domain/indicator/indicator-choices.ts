import { err, ok, type Result } from '../../shared/result.ts';
import { canonicalHost, canonicalUrl } from '../target/canonical-value.ts';
import type { IndicatorTarget, IndicatorType } from '../target/target.ts';

/** What an approver may choose the allow to cover; the first is preselected. */
export type IndicatorChoices = readonly [IndicatorTarget, ...IndicatorTarget[]];

/**
 * The indicators offered for a request: always its own target (the exact host, which Defender's
 * DomainName indicator extends to subdomains, or the IP). When the reported address was a URL with
 * a path, also a `Url` indicator for that URL alone: narrower, but Defender enforces full-path URL
 * indicators only in Microsoft Edge. Pure.
 */
export function indicatorChoices(request: { readonly target: IndicatorTarget; readonly reportedTarget: string }): IndicatorChoices {
  const url = request.target.type === 'DomainName' ? urlWithPath(request.reportedTarget, request.target.value) : null;
  return url === null ? [request.target] : [request.target, { type: 'Url', value: url }];
}

/**
 * Maps the kind select's value from Slack (untrusted) to an offered indicator. Anything not offered
 * is refused, so a forged payload cannot pick an indicator the message never showed. A missing
 * value means the approver kept the preselected one.
 */
export function chooseIndicator(value: string | undefined, choices: IndicatorChoices): Result<IndicatorTarget, { readonly code: 'indicator_not_offered' }> {
  if (value === undefined) return ok(choices[0]);
  const chosen = choices.find((c) => c.type === value);
  return chosen ? ok(chosen) : err({ code: 'indicator_not_offered' });
}

/**
 * The narrowest of several approvers' choices: a Url indicator if anyone chose it, so the allow is
 * never wider than what each approver agreed to. `null` choices stand for the request's own target.
 */
export function narrowestIndicator(chosen: ReadonlyArray<IndicatorType | null>, choices: IndicatorChoices): IndicatorTarget {
  const url = choices.find((c) => c.type === 'Url');
  return url !== undefined && chosen.includes('Url') ? url : choices[0];
}

/** The reported URL, in canonical form, when it is an http(s) URL on `host` whose path is more than `/`, else null. */
function urlWithPath(reported: string, host: string): string | null {
  let url: URL;
  try {
    url = new URL(reported);
  } catch {
    return null;
  }
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  return web && canonicalHost(url.hostname) === host && url.pathname !== '/' ? canonicalUrl(url) : null;
}
