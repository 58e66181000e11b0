// Worker-thread entry. Workers do not inherit the TypeScript loader on every Node version, so
// this plain-JavaScript entry registers it before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./sealing.worker.ts');
