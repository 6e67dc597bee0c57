import ipaddr from 'ipaddr.js';

// The forms Defender writes values in, shared by the fakes that stand in for it.

/**
 * An IP address as Defender writes it in its advanced-hunting tables and indicator values: IPv6 in
 * compressed RFC 5952 form, whatever spelling it was given (defender-api.md §8 "Precision and
 * forms Defender uses": "IPv6 values appear in tables and indicators in compressed RFC 5952 form
 * (`2001:4898::1050:1050`)"). IPv4 and IPv4-mapped values, and anything that is no address, are
 * kept as given.
 */
export function defenderIpForm(value: string): string {
  if (!ipaddr.IPv6.isValid(value) || value.includes('%')) return value;
  const v6 = ipaddr.IPv6.parse(value);
  return v6.isIPv4MappedAddress() ? value : v6.toRFC5952String();
}

/** An indicator value as Defender stores it: IpAddress values in defenderIpForm, others as sent. */
export function storedIndicatorValue(type: string, value: string): string {
  return type === 'IpAddress' ? defenderIpForm(value) : value;
}
