// Pieces the public pages and the office share: a date as precise as it is known (a year stays a
// year), a source with its date, a fact in words, evidence in paragraphs. Pure functions of data.
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { Fact, Source } from './monitoring.model.ts';

const formats = new Map<string, Intl.DateTimeFormat>();
/** British English for English: the site's spelling is British, and "22 November 2026" reads the same everywhere. */
function dateFormat(locale: Locale, withDay: boolean): Intl.DateTimeFormat {
  const key = `${locale}/${withDay}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = withDay ? { dateStyle: 'long' } : { year: 'numeric', month: 'long' };
    format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { ...options, timeZone: 'UTC' });
    formats.set(key, format);
  }
  return format;
}

/** "2017", "April 2009", "20 April 2009": never more precise than what is recorded. */
export function formatDate(value: string, locale: Locale): string {
  const [year, month, day] = value.split('-').map(Number);
  if (year === undefined || month === undefined) return value;
  return dateFormat(locale, day !== undefined).format(new Date(Date.UTC(year, month - 1, day ?? 1)));
}

/** A fact as a sentence, in the locale's words. */
export function factText(fact: Fact, t: Translate, locale: Locale): string {
  const date = formatDate(fact.date, locale);
  switch (fact.kind) {
    case 'tip-tier': {
      const [tier = '', list] = (fact.value ?? '').split('-');
      return t('monitoring.fact.tipTier', { year: date, tier, watch: list === 'watch' ? 'yes' : 'no' });
    }
    case 'tip-protocol':
      return t('monitoring.fact.tipProtocol', { date });
    case 'victims-identified':
      return t('monitoring.fact.victims', { from: date, until: formatDate(fact.until ?? fact.date, locale), count: Number(fact.value ?? 0) });
    case 'oci-trafficking':
      return t('monitoring.fact.oci', { year: date, score: new Intl.NumberFormat(locale).format(Number(fact.value ?? 0)) });
  }
}

export function SourceText({ source, t, locale }: { source: Source; t: Translate; locale: Locale }) {
  const dates = [
    source.published ? formatDate(source.published, locale) : undefined,
    source.consulted ? t('monitoring.source.consulted', { date: formatDate(source.consulted, locale) }) : undefined,
  ].filter(Boolean);
  return (
    <>
      {source.url ? (
        <a href={source.url} rel="noreferrer">
          {source.title}
        </a>
      ) : (
        source.title
      )}
      {dates.length ? `, ${dates.join(', ')}` : `, ${t('monitoring.source.undated')}`}
    </>
  );
}

export function SourceList({ sources, t, locale }: { sources: Source[]; t: Translate; locale: Locale }) {
  if (sources.length === 0) return null;
  return (
    <>
      <p class="sources-title">{t('monitoring.sources', { count: sources.length })}</p>
      <ul>
        {sources.map((source, i) => (
          <li key={`${i}-${source.title}`}>
            <SourceText source={source} t={t} locale={locale} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Evidence as typed: a blank line starts a new paragraph. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}
    </>
  );
}
