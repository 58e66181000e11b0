#!/usr/bin/env node
// `npx haven …`: the operators' command line (TypeScript, loaded through tsx).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
