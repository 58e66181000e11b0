// The password rule for members: 12 to 1,024 characters, and hard to guess by zxcvbn's estimate
// (score 3 or more, with English, French and German words and the member's own login and address
// counted as easy), with zxcvbn's advice in the member's language when it is refused.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as de from '@zxcvbn-ts/language-de';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';

export type PasswordLocale = 'en' | 'fr' | 'de';

export type PasswordVerdict = { ok: true } | { ok: false; code: 'too-short' | 'too-long' | 'weak'; warning?: string; suggestions: string[] };

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;
const MIN_SCORE = 3;

// zxcvbn's dictionary search grows with the length scored times the number of word lists (42
// here), and its l33t matcher repeats the whole search for each reading of the substitutions it
// tries: with the library's defaults (256 characters, 100 readings), a long password of digits and
// symbols takes seconds of CPU on the event loop. So only the first SCORED_LENGTH characters (UTF-16
// units) are scored, which can only err towards refusing: a prefix is never harder to guess than
// the password it begins. 64 rather than 100: it halves the worst case (about 70 ms instead of
// 130 ms here), and a password whose first 64 characters are easy to guess is not worth accepting.
const SCORED_LENGTH = 64;
// Four readings still find the usual substitutions ('P@55w0rd', 'S0nn3nbl1ck', 'M0td3p4ss3'):
// on a list of such passwords the scores are the same as with the default 100.
const L33T_READINGS = 4;

// Words of the site and the country it serves, which anyone who knows where the password is
// used would try first (zxcvbn alone gives "Luxembourg2024!" a 3).
const SITE_WORDS = ['haven', 'luxembourg', 'luxemburg', 'letzebuerg', 'lëtzebuerg'];

// The language packs share zxcvbn's keys (checked in the tests); only warnings and suggestions are shown.
type Feedback = { warnings: Record<string, string>; suggestions: Record<string, string> };
const FEEDBACK: Record<PasswordLocale, Feedback> = { en: en.translations, fr: fr.translations, de: de.translations };

// One estimator for every locale, built on first use (about 0.3 s and 25 MB for the four word
// lists) and read-only afterwards: it is left with zxcvbn's untranslated feedback, which is the
// translation keys themselves ("topTen", "anotherWord"), and those keys are looked up in the
// member's language below. Three translated estimators would hold three copies of the lists.
let estimator: ZxcvbnFactory | undefined;
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: {
      ...common.dictionary,
      ...en.dictionary,
      ...fr.dictionary,
      // language-de is still at 3.x, whose list names carry no language suffix.
      ...Object.fromEntries(Object.entries(de.dictionary).map(([name, words]) => [`${name}-de`, words])),
    },
    graphs: common.adjacencyGraphs,
    l33tMaxSubstitutions: L33T_READINGS,
    maxLength: SCORED_LENGTH,
  });
  return estimator;
}

/** The login and address, whole and in pieces, and the site's own words. */
function userInputs(login: string, email: string | null | undefined): string[] {
  const whole = [login, email ?? '', email?.split('@')[0] ?? ''];
  const pieces = whole.flatMap((input) => input.split(/[^\p{L}\p{N}]+/u));
  return [...new Set([...whole, ...pieces, ...SITE_WORDS].filter((input) => input.length >= 3))];
}

export function checkPassword(password: string, context: { login: string; email?: string | null; locale: PasswordLocale }): PasswordVerdict {
  // Code points, not UTF-16 units: "🔑" is one character to the person typing it.
  let length = 0;
  for (const _ of password) if (++length > PASSWORD_MAX_LENGTH) return { ok: false, code: 'too-long', suggestions: [] };
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, code: 'too-short', suggestions: [] };

  // The estimator scores the first SCORED_LENGTH characters only (its maxLength).
  const result = getEstimator().check(password, userInputs(context.login, context.email));
  if (result.score >= MIN_SCORE) return { ok: true };

  const table = FEEDBACK[context.locale];
  const warning = result.feedback.warning === null ? undefined : table.warnings[result.feedback.warning];
  return {
    ok: false,
    code: 'weak',
    ...(warning === undefined ? {} : { warning }),
    suggestions: result.feedback.suggestions.flatMap((key) => table.suggestions[key] ?? []),
  };
}
