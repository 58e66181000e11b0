// "Your account" (every signed-in role): the page, changing the password (this browser gets a new
// token, every other session ends), ending one session or all of them. Ending this browser's own
// session signs it out.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../office/authorize.ts';
import { toHour } from '../office/office-dates.ts';
import { clearSessionCookie, type OfficeWeb, sessionOf, setSessionCookie } from '../office/office-web.ts';
import { refusalOf } from '../office/refusal.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import type { Scope } from '../web/scopes.ts';
import type { Account } from './account.service.ts';
import { ACCOUNT_NOTICES, type AccountNotice, AccountPage } from './account.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const Csrf = { _csrf: Type.Optional(Text(128)) };
const PasswordBody = Type.Object({
  current: Type.Optional(Text(4096)),
  password: Type.Optional(Text(4096)),
  passwordAgain: Type.Optional(Text(4096)),
  username: Type.Optional(Text(254)),
  ...Csrf,
});
const ActionBody = Type.Object({ ...Csrf });
const RefParams = Type.Object({ ref: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const PageQuery = Type.Object({ done: Type.Optional(Text(20)), lang: Type.Optional(Text(8)) });

export type AccountRouteDeps = { web: OfficeWeb; account: Account };

export async function accountRoutes(scope: Scope, deps: AccountRouteDeps) {
  const { web, account } = deps;

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { errors?: FieldMessage[]; advice?: string[]; notice?: AccountNotice; status?: number },
  ) {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const at = account.now();
    const sessions = (await account.sessionsOf(session)).map((s) => ({
      ref: s.ref,
      started: toHour(s.startedAt, at, ctx.locale, ctx.t),
      seen: toHour(s.seenAt, at, ctx.locale, ctx.t),
      current: s.current,
    }));
    return sendPage(
      reply,
      <AccountPage
        ctx={ctx}
        csrf={session.csrf}
        login={session.account.login}
        sessions={sessions}
        errors={options.errors ?? []}
        advice={options.advice ?? []}
        notice={options.notice}
      />,
      options.status ?? 200,
    );
  }

  scope.get('/account', { schema: { querystring: PageQuery } }, (request, reply) => {
    authorize(sessionOf(request), 'account.own');
    const done = request.query.done;
    const notice = ACCOUNT_NOTICES.find((n) => n === done);
    return page(request, reply, notice ? { notice } : {});
  });

  scope.post('/account/password', { schema: { body: PasswordBody } }, async (request, reply) => {
    const session = sessionOf(request);
    authorize(session, 'account.own');
    const body: Static<typeof PasswordBody> = request.body;
    try {
      const done = await account.changePassword(session, { current: body.current ?? '', password: body.password ?? '', again: body.passwordAgain ?? '' });
      setSessionCookie(reply, done.token, done.maxAgeSeconds);
      return reply.redirect('/office/account?done=password', 303);
    } catch (error) {
      const refusal = refusalOf(error, web.context(request).t, 'password');
      const wait = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (wait) reply.header('retry-after', String(wait));
      return page(request, reply, { errors: refusal.errors, advice: refusal.advice, status: refusal.status });
    }
  });

  scope.post('/account/sessions/:ref/end', { schema: { params: RefParams, body: ActionBody } }, async (request, reply) => {
    const session = sessionOf(request);
    const ended = await account.endSession(session, request.params.ref);
    if (ended.current) {
      clearSessionCookie(reply);
      return reply.redirect('/office/sign-in', 303);
    }
    return reply.redirect('/office/account?done=ended', 303);
  });

  scope.post('/account/sessions/end-all', { schema: { body: ActionBody } }, async (request, reply) => {
    await account.endAll(sessionOf(request));
    clearSessionCookie(reply);
    return reply.redirect('/office/sign-in', 303);
  });
}
