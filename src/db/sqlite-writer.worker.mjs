// Writer thread for SQLite (see sqlite-writer.ts): its own connection with Haven's pragmas. Units
// of writes arrive from the main thread and from threads connected to it through their own
// ports; everything that has arrived when the writer gets to it is committed in one transaction
// (one fsync for all: group commit), then the main thread is told which units are on disk. Plain
// JavaScript because it needs no TypeScript loader: it starts fast and behaves the same on every
// Node version.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
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

function run(ops) {
  for (const { sql, rows } of ops) {
    const statement = prepared(sql);
    for (const row of rows) statement.run(row);
  }
}

// All of a transaction's rows or none of them: better-sqlite3 rolls back if any statement throws.
const commitAll = db.transaction((units) => {
  for (const unit of units) run(unit.ops);
});
const commitOne = db.transaction(run);

let queue = [];
let scheduled = false;
let closed = false;
/** Ports released since the last commit: the main thread hears of them with its results. */
let released = [];
const ports = new Map();

/** Commits what has queued: together, or if that fails, each unit alone, so that one bad unit
 *  never fails its neighbours. */
function commitQueued() {
  scheduled = false;
  if (closed) return;
  const units = queue;
  queue = [];
  const committed = [];
  const notes = [];
  const failed = [];
  const answer = { committed, notes, failed, released };
  released = [];
  if (!units.length) return parentPort.postMessage(answer);
  const failure = (unit, error) => ({ ticket: unit.ticket, error: error instanceof Error ? error.message : String(error), code: error?.code });
  try {
    commitAll(units);
    for (const unit of units) {
      committed.push(unit.ticket);
      notes.push(unit.note);
    }
  } catch (error) {
    if (units.length === 1) failed.push(failure(units[0], error));
    else
      for (const unit of units) {
        try {
          commitOne(unit.ops);
          committed.push(unit.ticket);
          notes.push(unit.note);
        } catch (single) {
          failed.push(failure(unit, single));
        }
      }
  }
  parentPort.postMessage(answer);
}

// Units that arrive while a commit runs wait in their ports; they are all delivered before the
// next turn's commit, so the batch grows with the load by itself.
function take({ units }) {
  for (const unit of units) queue.push(unit);
  schedule();
}

function schedule() {
  if (!scheduled) {
    scheduled = true;
    setImmediate(commitQueued);
  }
}

/** The thread at the other end of a port has stopped: what it sent before stopping is all there
 *  is. Anything not yet delivered is taken now, so that it is committed with the next batch and
 *  the main thread hears of the release only after that batch's results. */
function release(id) {
  const port = ports.get(id);
  ports.delete(id);
  if (port) {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) take(message.message);
    port.close();
  }
  released.push(id);
  schedule();
}

/** Haven is stopping: what has arrived, from the main thread or through a port, is committed
 *  and answered, then the database is closed and the thread ends. (Terminating the thread
 *  instead could cut a commit short while it waits for the database lock, and leave its visitor
 *  told "not saved" although the rows may reach the disk.) */
function close() {
  for (const id of [...ports.keys()]) release(id);
  commitQueued();
  closed = true;
  db.close();
  parentPort.close();
}

parentPort.on('message', (message) => {
  if (message.port) {
    ports.set(message.id, message.port);
    message.port.on('message', take);
  } else if (message.release !== undefined) release(message.release);
  else if (message.close) close();
  else take(message);
});
