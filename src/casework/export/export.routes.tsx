// STUB: the export helper replaces this file.
import type { Scope } from '../../web/scopes.ts';
import type { CaseworkRouteDeps } from '../casework.routes.tsx';

export async function exportRoutes(_scope: Scope, _deps: CaseworkRouteDeps) {}
