// The closed vocabulary of a report's life. Analysts see the workflow; reporters see a small,
// translated set derived from it by one function.
export const WORKFLOW_STATUSES = ['new', 'assessing', 'actioned', 'no-action', 'closed'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const REPORTER_STATUSES = ['received', 'being-assessed', 'action-taken', 'no-action-possible', 'closed'] as const;
export type ReporterStatus = (typeof REPORTER_STATUSES)[number];

export const EVENT_TYPES = ['received'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const BY_EVENT: Record<EventType, ReporterStatus> = { received: 'received' };

/** The status a reporter sees after an event, or undefined for events they are not shown. */
export function reporterStatusOf(event: string): ReporterStatus | undefined {
  return BY_EVENT[event as EventType];
}
