// The inline QR code: safe under the strict CSP (no style attribute, no script), named for screen
// readers, sizeable by CSS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qrSvg } from './qr-code.ts';

test('the QR code is a labelled SVG image with a viewBox and nothing the CSP would block', async () => {
  const svg = await qrSvg('otpauth://totp/Haven:police-analyst?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Haven', 'Code for your <app> & "phone"');
  assert.match(
    svg,
    /^<svg role="img" aria-label="Code for your &lt;app&gt; &amp; &quot;phone&quot;" xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/,
  );
  assert.ok(svg.endsWith('</svg>'));
  assert.doesNotMatch(svg, /style=/i);
  assert.doesNotMatch(svg, /<script/i);
  assert.doesNotMatch(svg, /<style/i);
  assert.doesNotMatch(svg, /\swidth=|\sheight=/, 'CSS sizes it');
  assert.doesNotMatch(svg, /Code for your <app>/, 'the label is escaped');
  assert.equal(svg.match(/<svg/g)?.length, 1);
});

test('the QR code changes with the text it encodes', async () => {
  assert.notEqual(await qrSvg('first', 'QR code'), await qrSvg('second', 'QR code'));
});
