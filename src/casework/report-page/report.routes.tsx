// STUB: the report page helper replaces this file.
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../casework.routes.tsx';

export async function reportRoutes(_scope: Scope, _deps: CaseworkRouteDeps) {}
