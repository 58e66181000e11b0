// Writer thread for SQLite (see sqlite-writer.ts): its own connection with Haven's pragmas, one
// transaction per message. Plain JavaScript because it needs no TypeScript loader: it starts
// fast and behaves the same on every Node version.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const db = new SQLite(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);

// Statements are prepared once and reused: preparing costs more than running a small insert.
const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = db.prepare(sql)));
  return statement;
}

// All of a message's rows or none of them: better-sqlite3 rolls back if any statement throws.
const commit = db.transaction((ops) => {
  for (const { sql, rows } of ops) {
    const statement = prepared(sql);
    for (const row of rows) statement.run(row);
  }
});

parentPort.on('message', ({ id, ops }) => {
  try {
    commit(ops);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error), code: error?.code });
  }
});
