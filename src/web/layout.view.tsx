// The frame of every page: the leave-this-site link first, the site name, the languages, a short
// menu, the page, the footer. No inline script or style; the one script only enhances.
import type { ComponentChildren } from 'preact';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import { OperatorFooter } from './operator.view.tsx';
import { localePath, type PageContext } from './page-context.ts';

/**
 * `languages`: a page's own language switch, in place of the links to this page in each language
 * (a form page's are buttons of its form, which keep what was typed: web/language-switch.view.tsx).
 */
export function Layout(props: {
  ctx: PageContext;
  title: string;
  description?: string;
  languages?: ComponentChildren;
  /** A feed of this page (news), announced in the head for feed readers. */
  feed?: { href: string; title: string } | undefined;
  children: ComponentChildren;
}) {
  const { ctx } = props;
  const { t, locale } = ctx;
  const siteName = t('site.name');
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title === siteName ? siteName : `${props.title} – ${siteName}`}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {ctx.noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        {LOCALES.map((l) => (
          <link rel="alternate" hreflang={l} href={ctx.origin + localePath(l, ctx.path)} key={l} />
        ))}
        <link rel="alternate" hreflang="x-default" href={ctx.origin + localePath('en', ctx.path)} />
        {props.feed ? <link rel="alternate" type="application/atom+xml" title={props.feed.title} href={props.feed.href} /> : null}
        <link rel="stylesheet" href={ctx.assets.css.url} />
        <script src={ctx.assets.js.url} defer />
      </head>
      <body>
        <a class="leave" href={ctx.leaveUrl} rel="noreferrer" data-leave>
          {t('leave.label')}
        </a>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href={localePath(locale, '/')}>
              {siteName}
            </a>
            <nav aria-label={t('layout.languages')}>
              {props.languages ?? (
                <ul class="langs">
                  {LOCALES.map((l) => (
                    <li key={l}>
                      <a href={localePath(l, ctx.path)} hreflang={l} lang={l} aria-current={l === locale ? 'true' : undefined}>
                        {LOCALE_NAMES[l]}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </nav>
            {ctx.menu.length ? (
              <nav class="menu" aria-label={t('layout.menu')}>
                <ul>
                  {ctx.menu.map((link) => (
                    <li key={link.href}>
                      <a href={link.href} aria-current={link.href === localePath(locale, ctx.path) ? 'page' : undefined}>
                        {link.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site">
          <nav class="wrap" aria-label={t('layout.footer')}>
            <ul>
              {ctx.footer.map((link) => (
                <li key={link.href}>
                  <a href={link.href}>{link.label}</a>
                </li>
              ))}
            </ul>
            {ctx.topics.length ? (
              <>
                <h2 id="topics">{t('layout.topics')}</h2>
                <ul>
                  {ctx.topics.map((link) => (
                    <li key={link.href}>
                      <a href={link.href}>{link.label}</a>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p>{t('leave.shortcut')}</p>
          </nav>
          {ctx.operator ? <OperatorFooter ctx={ctx} operator={ctx.operator} /> : null}
        </footer>
      </body>
    </html>
  );
}
