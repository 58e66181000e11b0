// The members' notice mails: an organisation's supervisors and analysts are told, in their own
// language, how many new reports and reporters' answers wait for them, with a link to the queue,
// and nothing else (no content, category or channel: a mailbox is not the back office). Batched:
// the whole deployment sends one round of notices per interval, so a member gets at most one
// mail per interval however many reports arrive and however many instances run.
import { sql } from 'kysely';
import type { Letters } from '../../accounts/invitations.ts';
import { type Audited, type AuditKeys, audited } from '../../audit/audit.ts';
import type { Store } from '../../db/database.ts';
import { isLocale } from '../../i18n/locales.ts';
import { listCaseworkers } from '../case.store.ts';

/** server_settings row: when the last round of notices was claimed (an ISO time). */
export const NOTICE_TURN = 'casework.notices-claimed-at';
/** `notice_pending` bits (reports.notice_pending): set by intake and by a reporter's answer. */
const NEW_REPORT = 1;
const NEW_ANSWER = 2;

export type NoticeDeps = { store: Store; keys: AuditKeys; letters: Letters; now: () => number };

/** What waits for an organisation: reports with news of each kind. */
export type Waiting = { reports: number; answers: number };

/**
 * One round: claims every pending notice and queues one mail per member of each organisation
 * concerned, in one transaction. Answers how many mails were queued, or 'not-due' while a round
 * (this instance's or another's) was already made in this slot of the clock.
 *
 * Rounds fall on the clock, one per `everyMs` slot (every 5 minutes: :00, :05, …), never straight
 * after news arrives: a mail sent seconds after a report or an answer would tell the mail servers
 * on its way, and every inbox it reaches, when a reporter acted, to the second. On the clock, it
 * tells only the slot, as a member reading the queue would learn anyway.
 */
export async function sendNotices(deps: NoticeDeps, everyMs: number): Promise<number | 'not-due'> {
  const slot = new Date(Math.floor(deps.now() / everyMs) * everyMs).toISOString();
  // Reads first, so that an instance writes only once per slot: every other look finds it taken.
  const last = await deps.store.db.selectFrom('server_settings').select('value').where('name', '=', NOTICE_TURN).executeTakeFirst();
  if (last && last.value >= slot) return 'not-due';

  // No audit entry: no member acts here, the system tells members that work waits, and the mail
  // says nothing of any report. `audited` (with no entries) only gives the handle the outbox's
  // queue asks for, so the claim and the mails commit together or not at all.
  return audited(
    deps.store,
    deps.keys,
    () => [],
    async (trx) => {
      // The slot is taken at its first look even when nothing waits: news arriving later in the
      // slot then waits for the next one, rather than going out seconds after a reporter acted.
      if (!(await takeTurn(trx, slot))) return 'not-due';
      const waiting = await claimPending(trx);
      let queued = 0;
      for (const [organisation, news] of waiting) {
        for (const member of await listCaseworkers(trx, organisation)) {
          if (!member.email) continue;
          await deps.letters.queue(trx, 'case-notice', noticeMail(deps.letters, member.email, member.locale, news));
          queued++;
        }
      }
      return queued;
    },
  );
}

/**
 * The slot's round is this instance's if no round was made in it: a conditional update, so of
 * two instances at the same moment one takes it (PostgreSQL locks the row; the other then finds
 * the slot taken and backs off) and SQLite's writers take turns anyway.
 */
async function takeTurn(trx: Audited, slot: string): Promise<boolean> {
  await trx
    .insertInto('server_settings')
    .values({ name: NOTICE_TURN, value: '' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const taken = await trx.updateTable('server_settings').set({ value: slot }).where('name', '=', NOTICE_TURN).where('value', '<', slot).executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/**
 * Clears every pending bit and answers what they said, per organisation. RETURNING gives a row's
 * new value, not the old one, so the claim first negates the bits (answering them, negated), then
 * settles its own negative rows to 0 (negative only ever inside this transaction). Between the two the rows are this transaction's: an answer
 * arriving meanwhile (`notice_pending | 2`) waits for the commit and sets its bit anew, for the
 * next round; a new report is a new row, which the second statement does not touch.
 */
async function claimPending(trx: Audited): Promise<Map<string, Waiting>> {
  const claimed = await trx
    .updateTable('reports')
    .set({ notice_pending: sql<number>`-notice_pending` })
    .where('notice_pending', '<>', 0)
    .returning(['organisation_id', 'notice_pending'])
    .execute();
  // `<> 0` too, the partial index's own condition, so that SQLite reads the index, not the table.
  await trx.updateTable('reports').set({ notice_pending: 0 }).where('notice_pending', '<>', 0).where('notice_pending', '<', 0).execute();
  const waiting = new Map<string, Waiting>();
  for (const row of claimed) {
    const bits = -Number(row.notice_pending);
    const news = waiting.get(row.organisation_id) ?? { reports: 0, answers: 0 };
    if (bits & NEW_REPORT) news.reports++;
    if (bits & NEW_ANSWER) news.answers++;
    waiting.set(row.organisation_id, news);
  }
  return waiting;
}

/** In the member's language: how many, and the link to the queue. Nothing about any report. */
export function noticeMail(letters: Letters, to: string, locale: string, news: Waiting) {
  const t = letters.t(isLocale(locale) ? locale : 'en');
  const lines = [
    news.reports > 0 ? t('office.notice.reports', { count: news.reports }) : '',
    news.answers > 0 ? t('office.notice.answers', { count: news.answers }) : '',
  ].filter(Boolean);
  return { to, subject: t('office.notice.subject'), text: t('office.notice.text', { news: lines.join('\n'), link: `${letters.officeUrl}/office/reports` }) };
}
