import type { RequestView } from '../../../app/ports/request-view.ts';
import { code } from '../mrkdwn.ts';

/**
 * The warnings of an approval message about its target, one mrkdwn paragraph each, in this order: a
 * registrable domain whose allow covers every subdomain, an internationalized (punycode) host. An
 * ordinary request has none. (What Defender's verdict means is the cause's remedy, block-cause-text.ts.)
 */
export function approvalWarnings(view: Pick<RequestView, 'request'>): string[] {
  const { request } = view;
  const found: string[] = [];
  if (request.coversSubdomains) {
    found.push(
      `:warning: ${code(request.target.value)} is a registrable domain: a domain indicator also allows *every subdomain* of it. ` +
        'Prefer asking for the exact host of the portal.',
    );
  }
  if (request.target.value.split('.').some((label) => label.startsWith('xn--'))) {
    found.push(':warning: This is an internationalized name, shown in its punycode form. Check it is the portal you expect and not a look-alike.');
  }
  return found;
}
