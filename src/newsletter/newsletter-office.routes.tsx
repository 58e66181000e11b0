// The editors' newsletter routes (office scope, editors and admins only): the page, composing (one
// form, three buttons: preview, test to oneself, send → a confirmation with the count), the send,
// the export (a CSV download, never cached) and the deletion of a subscriber. Each authorises
// first (supervisors and analysts get 403 from the app's error page).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, type Locale } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import { type OfficeWeb, sessionOf } from '../office/office-web.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import { isSubscribableAddress } from './newsletter.service.ts';
import { renderIssue } from './newsletter-mail.ts';
import type { NewsletterOffice } from './newsletter-office.service.ts';
import { ConfirmSendPage, type IssueForm, NEWSLETTER_NOTICES, NewsletterPage } from './newsletter-office.view.tsx';

const SUBJECT_MAX = 200;
const TEXT_MAX = 50_000;
const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
// Every field optional and a little over its limit: a form sent without one comes back with its message.
const IssueFields = { locale: Type.Optional(Text(8)), subject: Type.Optional(Text(SUBJECT_MAX * 2)), markdown: Type.Optional(Text(TEXT_MAX * 2)) };
const ComposeBody = Type.Object({ ...IssueFields, intent: Type.Optional(Text(10)), ...Csrf });
const SendBody = Type.Object({ ...IssueFields, confirm: Type.Optional(Text(8)), ...Csrf });
const DeleteBody = Type.Object({ address: Type.Optional(Text(400)), ...Csrf });
const ActionBody = Type.Object({ ...Csrf });
const PageQuery = Type.Object({ done: Type.Optional(Text(20)), count: Type.Optional(Text(12)), lang: Type.Optional(Text(8)) });

export type NewsletterOfficeRouteDeps = { web: OfficeWeb; office: NewsletterOffice };

export async function newsletterOfficeRoutes(scope: Scope, deps: NewsletterOfficeRouteDeps) {
  const { web, office } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: Omit<Parameters<typeof NewsletterPage>[0], 'ctx' | 'csrf' | 'counts' | 'issue'> & { issue?: IssueForm; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const { status, issue, ...rest } = options;
    const counts = await office.counts(session);
    return sendPage(
      reply,
      <NewsletterPage ctx={ctx} csrf={session.csrf} counts={counts} issue={issue ?? { locale: ctx.locale, subject: '', markdown: '' }} {...rest} />,
      status ?? 200,
    );
  }

  /** The issue as typed, and what is wrong with it. */
  function readIssue(request: FastifyRequest, body: Static<typeof SendBody>) {
    const { t } = web.context(request);
    const issue: IssueForm = { locale: body.locale ?? '', subject: (body.subject ?? '').trim(), markdown: body.markdown ?? '' };
    const errors: FieldMessage[] = [];
    if (!isLocale(issue.locale)) errors.push({ field: 'locale', text: t('office.newsletter.error.locale') });
    if (!issue.subject || /[\r\n]/.test(issue.subject)) errors.push({ field: 'subject', text: t('office.newsletter.error.subject') });
    else if (issue.subject.length > SUBJECT_MAX) errors.push({ field: 'subject', text: t('office.newsletter.error.subjectLong', { max: SUBJECT_MAX }) });
    if (!issue.markdown.trim()) errors.push({ field: 'markdown', text: t('office.newsletter.error.text') });
    else if (issue.markdown.length > TEXT_MAX) errors.push({ field: 'markdown', text: t('office.newsletter.error.textLong', { max: TEXT_MAX }) });
    return { issue, errors, locale: issue.locale as Locale };
  }

  scope.get('/newsletter', { schema: { querystring: PageQuery } }, (request, reply) => {
    authorize(sessionOf(request), 'newsletter.compose');
    const kind = NEWSLETTER_NOTICES.find((n) => n === request.query.done);
    return page(request, reply, { errors: [], ...(kind ? { notice: { kind, count: Number(request.query.count ?? 0) || 0 } } : {}) });
  });

  scope.post('/newsletter/compose', { schema: { body: ComposeBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'newsletter.compose');
    const intent = request.body.intent;
    if (intent === 'send') authorize(session, 'newsletter.send');
    const { issue, errors, locale } = readIssue(request, request.body);
    if (errors.length > 0) return page(request, reply, { issue, errors, status: 400 });
    if (intent === 'test') {
      if ((await office.sendTest(session, { locale, subject: issue.subject, markdown: issue.markdown })) === 'no-address') {
        const text = web.context(request).t('office.newsletter.error.noAddress');
        return page(request, reply, { issue, errors: [{ field: 'compose', text }], status: 400 });
      }
      return page(request, reply, { issue, errors: [], notice: { kind: 'tested', count: 1 } });
    }
    if (intent === 'send') {
      const recipients = (await office.counts(session)).find((c) => c.locale === locale)?.confirmed ?? 0;
      return sendPage(reply, <ConfirmSendPage ctx={web.context(request)} csrf={session.csrf} issue={{ ...issue, locale }} recipients={recipients} />);
    }
    return page(request, reply, { issue, errors: [], preview: renderIssue(issue.markdown) });
  });

  scope.post('/newsletter/send', { schema: { body: SendBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'newsletter.send');
    const { issue, errors, locale } = readIssue(request, request.body);
    if (errors.length > 0 || request.body.confirm !== 'yes') return page(request, reply, { issue, errors, status: 400 });
    const queued = await office.send(session, { locale, subject: issue.subject, markdown: issue.markdown });
    return reply.redirect(`/office/newsletter?done=sent&count=${queued}`, 303);
  });

  scope.post('/newsletter/export', { schema: { body: ActionBody } }, async (request, reply) => {
    authorize(sessionOf(request), 'newsletter.subscribers');
    const csv = await office.exportCsv(sessionOf(request));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="newsletter-subscribers.csv"')
      .header('cache-control', 'no-store')
      .send(csv);
  });

  scope.post('/newsletter/delete', { schema: { body: DeleteBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'newsletter.subscribers');
    const address = (request.body.address ?? '').trim();
    if (!isSubscribableAddress(address)) {
      return page(request, reply, { errors: [{ field: 'address', text: web.context(request).t('office.newsletter.error.address') }], status: 400 });
    }
    await office.deleteSubscriber(session, address);
    // The same answer whether the address was there or not.
    return reply.redirect('/office/newsletter?done=deleted', 303);
  });
}
