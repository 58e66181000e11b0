// The operator's logo is inlined in every page, so its SVG file is held to a short list of plain
// shapes and presentation attributes: no script, style, link, image, external reference or event
// handler can reach a page through it. The markup served is rewritten from what was checked, never
// the file's own text, and the file is refused (naming what is wrong) rather than cleaned up.

/** At most this many bytes of SVG: it is sent with every page, which must stay light. */
export const LOGO_MAX_BYTES = 8 * 1024;

const ELEMENTS = new Set(['svg', 'g', 'path', 'circle', 'ellipse', 'rect', 'line', 'polyline', 'polygon', 'title', 'desc']);
const ATTRIBUTES = new Set([
  'viewBox',
  'd',
  'fill',
  'fill-rule',
  'fill-opacity',
  'clip-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'transform',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'width',
  'height',
  'points',
]);
/** Allowed on the root only, and dropped: an inline SVG in HTML needs neither. */
const ROOT_ONLY = new Set(['xmlns', 'version']);
/** Values are numbers, colours, path data and transforms: nothing that can point elsewhere. */
const VALUE = /^[#%\w\s.,()+-]*$/;

export class LogoError extends Error {
  override name = 'LogoError';
}

type Token = { kind: 'open' | 'close' | 'self'; name: string; attrs: [string, string][] } | { kind: 'text'; text: string };

const TAG = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[A-Za-z][\w:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTR = /\s+([A-Za-z][\w:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

function tokens(svg: string): Token[] {
  // An XML declaration and comments carry nothing a logo needs.
  const source = svg.replace(/^\uFEFF?\s*<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const out: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    const text = source.slice(at, lt === -1 ? source.length : lt);
    if (text) out.push({ kind: 'text', text });
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(source);
    if (!m) throw new LogoError(`unreadable markup at "${source.slice(lt, lt + 40)}" (only plain elements with quoted attributes)`);
    const [, close, name = '', attrText = '', self] = m;
    const attrs = [...attrText.matchAll(ATTR)].map((a): [string, string] => [a[1] ?? '', a[2] ?? a[3] ?? '']);
    out.push(close ? { kind: 'close', name, attrs } : { kind: self ? 'self' : 'open', name, attrs });
    at = TAG.lastIndex;
  }
  return out;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Checks a logo file and returns the markup to inline: the same shapes, with aria-hidden on the
 * root (the operator's name is always written beside it). Throws LogoError naming the problem.
 */
export function checkLogo(svg: string): string {
  if (Buffer.byteLength(svg) > LOGO_MAX_BYTES) throw new LogoError(`larger than ${LOGO_MAX_BYTES / 1024} KB (it is sent with every page)`);
  if (/<!DOCTYPE|<!\[CDATA\[|<!ENTITY/i.test(svg)) throw new LogoError('a DOCTYPE, entity or CDATA section is not allowed');
  const open: string[] = [];
  let out = '';
  let roots = 0;
  for (const token of tokens(svg)) {
    if (token.kind === 'text') {
      const inText = open.at(-1) === 'title' || open.at(-1) === 'desc';
      if (!inText && token.text.trim()) throw new LogoError(`text outside <title> or <desc>: "${token.text.trim().slice(0, 40)}"`);
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(token.text)) throw new LogoError('an unknown entity in the text');
      out += inText ? token.text : token.text.trim() ? token.text : '';
      continue;
    }
    const { name } = token;
    if (!ELEMENTS.has(name)) throw new LogoError(`<${name}> is not allowed (only ${[...ELEMENTS].join(', ')})`);
    if (token.kind === 'close') {
      if (open.pop() !== name) throw new LogoError(`</${name}> closes an element that is not open`);
      out += `</${name}>`;
      continue;
    }
    const root = open.length === 0;
    if (root && (name !== 'svg' || roots++ > 0)) throw new LogoError('the file must hold one <svg> element');
    if (!root && name === 'svg') throw new LogoError('<svg> inside <svg> is not allowed');
    const attrs: string[] = [];
    for (const [attr, value] of token.attrs) {
      if (root && ROOT_ONLY.has(attr)) continue;
      if (!ATTRIBUTES.has(attr)) throw new LogoError(`the attribute ${attr} on <${name}> is not allowed`);
      if (!VALUE.test(value) || /url\s*\(/i.test(value)) throw new LogoError(`the value of ${attr} on <${name}> is not allowed: "${value.slice(0, 40)}"`);
      if (root && (attr === 'width' || attr === 'height')) continue;
      attrs.push(` ${attr}="${escapeAttribute(value)}"`);
    }
    if (root) {
      if (!token.attrs.some(([a]) => a === 'viewBox')) throw new LogoError('the <svg> element needs a viewBox, so that the logo can be scaled');
      attrs.push(' class="logo" aria-hidden="true"');
    }
    if (token.kind === 'self') out += `<${name}${attrs.join('')}/>`;
    else {
      open.push(name);
      out += `<${name}${attrs.join('')}>`;
    }
  }
  if (open.length) throw new LogoError(`<${open.at(-1)}> is never closed`);
  if (!roots) throw new LogoError('no <svg> element');
  return out;
}
