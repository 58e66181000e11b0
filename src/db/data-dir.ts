// DATA_DIR holds the SQLite database, the server secret and the audit checkpoints: only Haven's
// user may read them. Both the server and the CLI call this before writing anything there.
import fs from 'node:fs';
import path from 'node:path';

/** What Haven keeps in DATA_DIR (the database with its WAL and shared-memory files). */
const PRIVATE_FILES = ['haven.db', 'haven.db-wal', 'haven.db-shm', 'haven.db-journal', 'secret', 'audit-checkpoints'];

/**
 * Creates DATA_DIR 0700 (or tightens it), tightens Haven's files in it to 0600, and sets the
 * umask so that every file written from now on (a new WAL, a checkpoint file) is 0600 too:
 * a directory that already existed with wider permissions does not leak what is written there.
 */
export function secureDataDir(dir: string): void {
  process.umask(0o077);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
  for (const name of PRIVATE_FILES) tighten(path.join(dir, name), 0o600);
}

function tighten(file: string, mode: number): void {
  let current: number;
  try {
    current = fs.statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!(current & ~mode)) return;
  try {
    fs.chmodSync(file, current & mode);
  } catch (error) {
    // Owned by another user (a directory the operator provides): say so, and carry on.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    process.emitWarning(`${file} is mode ${current.toString(8)} and could not be made private to Haven's user`);
  }
}
