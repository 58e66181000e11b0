// STUB: the queue helper replaces this file.
import type { CaseDeps } from '../case-step.ts';

export function createQueue(_deps: CaseDeps) {
  return {};
}
export type Queue = ReturnType<typeof createQueue>;
