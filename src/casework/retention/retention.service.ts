// What runs on its own in every instance: the daily purge of reports past their retention period
// (purge.ts), once shortly after start and then once a day, and the rounds of members' notice
// mails (notices.ts). Each instance runs both; the purge and the notice claim are safe to run in
// several at once. `stop` waits for a run in progress.

import { createSweeper, type Sweeper } from '../../db/sweeper.ts';
import type { CaseworkDeps } from '../case-step.ts';
import { type NoticeDeps, sendNotices } from './notices.ts';
import { type PurgeOptions, purgeClosed } from './purge.ts';

const DAY_MS = 86_400_000;
/** The first purge after start, once start-up's own work is done. */
const FIRST_PURGE_MS = 10_000;
/**
 * How often an instance looks whether a round of notices is due (one indexed read): a round goes
 * out within this of its slot's start on the clock (notices.ts).
 */
const NOTICE_LOOK_MS = 2_000;
export const NOTICE_EVERY_MS_DEFAULT = 5 * 60_000;

export type RetentionSettings = {
  /** A member gets at most one notice mail per this many ms (NOTICE_MINUTES). */
  noticeEveryMs?: number;
};

function warn(what: string) {
  // Database errors only: no report's content reaches here.
  return (error: unknown) => process.emitWarning(`${what}: ${error instanceof Error ? error.message : String(error)}`);
}

export function createRetention(deps: CaseworkDeps) {
  let noticeEveryMs = NOTICE_EVERY_MS_DEFAULT;
  const noticeDeps: NoticeDeps = deps;
  let purges: Sweeper | undefined;
  let notices: Sweeper | undefined;
  let first: NodeJS.Timeout | undefined;

  const purge = (options: PurgeOptions) => purgeClosed(deps, options);
  const notify = (everyMs = noticeEveryMs) => sendNotices(noticeDeps, everyMs);

  return {
    purge,
    /** A round of notices now, if one is due (the timer's work; tests and a second instance call it). */
    notify,
    start(settings: RetentionSettings = {}) {
      if (purges) return;
      noticeEveryMs = settings.noticeEveryMs ?? NOTICE_EVERY_MS_DEFAULT;
      purges = createSweeper(() => purge({ actor: 'system' }).catch(warn('retention: the purge failed; it is tried again tomorrow')), {
        everyMs: DAY_MS,
        now: deps.now,
      });
      notices = createSweeper(() => notify().catch(warn('retention: a round of notice mails failed; it is tried again')), {
        everyMs: Math.min(NOTICE_LOOK_MS, noticeEveryMs),
        now: deps.now,
      });
      const sweeper = purges;
      first = setTimeout(() => sweeper.due(), FIRST_PURGE_MS);
      first.unref();
    },
    async stop() {
      clearTimeout(first);
      await Promise.all([purges?.stop(), notices?.stop()]);
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
