// The newsletter's mails: the confirmation and an issue, each with its unsubscribe link shown in
// the text and given as RFC 8058 one-click headers. Plain links only: no tracking pixel, no link
// rewritten through us, nothing that tells who read what.
import MarkdownIt from 'markdown-it';
import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';
import type { Mail } from '../mail/outbox.ts';

// As the site's pages: no raw HTML from the source, addresses are not turned into links.
// No images: a remote image in a mail is a tracking pixel, whoever put it there.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: true }).disable('image');

export type Links = {
  confirm(locale: Locale, token: string): string;
  unsubscribe(locale: Locale, token: string): string;
};

/** Builds the addresses of the newsletter's pages on the public site. */
export function newsletterLinks(publicUrl: string): Links {
  const origin = publicUrl.replace(/\/+$/, '');
  return {
    confirm: (locale, token) => `${origin}/${locale}/newsletter/confirm/${token}`,
    unsubscribe: (locale, token) => `${origin}/${locale}/newsletter/unsubscribe/${token}`,
  };
}

/** The headers mail clients turn into an "unsubscribe" button that needs no visit (RFC 8058). */
function unsubscribeHeaders(link: string): NonNullable<Mail['headers']> {
  return { 'List-Unsubscribe': `<${link}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export function confirmationMail(t: Translate, to: string, confirmLink: string, unsubscribeLink: string): Mail {
  return {
    to,
    subject: t('newsletter.mail.confirmSubject'),
    text: [
      t('newsletter.mail.confirmText'),
      '',
      confirmLink,
      '',
      t('newsletter.mail.confirmIgnore'),
      '',
      t('newsletter.mail.unsubscribeText'),
      unsubscribeLink,
      '',
    ].join('\n'),
    headers: unsubscribeHeaders(unsubscribeLink),
  };
}

export type Issue = { subject: string; markdown: string };

/** An issue's text as HTML, as the mail carries it (the editors' preview shows the same). */
export function renderIssue(source: string): string {
  return markdown.render(source);
}

export function issueMail(t: Translate, to: string, issue: Issue, unsubscribeLink: string): Mail {
  const footer = t('newsletter.mail.unsubscribeText');
  return {
    to,
    subject: issue.subject,
    text: `${issue.markdown.trim()}\n\n-- \n${footer}\n${unsubscribeLink}\n`,
    html: `${renderIssue(issue.markdown)}<hr>\n<p>${escapeHtml(footer)}<br><a href="${escapeHtml(unsubscribeLink)}">${escapeHtml(unsubscribeLink)}</a></p>\n`,
    headers: unsubscribeHeaders(unsubscribeLink),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
