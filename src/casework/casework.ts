// Casework, assembled: opening a report, the actions and decisions on it, the queue, exports,
// retention and the members' notice mails. back-office.ts builds it once; its routes are in
// casework.routes.tsx.
import type { Session } from '../sessions/sessions.ts';
import { createCaseActions } from './case-actions.ts';
import { createCaseDecisions } from './case-decisions.ts';
import { openCase } from './case-reading.ts';
import type { CaseworkDeps } from './case-step.ts';
import { createExports } from './export/export.service.ts';
import { createQueue } from './queue/queue.service.ts';
import { createRetention } from './retention/retention.service.ts';

export function createCasework(deps: CaseworkDeps) {
  return {
    deps,
    open: (session: Session, reportId: string) => openCase(deps, session, reportId),
    actions: createCaseActions(deps),
    decisions: createCaseDecisions(deps),
    queue: createQueue(deps),
    exports: createExports(deps),
    retention: createRetention(deps),
  };
}

export type Casework = ReturnType<typeof createCasework>;
