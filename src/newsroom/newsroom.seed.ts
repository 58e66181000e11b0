// content/publications.yaml: the publications a new installation starts with. Read and checked at
// start-up (a broken file stops the server naming the file and field); each is imported, published,
// once: when its id was never seeded before. An editor's change, or deletion, is never undone by a
// restart.
import fs from 'node:fs';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import YAML from 'yaml';
import { type AuditKeys, audited } from '../audit/audit.ts';
import { ContentError } from '../content/content.loader.ts';
import { markPublished } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import { LOCALES } from '../i18n/locales.ts';
import { claimSeed, insertItem } from './newsroom.store.ts';
import { type Draft, emptyDraft, publishProblems, saveProblems } from './newsroom.types.ts';

const FILE = 'publications.yaml';

const Text = Type.Object(
  { title: Type.String({ minLength: 1 }), summary: Type.Optional(Type.String()), body: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const Seed = Type.Object(
  {
    id: Type.String(),
    date: Type.String(),
    country: Type.Optional(Type.String()),
    fallback: Type.Optional(Type.Array(Type.Union([Type.Literal('fr'), Type.Literal('de')]))),
    texts: Type.Object({ en: Text, fr: Type.Optional(Text), de: Type.Optional(Text) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
const Seeds = Type.Array(Seed);
type Seed = Static<typeof Seed>;

/** A schema error's path as the file's reader names it: "/0/texts/fr" → "[0].texts.fr". */
const fieldOf = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '') || '(root)';

/** The file's publications as drafts; none when the content folder has no such file. */
export function readPublicationSeeds(contentDir: string): Draft[] {
  const file = path.join(contentDir, FILE);
  if (!fs.existsSync(file)) return [];
  const where = `content/${FILE}`;
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(file, 'utf8')) ?? [];
  } catch (error) {
    throw new ContentError(`${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  const error = Value.Errors(Seeds, data).First();
  if (error) throw new ContentError(`${where}: ${fieldOf(error.path)}: ${error.message}`);
  const seen = new Set<string>();
  return (data as Seed[]).map((seed, i) => {
    const draft = emptyDraft();
    draft.id = seed.id;
    draft.date = seed.date;
    draft.country = seed.country ?? '';
    draft.fallback = seed.fallback ?? [];
    for (const locale of LOCALES) {
      const text = seed.texts[locale];
      if (text) draft.texts[locale] = { title: text.title, summary: text.summary ?? '', body: text.body ?? '' };
    }
    const problem = [...saveProblems('publication', draft), ...publishProblems('publication', draft)][0];
    if (problem) throw new ContentError(`${where}: [${i}].${problem.field}: ${problem.code}`);
    if (seen.has(seed.id)) throw new ContentError(`${where}: [${i}].id: "${seed.id}" is used twice`);
    seen.add(seed.id);
    return draft;
  });
}

/** Imports, published, each seed never imported before; audited. Answers how many were imported. */
export async function importPublicationSeeds(store: Store, keys: AuditKeys, seeds: Draft[]): Promise<number> {
  if (seeds.length === 0) return 0;
  const at = new Date().toISOString();
  const imported = await audited(
    store,
    keys,
    (ids: string[]) =>
      ids.map((id) => ({
        actor: 'content-import',
        action: 'newsroom.imported' as const,
        // "content", as the content files' own import: the log names it in words.
        subject: 'content',
        detail: JSON.stringify({ from: FILE, publication: id }),
        at,
      })),
    async (trx) => {
      const imported: string[] = [];
      for (const seed of seeds) {
        // The claim comes first: a seed is imported once, even if an editor deletes it later.
        if (!(await claimSeed(trx, 'publication', seed.id, at))) continue;
        if (await insertItem(trx, 'publication', seed, { at, by: null, status: 'published' })) imported.push(seed.id);
      }
      // Other instances already running show them too.
      if (imported.length > 0) await markPublished(trx);
      return imported;
    },
  );
  return imported.length;
}
