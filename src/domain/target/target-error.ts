/**
 * The kind of address a refused IP is (parseTarget takes public unicast addresses only). Anything
 * that is neither public nor one of the named kinds (documentation, benchmarking, 6to4, IPv6
 * outside 2000::/3 …) is `reserved`.
 */
export type NonPublicRange =
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'carrier_grade_nat'
  | 'unique_local'
  | 'unspecified'
  | 'broadcast'
  | 'multicast'
  | 'reserved';

/**
 * Why parseTarget refused what a user typed as the blocked portal, as a code and the data an adapter
 * needs to put it into words. It never carries the typed text, so no refusal can echo it.
 * - `empty`: nothing was typed;
 * - `too_long`: the address, as typed or as the URL kept, is longer than `maxLength` characters;
 * - `control_characters`: it holds control or invisible characters;
 * - `wildcard`: it holds a `*`;
 * - `ip_range`: a CIDR block or an `a-b` range of addresses;
 * - `unsupported_scheme`: a scheme other than http or https;
 * - `escape_in_host`: a % escape (or an IPv6 zone id) before the path: in the host, user info or port;
 * - `unparseable`: no URL, hostname or IP address can be read from it;
 * - `userinfo`: it names a user or password (`user@host`);
 * - `invalid_ip`: it reads as an IP address, but not a valid one;
 * - `invalid_hostname`: a label is not letters, digits and hyphens, or the host is over `maxLength`;
 * - `single_label`: one label or a `localhost` name, not a full hostname;
 * - `public_suffix`: a suffix shared by unrelated sites (co.uk, github.io);
 * - `non_public_ip`: an IP address in a `range` Defender takes no indicators for;
 * - `broken_escape`: a `%` in the path or query that starts no two-hex-digit escape;
 * - `ipv4_spelling`: an IPv4 address written other than as a strict dotted quad.
 */
export type TargetError =
  | { readonly code: 'empty' }
  | { readonly code: 'too_long'; readonly maxLength: number }
  | { readonly code: 'control_characters' }
  | { readonly code: 'wildcard' }
  | { readonly code: 'ip_range' }
  | { readonly code: 'unsupported_scheme' }
  | { readonly code: 'escape_in_host' }
  | { readonly code: 'unparseable' }
  | { readonly code: 'userinfo' }
  | { readonly code: 'invalid_ip' }
  | { readonly code: 'invalid_hostname'; readonly maxLength: number }
  | { readonly code: 'single_label' }
  | { readonly code: 'public_suffix' }
  | { readonly code: 'non_public_ip'; readonly range: NonPublicRange }
  | { readonly code: 'broken_escape' }
  | { readonly code: 'ipv4_spelling' };

/** One of the codes of TargetError. */
export type TargetErrorCode = TargetError['code'];
