// Exporting a report: one POST (the app has checked its CSRF token), answered with the export as
// a file to save: the signed envelope (.json), or the printable page (.html) that ends with it.
// The operator's roles get 403, another organisation's report 404, before anything is read.
import { Type } from '@sinclair/typebox';
import { organisationOf } from '../../office/authorize.ts';
import { sessionOf } from '../../office/office-web.ts';
import { renderDocument } from '../../web/render.ts';
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../route-deps.ts';
import { EXPORT_FORMATS, envelopeText } from './export-document.ts';
import { presentExport } from './export-page.presenter.ts';
import { ExportPage, exportPagePolicy } from './export-page.view.tsx';

const ExportBody = Type.Object({
  format: Type.Union(EXPORT_FORMATS.map((f) => Type.Literal(f))),
  _csrf: Type.Optional(Type.String({ maxLength: 128 })),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export async function exportRoutes(scope: Scope, deps: CaseworkRouteDeps) {
  const { web, casework } = deps;
  const policy = exportPagePolicy();

  scope.post('/reports/:id/export', { schema: { params: IdParams, body: ExportBody } }, async (request, reply) => {
    const session = sessionOf(request);
    organisationOf(session, 'case.export');
    const { format } = request.body;
    const made = await casework.exports.export(session, request.params.id, format);
    // Saved as a file, never kept by a browser's or proxy's cache, never sniffed into another type.
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
    const file = `report-${made.document.report.id.replace(/[^A-Za-z0-9-]/g, '')}`;
    const envelope = envelopeText(made.envelope);
    if (format === 'json') {
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.json"`)
        .send(envelope);
    }
    const { locale, t } = web.context(request);
    const channel = casework.deps.channel(made.document.report.channel);
    const scheme = casework.deps.schemes.all.find((s) => s.channel === made.document.report.channel);
    const page = presentExport(made.document, made.audit.seq, { t, locale, channel, scheme });
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}.html"`)
      .header('content-security-policy', policy)
      .send(renderDocument(<ExportPage t={t} locale={locale} page={page} envelope={envelope} />));
  });
}
