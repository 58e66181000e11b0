// The frame of every back-office page: the office's name, who is signed in, the pages their role
// opens, a sign-out button (a form: signing out changes state), the page. The site's one script
// only enhances (copy buttons, characters left); nothing needs it.
import type { ComponentChildren } from 'preact';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { Assets } from '../web/assets.ts';

export type OfficeLink = { href: string; label: string };

/** What every office view needs: words, styles, and the signed-in person if there is one. */
export type OfficeContext = {
  locale: Locale;
  t: Translate;
  assets: Assets;
  /** "Leave this site": a screen can need hiding in an office too. */
  leaveUrl: string;
  /** The path of this page, to mark the current link and build language links. */
  path: string;
  signedIn?: { login: string; roleLabel: string; organisation?: string | undefined; csrf: string; links: OfficeLink[] } | undefined;
};

export function OfficeLayout(props: { ctx: OfficeContext; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  const { t } = ctx;
  const office = t('office.name');
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} – ${office}`}</title>
        <link rel="stylesheet" href={ctx.assets.css.url} />
        <script src={ctx.assets.js.url} defer />
      </head>
      <body class="office">
        <a class="leave" href={ctx.leaveUrl} rel="noreferrer">
          {t('leave.label')}
        </a>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/office/">
              {office}
            </a>
            {ctx.signedIn ? (
              <>
                <p class="who">
                  {t('office.layout.signedInAs', { login: ctx.signedIn.login, role: ctx.signedIn.roleLabel })}
                  {ctx.signedIn.organisation ? ` · ${ctx.signedIn.organisation}` : ''}
                </p>
                <nav class="menu" aria-label={t('office.layout.menu')}>
                  <ul>
                    {ctx.signedIn.links.map((link) => (
                      <li key={link.href}>
                        <a href={link.href} aria-current={link.href === ctx.path ? 'page' : undefined}>
                          {link.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <form method="post" action="/office/sign-out" class="inline">
                  <input type="hidden" name="_csrf" value={ctx.signedIn.csrf} />
                  <button type="submit" class="secondary">
                    {t('office.layout.signOut')}
                  </button>
                </form>
              </>
            ) : (
              <nav aria-label={t('layout.languages')}>
                <ul class="langs">
                  {LOCALES.map((l) => (
                    <li key={l}>
                      <a href={`${ctx.path}?lang=${l}`} hreflang={l} lang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
                        {LOCALE_NAMES[l]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A form that changes state: always posts, always carries the session's CSRF token. */
export function OfficeForm(props: { action: string; csrf?: string | undefined; class?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class={props.class} novalidate>
      {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
      {props.children}
    </form>
  );
}
