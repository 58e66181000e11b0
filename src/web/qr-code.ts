// Text → an inline SVG QR code for server-rendered pages (the TOTP enrolment page, recovery sheets).
import QRCode from 'qrcode';

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An SVG QR code of `text`, named `label` for assistive technology (role="img" + aria-label).
 *
 * qrcode draws with presentation attributes only (fill, stroke, shape-rendering): no `style`
 * attribute, which `style-src 'self'` would block. It sets a viewBox and no width or height
 * (none is asked for), so the page's stylesheet sizes the code.
 */
export async function qrSvg(text: string, label: string): Promise<string> {
  const svg = (await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })).trim();
  // The opening tag is the one qrcode 1.5 writes (lib/renderer/svg-tag.js); should a later version
  // add a prolog or another shape, fail here rather than ship an unlabelled image.
  if (!svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')) throw new Error('qrcode wrote an unexpected SVG');
  return `<svg role="img" aria-label="${escapeAttribute(label)}" ${svg.slice('<svg '.length)}`;
}
