// Each channel's casework scheme (content/casework.yaml) as casework asks it: which decision a
// value names, whether it needs a second analyst, the gravest of several, and each report's
// deadline. The scheme is data; nothing here names a decision.
import type { CaseDecision, Casework } from '../content/casework.schema.ts';
import { HOUR_MS } from '../office/case-times.ts';
import { DECIDED_STATUSES, type WorkflowStatus } from '../reports/report-status.ts';

export type Deadline = {
  kind: 'first-assessment' | 'resolution';
  /** ISO time the step is due. */
  due: string;
  overdue: boolean;
};

export type Schemes = ReturnType<typeof createSchemes>;

export function createSchemes(list: Casework[]) {
  const byChannel = new Map(list.map((s) => [s.channel, s]));
  const of = (channelId: string): Casework => {
    const scheme = byChannel.get(channelId);
    if (!scheme) throw new Error(`no casework scheme for channel ${channelId} (content/casework.yaml)`);
    return scheme;
  };
  /** How long after arrival a report still `new` (first assessment) or `assessing` (a decision) is due. */
  const targetMs = (channelId: string, status: 'new' | 'assessing') => {
    const scheme = of(channelId);
    return (status === 'new' ? scheme.firstAssessmentHours : scheme.resolutionDays * 24) * HOUR_MS;
  };
  return {
    all: list,
    of,
    targetMs,
    decision: (channelId: string, id: string): CaseDecision | undefined => of(channelId).decisions.find((d) => d.id === id),
    /** The gravest of the values (the scheme lists decisions gravest first); null if none. */
    gravest(channelId: string, values: (string | null)[]): string | null {
      const order = of(channelId).decisions.map((d) => d.id);
      const ranked = values.filter((v): v is string => v !== null && order.includes(v)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
      return ranked[0] ?? null;
    },
    /**
     * Whether moving to `status` waits for a second member: a status the scheme lists; and closing
     * a report nobody decided (neither action taken nor no action), which would otherwise skip the
     * "no action" the scheme wants confirmed.
     */
    statusNeedsConfirmation(channelId: string, status: WorkflowStatus, from: WorkflowStatus): boolean {
      const listed = of(channelId).confirmStatuses ?? [];
      if (listed.includes(status)) return true;
      return status === 'closed' && listed.includes('no-action') && from !== 'actioned' && from !== 'no-action';
    },
    /**
     * What the report waits for and by when: its first assessment while new, a decision while
     * being assessed; nothing once decided.
     */
    deadline(report: { channel_id: string; received_hour: string; workflow_status: string }, now: number): Deadline | undefined {
      if ((DECIDED_STATUSES as readonly string[]).includes(report.workflow_status)) return undefined;
      const first = report.workflow_status === 'new';
      const due = Date.parse(report.received_hour) + targetMs(report.channel_id, first ? 'new' : 'assessing');
      return { kind: first ? 'first-assessment' : 'resolution', due: new Date(due).toISOString(), overdue: due < now };
    },
    /**
     * Per channel, the received hour before which a report still in `status` is overdue: what
     * the queue's "overdue" filter asks the database.
     */
    overdueBefore(status: 'new' | 'assessing', now: number): { channel: string; before: string }[] {
      // Compared as text with received_hour ('…T09:00Z'), which sorts as the time it names.
      return list.map((s) => ({ channel: s.channel, before: new Date(now - targetMs(s.channel, status)).toISOString() }));
    },
  };
}
