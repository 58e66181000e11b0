// The writer thread's promises: writes that arrive together share a commit, a write resolves only
// once its rows are committed, a failing write rolls back all of its rows and fails alone, and a
// thread that dies is replaced.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { createSqliteWriter, sendUnits } from './sqlite-writer.ts';

const INSERT = 'INSERT INTO items (id, note) VALUES (?, ?)';

function scratch(t: { after(fn: () => unknown): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-writer-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function database(file: string) {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, note BLOB NOT NULL)');
  return db;
}

/** Another connection holding the database's write lock until its `COMMIT`. */
function holdWriteLock(t: { after(fn: () => unknown): void }, file: string) {
  const lock = new SQLite(file, { timeout: 5000 });
  t.after(() => lock.open && lock.close());
  lock.exec('BEGIN IMMEDIATE');
  return lock;
}

/** A fresh database with a writer thread and a reader connection, both closed after the test. */
function writerAndReader(t: { after(fn: () => unknown): void }) {
  const file = path.join(scratch(t), 'test.db');
  const reader = database(file);
  const writer = createSqliteWriter(file);
  t.after(async () => {
    await writer.close();
    reader.close();
  });
  return { reader, writer };
}

test('a write is visible to other connections as soon as it resolves, bytes intact', async (t) => {
  const { reader, writer } = writerAndReader(t);
  const note = Buffer.from('sealed bytes');
  await writer.write([
    {
      sql: INSERT,
      rows: [
        [1, note],
        [2, note.subarray(0, 6)],
      ],
    },
  ]);
  assert.deepEqual(reader.prepare('SELECT id, note FROM items ORDER BY id').all(), [
    { id: 1, note },
    { id: 2, note: Buffer.from('sealed') },
  ]);
});

test('a failing write rolls back all its rows and fails alone', async (t) => {
  const { reader, writer } = writerAndReader(t);
  const results = await Promise.allSettled([
    writer.write([{ sql: INSERT, rows: [[1, 'a']] }]),
    writer.write([
      {
        sql: INSERT,
        rows: [
          [2, 'b'],
          [1, 'duplicate'],
        ],
      },
    ]),
    writer.write([{ sql: INSERT, rows: [[3, 'c']] }]),
  ]);
  assert.deepEqual(
    results.map((r) => (r.status === 'rejected' ? r.reason.code : 'ok')),
    ['ok', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'ok'],
  );
  assert.deepEqual(reader.prepare('SELECT id FROM items ORDER BY id').pluck().all(), [1, 3]);
});

test('a writer thread that dies rejects its write, and the next write starts a new one', async (t) => {
  const dir = scratch(t);
  const file = path.join(dir, 'not-yet', 'test.db');
  const writer = createSqliteWriter(file);
  t.after(() => writer.close());
  // The directory is missing: the thread fails while opening the database, and exits.
  await assert.rejects(writer.write([{ sql: INSERT, rows: [[1, 'a']] }]), /directory does not exist/);
  fs.mkdirSync(path.dirname(file));
  database(file).close();
  await writer.write([{ sql: INSERT, rows: [[1, 'a']] }]);
  const reader = database(file);
  assert.equal(reader.prepare('SELECT count(*) FROM items').pluck().get(), 1);
  reader.close();
});

test('writes that arrive together share one commit (one fsync), and each resolves once committed', async (t) => {
  const { reader, writer } = writerAndReader(t);
  const file = reader.name;
  reader.pragma('wal_checkpoint(TRUNCATE)');
  const ids = Array.from({ length: 200 }, (_, i) => i + 1);
  const seenWhenResolved = await Promise.all(
    ids.map(async (id) => {
      await writer.write([{ sql: INSERT, rows: [[id, 'a']] }]);
      return reader.prepare('SELECT count(*) FROM items WHERE id = ?').pluck().get(id);
    }),
  );
  assert.deepEqual(seenWhenResolved, Array(200).fill(1), 'every write is visible the moment it resolves');
  // Every commit appends at least one page to the WAL; 200 commits would append 200 or more.
  const frames = (fs.statSync(`${file}-wal`).size - 32) / (4096 + 24);
  assert.ok(frames < 20, `${frames} WAL frames for 200 writes`);
});

test('closing while a commit waits for the database lock lets that commit finish and answer first', async (t) => {
  const { reader, writer } = writerAndReader(t);
  await writer.write([{ sql: INSERT, rows: [[1, 'a']] }]); // the thread is running
  // Another connection (a backup, an operator's sqlite3 shell) holds the write lock.
  const lock = holdWriteLock(t, reader.name);
  const written = writer.write([{ sql: INSERT, rows: [[2, 'b']] }]);
  await sleep(200); // the writer thread now waits for the lock inside its commit
  const closed = writer.close();
  await assert.rejects(writer.write([{ sql: INSERT, rows: [[3, 'c']] }]), /closed/, 'a closed writer takes nothing more');
  await sleep(200);
  lock.exec('COMMIT');
  await closed;
  await written; // stored, and answered as stored
  assert.deepEqual(reader.prepare('SELECT id FROM items ORDER BY id').pluck().all(), [1, 2]);
});

test('a port released while the writer closes has what it sent committed before the release resolves', async (t) => {
  const { reader, writer } = writerAndReader(t);
  const { port, release } = writer.connect();
  t.after(() => port.close());
  await writer.write([{ sql: INSERT, rows: [[1, 'a']] }]);
  const lock = holdWriteLock(t, reader.name);
  // Another thread (here the main thread, through the port) hands over a unit, then stops.
  const { ticket, committed } = writer.expect();
  sendUnits(port, [{ ticket, note: 'receipt', ops: [{ sql: INSERT, rows: [[2, 'b']] }] }]);
  await sleep(200);
  const closed = writer.close();
  const released = release();
  await sleep(200);
  lock.exec('COMMIT');
  await released;
  // What the released port never sent is refused now, as the pipeline does; this unit was sent.
  writer.abandon(ticket, new Error('never sent'));
  assert.equal(await committed, 'receipt');
  await closed;
  assert.deepEqual(reader.prepare('SELECT id FROM items ORDER BY id').pluck().all(), [1, 2]);
});
