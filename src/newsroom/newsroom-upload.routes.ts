// A publication's PDF, on the editors' side: the upload (the one multipart form of the office,
// registered here only), its removal, and a download for the editor who checks it. The office
// scope checks the CSRF token in the parsed body before a route runs, so the multipart fields are
// parsed into `request.body` first (`attachFieldsToBody: 'keyValues'`), and the file with them.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import { sessionOf } from '../office/office-web.ts';
import { asFields } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { DOCUMENT_MAX_BYTES } from './newsroom.types.ts';
import type { DocumentResult, NewsroomOffice } from './newsroom-office.service.ts';

type Upload = { bytes: Buffer; truncated: boolean };
type IdParams = { Params: { id: string } };

const REFUSALS: Record<Exclude<DocumentResult, 'saved' | 'gone'> | 'missing' | 'malformed', string> = {
  missing: 'office.newsroom.error.document.missing',
  malformed: 'office.newsroom.error.document.malformed',
  empty: 'office.newsroom.error.document.empty',
  'too-large': 'office.newsroom.error.document.tooLarge',
  'not-pdf': 'office.newsroom.error.document.notPdf',
};

export async function documentRoutes(
  scope: Scope,
  deps: {
    office: NewsroomOffice;
    /** The publication's page again, with this message beside the file field (400). */
    refused: (request: FastifyRequest, reply: FastifyReply, message: string) => Promise<FastifyReply>;
  },
): Promise<void> {
  const { office } = deps;

  await scope.register(async (uploads) => {
    // Before the body is read: a role that may not upload never gets its file read into memory.
    uploads.addHook('preValidation', async (request) => {
      authorize(sessionOf(request), 'newsroom.edit');
    });
    // What fails while the body is read is the upload's fault (busboy's plain errors: no boundary,
    // a form cut off), not the server's: the page again with a message, 400, nothing logged.
    const reading = new WeakSet<FastifyRequest>();
    uploads.addHook('preValidation', async (request) => void reading.add(request));
    uploads.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (!reading.has(request) || (status !== undefined && status < 500)) throw error;
      return deps.refused(request, reply, REFUSALS.malformed);
    });
    await uploads.register(multipart, {
      attachFieldsToBody: 'keyValues',
      // One file, a few small fields; a file over the cap is cut there and refused (not a 413 page).
      limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
      throwFileSizeLimit: false,
      async onFile(part) {
        const bytes = await part.toBuffer();
        (part as unknown as { value: Upload }).value = { bytes, truncated: part.file.truncated };
      },
    });
    uploads.addHook('preValidation', async (request) => void reading.delete(request));
    uploads.post<IdParams>('/publications/:id/document', async (request, reply) => {
      const session = sessionOf(request);
      const upload = asFields(request.body).document as Upload | undefined;
      if (!upload || !Buffer.isBuffer(upload.bytes)) return deps.refused(request, reply, REFUSALS.missing);
      const result = await office.putDocument(session, request.params.id, upload);
      if (result === 'gone') throw new NotFound('newsroom.edit');
      if (result !== 'saved') return deps.refused(request, reply, REFUSALS[result]);
      return reply.redirect(`/office/publications/${request.params.id}?done=uploaded`, 303);
    });
  });

  scope.post<IdParams>('/publications/:id/document/remove', async (request, reply) => {
    if (!(await office.removeDocument(sessionOf(request), request.params.id))) throw new NotFound('newsroom.edit');
    return reply.redirect(`/office/publications/${request.params.id}?done=removed`, 303);
  });

  // The editor's own check of the file, draft or published: a download, never kept by the browser.
  scope.get<IdParams>('/publications/:id/document', async (request, reply) => {
    const document = await office.readDocument(sessionOf(request), request.params.id);
    if (!document) throw new NotFound('newsroom.edit');
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${request.params.id}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(document);
  });
}
