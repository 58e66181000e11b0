// The stylesheet and script, read once, served with a content hash in the URL so browsers may
// cache them for a year and still never run a stale copy.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export type Asset = { url: string; body: Buffer; gzip: Buffer; type: string };
export type Assets = { css: Asset; js: Asset; byUrl: Map<string, Asset> };

export function loadAssets(publicDir: string): Assets {
  const load = (file: string, type: string): Asset => {
    const body = fs.readFileSync(path.join(publicDir, file));
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
    const [name, ext] = file.split('.');
    return { url: `/assets/${name}.${hash}.${ext}`, body, gzip: gzipSync(body, { level: 9 }), type };
  };
  const css = load('haven.css', 'text/css; charset=utf-8');
  const js = load('haven.js', 'text/javascript; charset=utf-8');
  return { css, js, byUrl: new Map([css, js].map((a) => [a.url, a])) };
}
