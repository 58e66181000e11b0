// The frame of every page: the leave-this-site link first, the site name, the languages, the
// page, the footer. No inline script or style; the one script only enhances.
import type { ComponentChildren } from 'preact';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.ts';
import { localePath, type PageContext } from './page-context.ts';

export function Layout(props: { ctx: PageContext; title: string; description?: string; children: ComponentChildren }) {
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
              <ul class="langs">
                {LOCALES.map((l) => (
                  <li key={l}>
                    <a href={localePath(l, ctx.path)} hreflang={l} lang={l} aria-current={l === locale ? 'true' : undefined}>
                      {LOCALE_NAMES[l]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
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
            <p>{t('leave.shortcut')}</p>
          </nav>
        </footer>
      </body>
    </html>
  );
}
