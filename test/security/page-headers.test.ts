// Promise 3 and 8 on the public pages: no cookie, no referrer, nothing loaded from another host,
// no inline script for an injection to hide in, no framing, no stored copy on a shared device;
// on every page a visitor can reach, including answers to forms and errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { LOCALES } from '../../src/i18n/locales.ts';
import { REPORT_BODY_LIMIT } from '../../src/intake/report-fields.ts';
import { testHaven } from '../support/haven.ts';
import { startTags } from '../support/html.ts';
import { CHANNELS, FORM, fieldsFor, formEncode, newMarker, postForm, receiptOnPage } from '../support/reports.ts';

const LEAVE_URL = 'https://www.wikipedia.org/';
// The site's own public origin (PUBLIC_URL): absolute addresses there are not another host.
const OWN_ORIGIN = 'https://haven.example';
// Attributes through which a page loads or sends something.
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'data', 'background', 'ping', 'xlink:href'];

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [(name ?? '').toLowerCase(), values]),
  );
}

/** Every way this response could break a promise, as readable lines (none is the goal). */
function problems(response: LightMyRequestResponse): string[] {
  const found: string[] = [];
  const h = response.headers;
  if (h['set-cookie'] !== undefined) found.push(`sets a cookie: ${String(h['set-cookie'])}`);
  if (h['referrer-policy'] !== 'no-referrer') found.push(`referrer-policy is ${String(h['referrer-policy'])}`);
  if (h['x-content-type-options'] !== 'nosniff') found.push('no x-content-type-options: nosniff');
  if (!/max-age=\d{8,}/.test(String(h['strict-transport-security'] ?? '')))
    found.push(`strict-transport-security is ${String(h['strict-transport-security'])}`);
  if (!/camera=\(\)/.test(String(h['permissions-policy'] ?? '')))
    found.push(`permissions-policy is ${String(h['permissions-policy'])}: a page could ask for the camera`);
  const csp = String(h['content-security-policy'] ?? '');
  const policy = directives(csp);
  if (!csp) found.push('no content-security-policy');
  if (/'unsafe-(inline|eval|hashes)'/.test(csp)) found.push(`CSP allows unsafe script or style: ${csp}`);
  if (policy.get('script-src')?.join(' ') !== "'self'") found.push(`script-src is not 'self' alone: ${csp}`);
  if (policy.get('frame-ancestors')?.join(' ') !== "'none'" && !/^(deny|sameorigin)$/i.test(String(h['x-frame-options'] ?? '')))
    found.push('the page can be framed');
  if (!String(h['content-type']).startsWith('text/html')) return found;
  if (h['cache-control'] !== 'no-store') found.push(`cache-control is ${String(h['cache-control'])}: a shared device keeps a copy`);

  const html = response.body;
  for (const match of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if ((match[1] ?? '').trim()) found.push(`inline script: ${match[0].slice(0, 80)}`);
  }
  if (/<style\b/i.test(html)) found.push('inline <style> element (blocked by the CSP: the page would be unstyled)');
  let leaveLinks = 0;
  for (const tag of startTags(html)) {
    for (const [name, value] of tag.attrs) {
      if (name.startsWith('on')) found.push(`event handler attribute: ${tag.raw.slice(0, 100)}`);
      if (name === 'style') found.push(`style attribute: ${tag.raw.slice(0, 100)}`);
      if (!URL_ATTRIBUTES.includes(name)) continue;
      const local =
        value.startsWith('#') || (value.startsWith('/') && !value.startsWith('//')) || value.startsWith(`${OWN_ORIGIN}/`) || /^(tel|mailto):/i.test(value);
      if (local) continue;
      const isLeave = tag.name === 'a' && name === 'href' && value === LEAVE_URL;
      if (!isLeave) found.push(`${name} to another host or scheme: ${tag.raw.slice(0, 120)}`);
      else {
        leaveLinks += 1;
        if (!(tag.attrs.get('rel') ?? '').split(/\s+/).includes('noreferrer')) found.push('the leave link does not have rel=noreferrer');
      }
    }
  }
  if (leaveLinks !== 1) found.push(`${leaveLinks} "leave this site" links (one expected on every page)`);
  return found;
}

test('every public page keeps the visitor’s privacy and runs no inline script', async (t) => {
  const haven = await testHaven(t, { STATUS_LOOKUPS_PER_MINUTE: '2', PUBLIC_URL: OWN_ORIGIN });
  const pages = new Map<string, LightMyRequestResponse>();
  const get = async (url: string) => pages.set(`GET ${url}`, await haven.app.inject({ url }));

  await get('/');
  for (const locale of LOCALES) {
    await get(`/${locale}/`);
    await get(`/${locale}/report/status`);
    for (const channel of CHANNELS) await get(`/${locale}/report/${channel}`);
  }
  await get('/en/no-such-page');
  await get('/no-such-page');
  await get('/xx/report/online');
  const home = pages.get('GET /en/')?.body ?? '';
  for (const asset of startTags(home)
    .flatMap((tag) => [tag.attrs.get('src'), tag.name === 'link' ? tag.attrs.get('href') : undefined])
    .filter((u) => u?.startsWith('/assets/'))) {
    await get(asset as string);
  }

  // Answers to what a visitor sends.
  const receiptPage = await postForm(haven.app, '/de/report/online', fieldsFor('online', newMarker()));
  assert.equal(receiptPage.statusCode, 200);
  pages.set('receipt page', receiptPage);
  const receipt = receiptOnPage(receiptPage.body);
  pages.set('form with errors', await postForm(haven.app, '/fr/report/travel', { description: '<script>alert(1)</script>' }));
  pages.set('status found', await postForm(haven.app, '/en/report/status', { receipt }));
  pages.set('status not found', await postForm(haven.app, '/en/report/status', { receipt: 'AAAA-AAAA-AAAA-AAAA' }));
  pages.set('too many look-ups', await postForm(haven.app, '/en/report/status', { receipt }));
  pages.set(
    'too large',
    await haven.app.inject({
      method: 'POST',
      url: '/en/report/online',
      headers: FORM,
      payload: formEncode({ description: 'x'.repeat(REPORT_BODY_LIMIT + 1) }),
    }),
  );
  pages.set('address with broken percent-encoding', await haven.app.inject({ url: '/en/%zz' }));
  pages.set(
    'unreadable form',
    await haven.app.inject({ method: 'POST', url: '/en/report/online', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' }),
  );

  assert.equal(pages.get('status found')?.statusCode, 200);
  assert.equal(pages.get('too many look-ups')?.statusCode, 429);
  assert.equal(pages.get('too large')?.statusCode, 413);
  assert.equal(pages.get('GET /en/no-such-page')?.statusCode, 404);
  assert.equal(pages.get('address with broken percent-encoding')?.statusCode, 400);

  const report = [...pages].flatMap(([name, response]) => problems(response).map((p) => `${name} (${response.statusCode}): ${p}`));
  assert.deepEqual(report, []);
});
