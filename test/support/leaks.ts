// Looks for strings where they must not be: every byte of every file under a directory, and every
// value of every row of every table of a PostgreSQL database. A thief with a copy of the disk or
// a dump of the database sees exactly this, so this is what the promises are checked against.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export type Hit = { needle: string; where: string };
/** A string (searched as UTF-8 and UTF-16LE) or exact bytes. */
export type Needle = string | Buffer;

/** Each needle as the bytes a file or column could hold it in. */
function encodings(needle: Needle): Buffer[] {
  return Buffer.isBuffer(needle) ? [needle] : [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
}

const label = (needle: Needle) => (Buffer.isBuffer(needle) ? `bytes ${needle.toString('hex').slice(0, 16)}…` : needle);

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Where each needle occurs, byte for byte (UTF-8 and UTF-16LE), in the files under `dir`. */
export function findInFiles(dir: string, needles: Needle[]): Hit[] {
  const hits: Hit[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    for (const needle of needles) {
      if (encodings(needle).some((b) => bytes.includes(b))) hits.push({ needle: label(needle), where: path.relative(dir, file) });
    }
  }
  return hits;
}

/** Where each needle occurs in any value of any row of any table (text, bytea or other). */
export async function findInPostgres(databaseUrl: string, needles: Needle[]): Promise<Hit[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    if (tables.rows.length === 0) throw new Error('no tables: wrong database?');
    const hits: Hit[] = [];
    for (const { schema, name } of tables.rows) {
      const qualified = `"${schema}"."${name}"`;
      // Each column as its own value (bytea arrives as a Buffer and is searched as bytes) and the
      // whole row as PostgreSQL prints it, so no type is left unsearched.
      const rows = await client.query(`SELECT t.*, t::text AS "__row_text" FROM ${qualified} t`);
      for (const row of rows.rows as Record<string, unknown>[]) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const bytes = Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
          for (const needle of needles) {
            // Row text prints bytea as hex, so each needle is looked for in that form too.
            const hex = Buffer.from(Buffer.from(needle).toString('hex'));
            if (encodings(needle).some((b) => bytes.includes(b)) || bytes.includes(hex)) {
              hits.push({ needle: label(needle), where: `${qualified}.${column}` });
            }
          }
        }
      }
    }
    return hits;
  } finally {
    await client.end();
  }
}
