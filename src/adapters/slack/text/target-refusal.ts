import type { NonPublicRange, TargetError } from '../../../domain/target/target-error.ts';

/**
 * Why an address was refused, in plain text for the person who typed it (refusalText escapes it
 * for mrkdwn). Built from the code and its data only, so it never contains what was typed.
 */
export function targetRefusalMessage(error: TargetError): string {
  switch (error.code) {
    case 'empty':
      return 'Tell me which portal is blocked, for example `/portal-blocked https://logistics.contoso.com`.';
    case 'too_long':
      return `That address is longer than ${error.maxLength} characters.`;
    case 'control_characters':
      return 'That address contains control or invisible characters.';
    case 'wildcard':
      return 'Wildcards are not allowed: name the exact host that is blocked.';
    case 'ip_range':
      return 'IP ranges and CIDR blocks are not allowed: Defender indicators take one address, so name the exact host or IP.';
    case 'unsupported_scheme':
      return 'Only web addresses (http or https) can be unblocked.';
    case 'escape_in_host':
      return "That doesn't look like a URL, hostname or IP address (no % escapes or IPv6 zone ids in the host name).";
    case 'unparseable':
      return "That doesn't look like a URL, hostname or IP address.";
    case 'userinfo':
      return 'Addresses with a user name or password (user@host) are not allowed.';
    case 'invalid_ip':
      return "That doesn't look like a valid IP address.";
    case 'invalid_hostname':
      return `That hostname is not valid (letters, digits and hyphens only, at most ${error.maxLength} characters).`;
    case 'single_label':
      return 'Give the full hostname of the portal, for example logistics.contoso.com.';
    case 'public_suffix':
      return 'That is a public suffix shared by many unrelated sites, so it can never be allowed. Name the exact host of the portal.';
    case 'non_public_ip':
      return `That is ${RANGE_NAMES[error.range]} address. Defender only takes indicators for public IPs, so request the portal's hostname instead.`;
    case 'broken_escape':
      return 'A % in the path or query must start an escape of two hex digits, such as %20 or %2F.';
    case 'ipv4_spelling':
      return (
        'Write an IPv4 address as four decimal numbers from 0 to 255 without leading zeros, for example 20.190.151.7. ' +
        'Other spellings (leading zeros, hex, fewer parts, one big number) mean different addresses to different programs.'
      );
  }
}

/** Each kind of non-public address as the refusal names it, with its article ("an unspecified"). */
const RANGE_NAMES: Readonly<Record<NonPublicRange, string>> = {
  private: 'a private (internal)',
  loopback: 'a loopback',
  link_local: 'a link-local',
  carrier_grade_nat: 'a carrier-grade NAT',
  unique_local: 'a unique-local (internal)',
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  reserved: 'a reserved',
};
