// Free text (what a reporter wrote, notes, messages, answers) as analysts see it: every web
// address inside it defanged, so that the page, a copy of it pasted into an e-mail or a mail
// client's link detection never turns one into a live link. The rest is kept as written.
import { defang } from './defang.ts';

/**
 * An address as link detectors find one: a scheme (`http://`, `https://`) or `www.`, then
 * everything up to a space, a quote or an angle bracket. `www.` must start a word; a scheme need
 * not (`seehttps://…` is still linked by some clients).
 */
const ADDRESS = /(?:https?:\/\/|\bwww\.)[^\s<>"]*/gi;
/** Punctuation that ends a sentence rather than the address: left after it, as written. */
const TRAILING = /[.,;:!?'’)\]}»]+$/;

/** `see https://evil.example.com/a.` → `see hxxps://evil[.]example[.]com/a.` */
export function defangText(text: string): string {
  return text.replace(ADDRESS, (found) => {
    const tail = TRAILING.exec(found)?.[0] ?? '';
    const address = found.slice(0, found.length - tail.length);
    return `${defang(address)}${tail}`;
  });
}
