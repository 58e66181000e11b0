// A reported address as analysts see it: defanged, so that no click, paste into a browser's
// address bar or mail client's link detection opens it. Haven never fetches a reported URL.

/** `https://example.com/a` → `hxxps://example[.]com/a`; dots in the host only. */
export function defang(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!match) return url.replace(/\./g, '[.]');
  const [, scheme = '', host = '', rest = ''] = match;
  return `${scheme.replace(/^http/i, 'hxxp')}://${host.replace(/\./g, '[.]')}${rest}`;
}
