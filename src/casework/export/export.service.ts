// STUB: the export helper replaces this file.
import type { CaseDeps } from '../case-step.ts';

export function createExports(_deps: CaseDeps) {
  return {};
}
export type Exports = ReturnType<typeof createExports>;
