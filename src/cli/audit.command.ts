// `haven audit verify|head`: the checks of the audit log, reading only.

import { signCheckpoint } from '../audit/audit.checkpoints.ts';
import { readAuditHead } from '../audit/audit.ts';
import { verifyAuditLog } from '../audit/audit.verify.ts';
import type { Config } from '../config.ts';
import { parse, UsageError } from './command-line.ts';
import { withReadOnlyStore } from './open-store.ts';

export async function auditCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub === 'verify') {
    parse(args, {}, 0);
    return verify(config);
  }
  if (sub === 'head') {
    parse(args, {}, 0);
    return head(config);
  }
  throw new UsageError(`unknown audit command ${JSON.stringify(sub ?? '')}`);
}

export function verify(config: Config): Promise<number> {
  return withReadOnlyStore(config, async (store, keys) => {
    const verdict = await verifyAuditLog(store.db, keys, config.auditCheckpointFile);
    if (verdict.problems.length > 0) {
      console.error(`audit log NOT intact (${verdict.entries} entries, checkpoints in ${config.auditCheckpointFile}):`);
      for (const problem of verdict.problems) console.error(`  - ${problem}`);
      return 1;
    }
    console.log(`audit log intact: ${verdict.entries} entries, head ${verdict.head}; checkpoints: ${verdict.checkpoints}, all signed and matching`);
    return 0;
  });
}

function head(config: Config): Promise<number> {
  return withReadOnlyStore(config, async (store, keys) => {
    console.log(JSON.stringify(signCheckpoint(await readAuditHead(store.db), keys)));
    return 0;
  });
}
