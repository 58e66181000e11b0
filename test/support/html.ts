// Just enough HTML reading for tests: the start tags of a page with their attributes, element text,
// and entity decoding. Haven's pages come from one renderer, so a small tokenizer is reliable here.

export type Tag = { name: string; attrs: Map<string, string>; raw: string; index: number };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10));
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** What a browser parses: the HTML parser first turns CR LF and lone CR into LF. */
function preprocess(html: string): string {
  return html.replace(/\r\n?/g, '\n');
}

/** Every start tag, with attribute names lower-cased and values decoded. */
export function startTags(source: string): Tag[] {
  const html = preprocess(source);
  const tags: Tag[] = [];
  const tagPattern = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attrPattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const match of html.matchAll(tagPattern)) {
    const attrs = new Map<string, string>();
    for (const a of (match[2] ?? '').matchAll(attrPattern)) {
      attrs.set((a[1] ?? '').toLowerCase(), decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    }
    tags.push({ name: (match[1] ?? '').toLowerCase(), attrs, raw: match[0], index: match.index ?? 0 });
  }
  return tags;
}

/** The form control named `name` (input, textarea or select); for radios, all of them. */
export function controls(html: string, name: string): Tag[] {
  return startTags(html).filter((t) => ['input', 'textarea', 'select'].includes(t.name) && t.attrs.get('name') === name);
}

/** The value a visitor sees in a text input or textarea. */
export function fieldValue(source: string, name: string): string | undefined {
  const html = preprocess(source);
  const [tag] = controls(html, name);
  if (!tag) return undefined;
  if (tag.name === 'textarea') {
    const rest = html.slice(tag.index + tag.raw.length);
    const end = rest.indexOf('</textarea>');
    // The HTML parser drops one newline right after <textarea>, so a leading one is not content.
    return decodeEntities(rest.slice(0, end)).replace(/^\n/, '');
  }
  return tag.attrs.get('value') ?? '';
}

export function isChecked(html: string, name: string, value?: string): boolean {
  return controls(html, name).some((t) => (value === undefined || t.attrs.get('value') === value) && t.attrs.has('checked'));
}

/** The selected option of a <select>. */
export function selectedOption(source: string, name: string): string | undefined {
  const html = preprocess(source);
  const [select] = controls(html, name);
  if (!select) return undefined;
  const rest = html.slice(select.index, html.indexOf('</select>', select.index));
  return startTags(rest)
    .find((t) => t.name === 'option' && t.attrs.has('selected'))
    ?.attrs.get('value');
}

/** The text of the element with this id (tags stripped, entities decoded). */
export function textById(source: string, id: string): string | undefined {
  const html = preprocess(source);
  const tag = startTags(html).find((t) => t.attrs.get('id') === id);
  if (!tag) return undefined;
  const rest = html.slice(tag.index + tag.raw.length);
  const end = rest.indexOf(`</${tag.name}>`);
  return decodeEntities(rest.slice(0, end).replace(/<[^>]*>/g, '')).trim();
}

export function htmlLang(html: string): string | undefined {
  return startTags(html)
    .find((t) => t.name === 'html')
    ?.attrs.get('lang');
}

/** A page's text as a reader sees it: tags dropped, entities decoded, white space squashed. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
}
