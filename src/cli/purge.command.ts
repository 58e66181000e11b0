// `haven purge [--days N]`: the daily purge, now. Closed reports past their channel's retention
// period (content/casework.yaml), or closed more than N days ago, are removed and left as counts;
// each batch is audited (actor `cli`) in its own transaction. Prints counts, never a report.
import path from 'node:path';
import { purgeClosed } from '../casework/retention/purge.ts';
import { createSchemes } from '../casework/schemes.ts';
import type { Config } from '../config.ts';
import { readContentFiles } from '../content/content.loader.ts';
import { parse, printTable, UsageError } from './command-line.ts';
import { withKeyedStore } from './open-store.ts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content');

export async function purgeCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parse(args, { days: { type: 'string' } }, 0);
  const days = values.days === undefined ? undefined : daysOf(values.days);
  // Read before the database is opened: a broken content file changes nothing.
  const schemes = createSchemes(readContentFiles(CONTENT_DIR).casework);
  return withKeyedStore(config, async (store, keys) => {
    const purged = await purgeClosed({ store, keys, schemes, now: Date.now }, { actor: 'cli', days });
    const periods = schemes.all.map((s) => `${s.channel} ${days ?? s.retentionDays} days`).join(', ');
    console.log(`closed reports kept for: ${periods}`);
    console.log(`${purged.total} closed report${purged.total === 1 ? '' : 's'} purged; their counts remain in the statistics.`);
    const rows = Object.entries(purged.organisations).flatMap(([organisation, c]) =>
      Object.entries(c.channels).map(([channel, n]) => [organisation, channel, String(n)]),
    );
    if (rows.length > 0) printTable(['ORGANISATION', 'CHANNEL', 'PURGED'], rows, '');
    return 0;
  });
}

function daysOf(value: string): number {
  if (!/^\d{1,5}$/.test(value)) throw new UsageError('--days must be a whole number of days (0 or more)');
  return Number(value);
}
