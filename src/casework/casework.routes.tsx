// Casework's pages, all in the office scope: the queue, a report and what is done to it, its
// export, the statistics. Only members of an organisation reach them; a report of another
// organisation is not found.
import type { Scope } from '../web/scopes.ts';
import { exportRoutes } from './export/export.routes.tsx';
import { queueRoutes } from './queue/queue.routes.tsx';
import { reportRoutes } from './report-page/report.routes.tsx';
import { statisticsRoutes } from './retention/statistics.routes.tsx';
import type { CaseworkRouteDeps } from './route-deps.ts';

export async function caseworkRoutes(scope: Scope, deps: CaseworkRouteDeps) {
  await queueRoutes(scope, deps);
  await reportRoutes(scope, deps);
  await exportRoutes(scope, deps);
  await statisticsRoutes(scope, deps);
}
