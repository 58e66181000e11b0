// Visitor-facing messages: one YAML file per locale under content/messages, ICU syntax, nested
// keys flattened to dots. Every locale must have every key of English; a missing or broken one
// stops the server at start-up with the file and key named.
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import YAML from 'yaml';
import { LOCALES, type Locale } from './locales.ts';

export type Translate = (key: string, values?: Record<string, string | number>) => string;
export type Catalogue = Record<Locale, Map<string, IntlMessageFormat>>;

/** A message catalogue (content/messages/*.yaml) that is missing a key, has one too many, or does not parse. */
export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

function flatten(value: unknown, prefix: string, out: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out, file);
  } else {
    throw new CatalogueError(`${file}: ${prefix || '(root)'} must be text or a group of messages`);
  }
}

/**
 * content/messages/{locale}.yaml, and the same names in each folder under content/messages (the
 * back office's words, say, apart from the visitors'): one catalogue per locale, where a key
 * given twice is an error.
 */
function messageFiles(contentDir: string, locale: Locale): string[] {
  const root = path.join(contentDir, 'messages');
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(root, e.name))
    .sort();
  return [root, ...folders].map((dir) => path.join(dir, `${locale}.yaml`)).filter((file, i) => i === 0 || fs.existsSync(file));
}

export function loadCatalogue(contentDir: string): Catalogue {
  const raw = {} as Record<Locale, Map<string, string>>;
  for (const locale of LOCALES) {
    const entries = new Map<string, string>();
    for (const file of messageFiles(contentDir, locale)) {
      const own = new Map<string, string>();
      flatten(YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}, '', own, file);
      for (const [key, text] of own) {
        if (entries.has(key)) throw new CatalogueError(`${file}: ${key} is given in another file under content/messages too`);
        entries.set(key, text);
      }
    }
    raw[locale] = entries;
  }
  const catalogue = {} as Catalogue;
  for (const locale of LOCALES) {
    const file = path.join('content', 'messages', `${locale}.yaml`);
    const missing = [...raw.en.keys()].filter((k) => !raw[locale].has(k));
    if (missing.length) throw new CatalogueError(`${file}: missing ${missing.slice(0, 10).join(', ')}`);
    const extra = [...raw[locale].keys()].filter((k) => !raw.en.has(k));
    if (extra.length) throw new CatalogueError(`${file}: unknown ${extra.slice(0, 10).join(', ')} (not in en.yaml)`);
    const formats = new Map<string, IntlMessageFormat>();
    for (const [key, text] of raw[locale]) {
      try {
        formats.set(key, new IntlMessageFormat(text, locale));
      } catch (error) {
        throw new CatalogueError(`${file}: ${key}: ${(error as Error).message}`);
      }
    }
    catalogue[locale] = formats;
  }
  return catalogue;
}

export function translator(catalogue: Catalogue, locale: Locale): Translate {
  const formats = catalogue[locale];
  return (key, values) => {
    const format = formats.get(key);
    // A key missing from en.yaml is a programming error; the test over all keys catches it.
    if (!format) return key;
    return String(format.format(values));
  };
}
