// The closed vocabulary of a report's life. Analysts see the workflow; reporters see a small,
// translated set derived from it by one function.
export const WORKFLOW_STATUSES = ['new', 'assessing', 'actioned', 'no-action', 'closed'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const REPORTER_STATUSES = ['received', 'being-assessed', 'action-taken', 'no-action-possible', 'closed'] as const;
export type ReporterStatus = (typeof REPORTER_STATUSES)[number];

const AS_REPORTER_SEES_IT: Record<WorkflowStatus, ReporterStatus> = {
  new: 'received',
  assessing: 'being-assessed',
  actioned: 'action-taken',
  'no-action': 'no-action-possible',
  closed: 'closed',
};

export function isWorkflowStatus(value: unknown): value is WorkflowStatus {
  return typeof value === 'string' && (WORKFLOW_STATUSES as readonly string[]).includes(value);
}

/** The one mapping from the workflow to what the reporter is shown. */
export function reporterStatus(status: WorkflowStatus): ReporterStatus {
  return AS_REPORTER_SEES_IT[status];
}

/** Statuses after which a report awaits nothing more: deadlines stop counting. */
export const DECIDED_STATUSES: readonly WorkflowStatus[] = ['actioned', 'no-action', 'closed'];

/**
 * Every kind of entry in a report's history (report_events). `detail` is what the entry says in
 * clear: the new status, the decision, the member concerned; notes and messages are sealed.
 */
export const EVENT_TYPES = [
  'received',
  'status-changed',
  'assigned',
  'released',
  'handed-over',
  'classified',
  'decision-proposed',
  'decision-confirmed',
  'decision-rejected',
  'decision-withdrawn',
  'note',
  'message',
  'reply',
  'exported',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The status a reporter sees after an event, or undefined for events they are not shown. */
export function reporterStatusOf(event: { type: string; detail?: string | null }): ReporterStatus | undefined {
  if (event.type === 'received') return 'received';
  if (event.type === 'status-changed' && isWorkflowStatus(event.detail)) return reporterStatus(event.detail);
  return undefined;
}
