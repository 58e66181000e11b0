// The doors of the back office: sign in (password, then second factor), enrol the second factor
// at the first sign-in, choose a password from an invitation link, sign out. Each route parses,
// calls one service, renders one view; a refused attempt re-renders the form with a translated
// message and keeps what may be kept (never a password).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Enrolment } from '../accounts/enrolment.service.ts';
import { newSecondFactorSecret, otpauthUri } from '../accounts/second-factor.ts';
import { isLocale } from '../i18n/locales.ts';
import type { OfficeWeb } from '../office/office-web.ts';
import { clearSessionCookie, sessionOf, setSessionCookie } from '../office/office-web.ts';
import type { Session } from '../sessions/sessions.ts';
import { isDomainError, statusOf } from '../web/domain-errors.ts';
import type { FieldMessage } from '../web/form.view.tsx';
import { sendPage } from '../web/http.ts';
import { qrSvg } from '../web/qr-code.ts';
import type { Scope } from '../web/scopes.ts';
import type { SignIn } from './sign-in.service.ts';
import { EnrolPage, EnrolSecondFactorPage, InvitationInvalidPage, RecoveryCodesPage, SecondFactorPage, SignInPage } from './sign-in.view.tsx';

const Text = (max: number) => Type.String({ maxLength: max });
const SignInBody = Type.Object({ login: Text(254), password: Text(4096) });
const CodeBody = Type.Object({ code: Text(64), _csrf: Type.Optional(Text(128)) });
const EnrolCodeBody = Type.Object({ code: Text(64), secret: Text(128), _csrf: Type.Optional(Text(128)) });
const EnrolBody = Type.Object({ password: Text(4096), passwordAgain: Text(4096), locale: Type.Optional(Text(8)) });
const TokenParams = Type.Object({ token: Text(64) });

export type SignInRouteDeps = { web: OfficeWeb; signIn: SignIn; enrolment: Enrolment; clientKey: (address: string) => string; issuer: string };

/** The error a refused step shows at a field, and the status it answers with. */
function refusal(error: unknown, t: (key: string) => string, field: string): { status: number; errors: FieldMessage[]; advice: string[] } {
  if (!isDomainError(error)) throw error;
  const advice = (error as { advice?: string[] }).advice ?? [];
  return { status: statusOf(error), errors: [{ field: error.field ?? field, text: t(`office.error.${error.code}`) }], advice };
}

export async function signInRoutes(scope: Scope, deps: SignInRouteDeps) {
  const { web, signIn, enrolment } = deps;
  const maxAge = Math.floor(web.sessions.lifetimeMs / 1000);
  const open = { config: { office: 'open' as const } };
  const halfway = { config: { office: 'second-factor' as const } };

  /** Where a session at this stage goes next. */
  const next = (session: Session | undefined) =>
    !session
      ? undefined
      : session.stage === 'signed-in'
        ? '/office/'
        : session.stage === 'second-factor'
          ? '/office/second-factor'
          : '/office/second-factor/enrol';

  scope.get('/sign-in', open, (request, reply) => {
    const ahead = next(request.officeSession);
    if (ahead) return reply.redirect(ahead, 303);
    return sendPage(reply, <SignInPage ctx={web.context(request)} login="" errors={[]} />);
  });

  scope.post('/sign-in', { ...open, schema: { body: SignInBody } }, async (request, reply) => {
    const { login, password } = request.body;
    try {
      const step = await signIn.password(login, password, deps.clientKey(request.ip));
      setSessionCookie(reply, step.token, maxAge);
      return reply.redirect(next({ stage: step.stage } as Session) ?? '/office/', 303);
    } catch (error) {
      const ctx = web.context(request, undefined);
      const { status, errors } = refusal(error, ctx.t, 'login');
      if ((error as { retryAfterSeconds?: number }).retryAfterSeconds)
        reply.header('retry-after', String((error as { retryAfterSeconds: number }).retryAfterSeconds));
      return sendPage(reply, <SignInPage ctx={ctx} login={login.slice(0, 254)} errors={errors} />, status);
    }
  });

  scope.get('/second-factor', halfway, (request, reply) => {
    const session = sessionOf(request);
    if (session.stage === 'enrol-second-factor') return reply.redirect('/office/second-factor/enrol', 303);
    return sendPage(reply, <SecondFactorPage ctx={web.context(request)} csrf={session.csrf} errors={[]} />);
  });

  scope.post('/second-factor', { ...halfway, schema: { body: CodeBody } }, async (request, reply) => {
    const session = sessionOf(request);
    try {
      const step = await signIn.secondFactor(session, request.body.code, deps.clientKey(request.ip));
      setSessionCookie(reply, step.token, maxAge);
      return reply.redirect('/office/', 303);
    } catch (error) {
      const ctx = web.context(request);
      const { status, errors } = refusal(error, ctx.t, 'code');
      return sendPage(reply, <SecondFactorPage ctx={ctx} csrf={session.csrf} errors={errors} />, status);
    }
  });

  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, secret: string, errors: FieldMessage[], status = 200) => {
    const session = sessionOf(request);
    const ctx = web.context(request);
    const uri = otpauthUri(secret, session.account.login, deps.issuer);
    const svg = await qrSvg(uri, ctx.t('office.enrolSecondFactor.qrLabel'));
    return sendPage(reply, <EnrolSecondFactorPage ctx={ctx} csrf={session.csrf} secret={secret} qrSvg={svg} errors={errors} />, status);
  };

  scope.get('/second-factor/enrol', halfway, (request, reply) => {
    if (sessionOf(request).stage !== 'enrol-second-factor') return reply.redirect('/office/second-factor', 303);
    return enrolPage(request, reply, newSecondFactorSecret(), []);
  });

  scope.post('/second-factor/enrol', { ...halfway, schema: { body: EnrolCodeBody } }, async (request, reply) => {
    const session = sessionOf(request);
    try {
      const done = await signIn.enrolSecondFactor(session, request.body.secret, request.body.code);
      setSessionCookie(reply, done.token, maxAge);
      // Shown once, on this answer only: never stored in clear, never shown again.
      return sendPage(reply, <RecoveryCodesPage ctx={web.context(request, undefined)} codes={done.recoveryCodes} />);
    } catch (error) {
      const { status, errors } = refusal(error, web.context(request).t, 'code');
      const secret = /^[A-Z2-7]{16,64}$/.test(request.body.secret) ? request.body.secret : newSecondFactorSecret();
      return enrolPage(request, reply, secret, errors, status);
    }
  });

  scope.post('/sign-out', async (request, reply) => {
    await signIn.signOut(sessionOf(request));
    clearSessionCookie(reply);
    return reply.redirect('/office/sign-in', 303);
  });

  scope.get('/enrol/:token', { ...open, schema: { params: TokenParams } }, async (request, reply) => {
    try {
      const invitation = await enrolment.read(request.params.token);
      const ctx = web.context(request);
      return sendPage(
        reply,
        <EnrolPage
          ctx={ctx}
          token={request.params.token}
          login={invitation.login}
          organisationName={invitation.organisationName}
          roleLabel={ctx.t(`office.role.${invitation.role}`)}
          errors={[]}
          advice={[]}
        />,
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return sendPage(reply, <InvitationInvalidPage ctx={web.context(request)} />, 404);
    }
  });

  scope.post('/enrol/:token', { ...open, schema: { params: TokenParams, body: EnrolBody } }, async (request, reply) => {
    const { token } = request.params;
    const body: Static<typeof EnrolBody> = request.body;
    const ctx = web.context(request);
    const locale = body.locale && isLocale(body.locale) ? body.locale : ctx.locale;
    try {
      const done = await enrolment.enrol(token, body.password, body.passwordAgain, locale);
      setSessionCookie(reply, done.token, maxAge);
      return reply.redirect('/office/second-factor/enrol', 303);
    } catch (error) {
      if (isDomainError(error) && error.code === 'invitation-invalid') return sendPage(reply, <InvitationInvalidPage ctx={ctx} />, 404);
      const { status, errors, advice } = refusal(error, ctx.t, 'password');
      const invitation = await enrolment.read(token);
      return sendPage(
        reply,
        <EnrolPage
          ctx={ctx}
          token={token}
          login={invitation.login}
          organisationName={invitation.organisationName}
          roleLabel={ctx.t(`office.role.${invitation.role}`)}
          errors={errors}
          advice={advice}
        />,
        status,
      );
    }
  });
}
