// The editors' side of country monitoring: follow another country, record a new assessment of an
// indicator, add a dated fact or correct one. Nothing is overwritten: each change is the next
// version, audited in its own transaction with the publish mark, after which this instance
// reloads at once (the others within seconds).
import { type AuditAction, type Audited, type AuditKeys, audited } from '../audit/audit.ts';
import type { ContentWatch } from '../content/content-watch.ts';
import { markPublished } from '../content/content-watch.ts';
import type { Store } from '../db/database.ts';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import type { Session } from '../sessions/sessions.ts';
import { checkAssessment, checkFact, type Problem } from './monitoring.check.ts';
import { assessmentRow, factRow, loadMonitoring } from './monitoring.data.ts';
import type { AssessmentInput, FactInput, IndicatorId, MonitoringData } from './monitoring.model.ts';
import { isCountryCode } from './monitoring.presenter.ts';
import {
  currentFacts,
  insertAssessment,
  insertCountry,
  insertFact,
  listCountries,
  lockCountry,
  nextAssessmentVersion,
  nextFactVersion,
  nextPosition,
} from './monitoring.store.ts';

/** Input an editor can correct: the form comes back with each problem at its field. */
export class MonitoringInvalid extends Error {
  override name = 'MonitoringInvalid';
  readonly kind = 'invalid';
  readonly code = 'invalid';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.field}: ${p.code}`).join('; '));
  }
}

type Entry = { action: AuditAction; subject: string; detail: object };

export type AssessmentChange = Omit<AssessmentInput, 'indicator'> & { indicator: IndicatorId };
export type FactChange = Omit<FactInput, 'id'>;

export type MonitoringOffice = {
  /** Everything recorded, every version, read now (the office never shows a stale copy). */
  read(session: Session): Promise<MonitoringData>;
  addCountry(session: Session, code: string): Promise<void>;
  /** Answers the new version's number. */
  recordAssessment(session: Session, country: string, change: AssessmentChange): Promise<number>;
  /** A new fact (no `correcting`) or a correction of one; answers the fact's id. */
  recordFact(session: Session, country: string, change: FactChange, correcting?: string): Promise<string>;
};

export function createMonitoringOffice(options: { store: Store; keys: AuditKeys; watch: ContentWatch; now?: () => number }): MonitoringOffice {
  const { store, keys, watch, now = Date.now } = options;
  const who = (session: Session) => `account:${session.account.id}`;

  /** Locks the country (or refuses an unknown one as not found) and runs `work`, audited and published. */
  async function change<T>(session: Session, country: string, entry: (result: T) => Entry, work: (trx: Audited, at: string) => Promise<T>): Promise<T> {
    const at = new Date(now()).toISOString();
    const result = await audited(
      store,
      keys,
      (r: T) => {
        const e = entry(r);
        return { actor: who(session), action: e.action, subject: e.subject, detail: JSON.stringify(e.detail) };
      },
      async (trx) => {
        if (!(await lockCountry(trx, store.engine, country))) throw new NotFound('monitoring.edit');
        const done = await work(trx, at);
        await markPublished(trx);
        return done;
      },
    );
    await watch.check();
    return result;
  }

  return {
    async read(session) {
      authorize(session, 'monitoring.edit');
      return loadMonitoring(store);
    },

    async addCountry(session, code) {
      authorize(session, 'monitoring.edit');
      if (!isCountryCode(code)) throw new MonitoringInvalid([{ field: 'country', code: 'country' }]);
      if ((await listCountries(store.db)).some((c) => c.id === code)) throw new MonitoringInvalid([{ field: 'country', code: 'followed' }]);
      await audited(store, keys, { actor: who(session), action: 'monitoring.country-added', subject: `monitoring:${code}` }, async (trx) => {
        const row = { id: code, position: await nextPosition(trx), added_at: new Date(now()).toISOString(), added_by: who(session) };
        // Refused inside the transaction too: nothing is written, not even the audit entry.
        if (!(await insertCountry(trx, row))) throw new MonitoringInvalid([{ field: 'country', code: 'followed' }]);
        await markPublished(trx);
      });
      await watch.check();
    },

    async recordAssessment(session, country, input) {
      authorize(session, 'monitoring.edit');
      const problems = checkAssessment(input);
      if (problems.length) throw new MonitoringInvalid(problems);
      return change(
        session,
        country,
        (version: number) => ({
          action: 'monitoring.assessed',
          subject: `monitoring:${country}/${input.indicator}`,
          detail: { version, state: input.state, verification: input.verification },
        }),
        async (trx, at) => {
          const version = await nextAssessmentVersion(trx, country, input.indicator);
          await insertAssessment(trx, assessmentRow(input, { country, version, at, by: who(session) }));
          return version;
        },
      );
    },

    async recordFact(session, country, input, correcting) {
      authorize(session, 'monitoring.edit');
      const problems = checkFact(input);
      if (problems.length) throw new MonitoringInvalid(problems);
      return change(
        session,
        country,
        (done: { id: string; version: number }) => ({
          action: correcting ? 'monitoring.fact-corrected' : 'monitoring.fact-recorded',
          subject: `monitoring:${country}/fact/${done.id}`,
          detail: { version: done.version, kind: input.kind, verification: input.verification },
        }),
        async (trx, at) => {
          const facts = await currentFacts(trx, country);
          if (correcting && !facts.some((f) => f.fact_id === correcting)) throw new NotFound('monitoring.edit');
          // One fact per kind and date: a second one is a correction of the first.
          const same = facts.find((f) => f.fact_id !== correcting && f.kind === input.kind && (input.kind === 'tip-protocol' || f.date === input.date));
          if (same) throw new MonitoringInvalid([{ field: 'date', code: 'duplicate-fact' }]);
          const id = correcting ?? freeId(factIdOf(input), new Set(facts.map((f) => f.fact_id)));
          const version = await nextFactVersion(trx, country, id);
          await insertFact(trx, factRow({ ...input, id }, { country, version, at, by: who(session) }));
          return { id, version };
        },
      ).then((done) => done.id);
    },
  };
}

/** A new fact's id says what it is: "tip-tier-2024", "victims-identified-2018-2021", "tip-protocol". */
function factIdOf(input: FactChange): string {
  if (input.kind === 'tip-protocol') return input.kind;
  return [input.kind, input.date, input.until].filter(Boolean).join('-');
}

function freeId(id: string, taken: Set<string>): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}
