// What the newsroom's tests share: a real (small, valid) PDF, a multipart upload through the office
// routes as a browser sends it, and an editor's form for an item.
import type { OfficeClient } from '../office/support.ts';
import type { TestHaven } from '../support/haven.ts';

/** A one-page PDF with its cross-reference table: what a PDF reader opens without repair. */
export function smallPdf(): Buffer {
  const content = 'BT /F1 18 Tf 20 100 Td (Haven test) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Posts a file as a browser's multipart form does (with the session's CSRF token unless `csrf` is null). */
export async function upload(
  haven: TestHaven,
  client: Pick<OfficeClient, 'cookie' | 'csrf'>,
  url: string,
  file: { name: string; type: string; bytes: Buffer },
  options: { csrf?: string | null } = {},
) {
  const form = new FormData();
  if (options.csrf !== null) form.append('_csrf', options.csrf ?? client.csrf);
  form.append('document', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://haven.invalid/', { method: 'POST', body: form });
  const payload = Buffer.from(await request.arrayBuffer());
  return haven.app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.cookie, accept: 'text/html', 'content-type': request.headers.get('content-type') ?? '' },
    payload,
  });
}

/** An item's form fields: English words, and French/German ones when given. */
export function itemForm(fields: {
  id?: string;
  date: string;
  country?: string;
  en: { title: string; summary?: string; body?: string };
  fr?: { title: string; summary?: string; body?: string };
  de?: { title: string; summary?: string; body?: string };
  fallback?: ('fr' | 'de')[];
  intent?: 'save' | 'preview';
}): Record<string, string> {
  const form: Record<string, string> = { date: fields.date, intent: fields.intent ?? 'save' };
  if (fields.id !== undefined) form.id = fields.id;
  if (fields.country !== undefined) form.country = fields.country;
  for (const locale of ['en', 'fr', 'de'] as const) {
    const text = fields[locale];
    form[`title-${locale}`] = text?.title ?? '';
    form[`summary-${locale}`] = text?.summary ?? '';
    form[`body-${locale}`] = text?.body ?? '';
  }
  for (const locale of fields.fallback ?? []) form[`fallback-${locale}`] = 'yes';
  return form;
}
