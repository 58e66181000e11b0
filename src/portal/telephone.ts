// The number a "call" link dials. A visitor may be a traveller whose foreign SIM reads a national
// number in its own country's plan, so subscriber numbers carry the country code. Short codes have
// no international form (RFC 3966 calls them local numbers): 112, 113 and the European 116 lines
// are dialled as they are, and the network the phone is on (or the phone itself, for emergency
// numbers) routes them to the service of the country the visitor is in.

/** Luxembourg's country calling code. */
export const COUNTRY_CODE = '+352';

/**
 * In Luxembourg's national numbering plan (ILR) subscriber numbers begin with 2 to 9 and there is
 * no trunk prefix, so "+352" and the digits reach them from any network; numbers beginning with 1
 * are short codes (112, 113, 116 000, 116 111), which "+352" would break.
 */
export function telHref(number: string): string {
  const digits = number.replace(/[^0-9]/g, '');
  return digits.startsWith('1') ? `tel:${digits}` : `tel:${COUNTRY_CODE}${digits}`;
}
