// STUB: the retention helper replaces this file.
import type { CaseworkDeps } from '../casework.ts';

export function createRetention(_deps: CaseworkDeps) {
  return { start() {}, async stop() {} };
}
export type Retention = ReturnType<typeof createRetention>;
