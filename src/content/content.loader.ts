// Reads content/ from disk and validates every file against its schema and against the other
// files (a triage answer that leads nowhere, a page that names an unknown section). The first
// problem stops start-up with the file and the field named.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import YAML from 'yaml';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { Casework } from './casework.schema.ts';
import { Channel, Definition, EmergencyNumber, HelpService, Law, Operator, PageFrontMatter, Triage } from './content.schema.ts';
import type { ContentFiles, OperatorContent, PageSource } from './content.types.ts';
import { checkLogo, LogoError } from './svg-logo.ts';

/** A content file that is missing, does not parse, or does not fit its schema or the other files. */
export class ContentError extends Error {
  override name = 'ContentError';
}

export function readContentFiles(dir: string): ContentFiles {
  const list = <T extends TSchema>(file: string, schema: T) => {
    const items = readYaml(dir, file, Type.Array(schema)) as unknown[];
    const ids = new Set<string>();
    items.forEach((item, i) => {
      const id = (item as { id: string }).id;
      if (ids.has(id)) throw new ContentError(`${rel(dir, file)}: [${i}].id: "${id}" is used twice`);
      ids.add(id);
    });
    return items as never;
  };
  const files: ContentFiles = {
    channels: list('channels.yaml', Channel),
    helpServices: optional(dir, 'help-services.yaml') ? list('help-services.yaml', HelpService) : [],
    emergency: optional(dir, 'emergency.yaml') ? list('emergency.yaml', EmergencyNumber) : [],
    laws: optional(dir, 'laws.yaml') ? list('laws.yaml', Law) : [],
    definitions: optional(dir, 'definitions.yaml') ? list('definitions.yaml', Definition) : [],
    triage: optional(dir, 'triage.yaml') ? (readYaml(dir, 'triage.yaml', Triage) as ContentFiles['triage']) : undefined,
    operator: optional(dir, 'operator.yaml') ? readOperator(dir) : undefined,
    pages: readPages(dir),
    casework: readYaml(dir, 'casework.yaml', Type.Array(Casework)) as Casework[],
  };
  checkReferences(dir, files);
  return files;
}

function optional(dir: string, file: string) {
  return fs.existsSync(path.join(dir, file));
}

function rel(dir: string, file: string) {
  return path.join(path.basename(dir), file);
}

function readYaml(dir: string, file: string, schema: TSchema): unknown {
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch (error) {
    throw new ContentError(`${rel(dir, file)}: ${(error as Error).message.split('\n')[0]}`);
  }
  check(schema, data, rel(dir, file));
  return data;
}

/** Throws a ContentError naming the first field that does not fit the schema. */
export function check(schema: TSchema, data: unknown, where: string) {
  const error = Value.Errors(schema, data).First();
  if (error) {
    const field =
      error.path
        .replace(/\/(\d+)/g, '[$1]')
        .replace(/^\//, '')
        .replace(/\//g, '.') || '(top)';
    throw new ContentError(`${where}: ${field}: ${error.message}`);
  }
}

/** operator.yaml, with its logo file read, checked and rewritten (see svg-logo.ts). */
function readOperator(dir: string): OperatorContent {
  const operator = readYaml(dir, 'operator.yaml', Operator) as Operator;
  if (!operator.logo) return operator;
  const where = rel(dir, 'operator.yaml');
  if (!optional(dir, operator.logo)) throw new ContentError(`${where}: logo: no file "${operator.logo}" beside operator.yaml`);
  try {
    return { ...operator, logoSvg: checkLogo(fs.readFileSync(path.join(dir, operator.logo), 'utf8')) };
  } catch (error) {
    if (error instanceof LogoError) throw new ContentError(`${where}: logo: ${rel(dir, operator.logo)}: ${error.message}`);
    throw error;
  }
}

function readPages(dir: string): PageSource[] {
  const root = path.join(dir, 'pages');
  if (!fs.existsSync(root)) return [];
  const pages: PageSource[] = [];
  for (const slug of fs.readdirSync(root).sort()) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new ContentError(`content/pages/${slug}: a page folder name is lower-case words joined by dashes`);
    const translations = {} as PageSource['translations'];
    let section: PageSource['section'] | undefined;
    let order = 0;
    for (const locale of LOCALES) {
      const file = path.join('pages', slug, `${locale}.md`);
      if (!optional(dir, file)) throw new ContentError(`${rel(dir, file)}: missing (every page exists in ${LOCALES.join(', ')})`);
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
      if (!match) throw new ContentError(`${rel(dir, file)}: must start with front matter between --- lines`);
      let front: unknown;
      try {
        front = YAML.parse(match[1] ?? '');
      } catch (error) {
        throw new ContentError(`${rel(dir, file)}: front matter: ${(error as Error).message.split('\n')[0]}`);
      }
      check(PageFrontMatter, front, rel(dir, file));
      const fm = front as PageFrontMatter;
      if (section && fm.section !== section) throw new ContentError(`${rel(dir, file)}: section: differs from the other locales (${section})`);
      section = fm.section;
      order = fm.order;
      const body = (match[2] ?? '').trim();
      translations[locale as Locale] = { title: fm.title, summary: fm.summary, body, sourceHash: sha(source) };
    }
    pages.push({ slug, section: section ?? 'information', order, translations });
  }
  return pages;
}

export function sha(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Cross-references between files (triage → services, channels, pages; schemes → channels…): also run on an editor's change before it is published. */
export function checkReferences(dir: string, files: ContentFiles) {
  const ids = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
  const channels = ids(files.channels);
  const services = ids(files.helpServices);
  const pages = new Set(files.pages.map((p) => p.slug));
  checkCasework(dir, files);
  for (const [i, c] of files.channels.entries()) {
    if (c.kind === 'hosted' && !c.recipient)
      throw new ContentError(`${rel(dir, 'channels.yaml')}: [${i}].recipient: a hosted channel names its recipient organisation`);
    if (c.kind === 'external' && !c.externalUrl)
      throw new ContentError(`${rel(dir, 'channels.yaml')}: [${i}].externalUrl: an external channel links to the authority's form`);
  }
  files.laws.forEach((law, i) => {
    if (law.flags && law.verification === 'verified')
      throw new ContentError(`${rel(dir, 'laws.yaml')}: [${i}].flags: a flagged row cannot be 'verified' (fix the row, or drop its flags)`);
  });
  files.definitions.forEach((d, i) => {
    if (d.page && !pages.has(d.page)) throw new ContentError(`${rel(dir, 'definitions.yaml')}: [${i}].page: no page "${d.page}"`);
  });
  const triage = files.triage;
  if (!triage) return;
  const where = rel(dir, 'triage.yaml');
  const steps = ids(triage.steps);
  const outcomes = ids(triage.outcomes);
  if (!steps.has(triage.start)) throw new ContentError(`${where}: start: no step "${triage.start}"`);
  for (const [s, step] of triage.steps.entries()) {
    for (const [i, a] of step.answers.entries()) {
      const field = `steps[${s}].answers[${i}]`;
      if (Boolean(a.next) === Boolean(a.outcome)) throw new ContentError(`${where}: ${field}: give either next or outcome`);
      if (a.next && !steps.has(a.next)) throw new ContentError(`${where}: ${field}.next: no step "${a.next}"`);
      if (a.outcome && !outcomes.has(a.outcome)) throw new ContentError(`${where}: ${field}.outcome: no outcome "${a.outcome}"`);
    }
  }
  for (const [n, o] of triage.outcomes.entries()) {
    for (const [i, a] of o.actions.entries()) {
      const field = `outcomes[${n}].actions[${i}]`;
      if (a.kind === 'channel' && !channels.has(a.channel)) throw new ContentError(`${where}: ${field}.channel: no channel "${a.channel}"`);
      if (a.kind === 'help' && !services.has(a.service)) throw new ContentError(`${where}: ${field}.service: no help service "${a.service}"`);
      if (a.kind === 'page' && !pages.has(a.page)) throw new ContentError(`${where}: ${field}.page: no page "${a.page}"`);
    }
  }
}

/** Each hosted channel has one casework scheme whose decisions and fields fit together. */
function checkCasework(dir: string, files: ContentFiles) {
  const where = rel(dir, 'casework.yaml');
  const seen = new Set<string>();
  files.casework.forEach((scheme, i) => {
    const channel = files.channels.find((c) => c.id === scheme.channel);
    if (channel?.kind !== 'hosted') throw new ContentError(`${where}: [${i}].channel: "${scheme.channel}" is not a hosted channel in channels.yaml`);
    if (seen.has(scheme.channel)) throw new ContentError(`${where}: [${i}].channel: "${scheme.channel}" has two schemes`);
    seen.add(scheme.channel);
    const decisions = new Set<string>();
    const fields = new Set((scheme.fields ?? []).map((f) => f.id));
    scheme.decisions.forEach((d, j) => {
      if (decisions.has(d.id)) throw new ContentError(`${where}: [${i}].decisions[${j}].id: "${d.id}" is used twice`);
      decisions.add(d.id);
      for (const f of d.fields ?? [])
        if (!fields.has(f)) throw new ContentError(`${where}: [${i}].decisions[${j}].fields: "${f}" is not one of the scheme's fields`);
    });
    (scheme.fields ?? []).forEach((f, j) => {
      if (f.kind === 'choice' && !f.options) throw new ContentError(`${where}: [${i}].fields[${j}].options: a choice lists its options`);
    });
  });
  for (const c of files.channels) if (c.kind === 'hosted' && !seen.has(c.id)) throw new ContentError(`${where}: the hosted channel "${c.id}" has no scheme`);
}
