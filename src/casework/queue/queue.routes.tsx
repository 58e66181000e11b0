// STUB: the queue helper replaces this file.
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../casework.routes.tsx';

export async function queueRoutes(_scope: Scope, _deps: CaseworkRouteDeps) {}
