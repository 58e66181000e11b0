// The database itself refuses to change or remove audit entries, and takes a new one only as the
// next in line (seq = the last + 1, from 1): whatever code runs against it (a bug, an injected
// query, a careless operator's UPDATE) can only append, and cannot slip an entry in before the
// first or between two. Someone who owns the
// database can drop these triggers; the keyed chain and the signed checkpoints catch that.
// Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END
      $$`.execute(db);
    // Statement-level, so even an UPDATE or DELETE that matches no row is refused.
    await sql`CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(
      db,
    );
    await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    await sql`
      CREATE FUNCTION audit_log_next_in_line() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log) THEN
          RAISE EXCEPTION 'audit_log entries are appended in order: % refused', NEW.seq;
        END IF;
        RETURN NEW;
      END
      $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_in_order BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_next_in_line()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_log_in_order BEFORE INSERT ON audit_log WHEN NEW.seq <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log) BEGIN SELECT RAISE(ABORT, 'audit_log entries are appended in order'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`DROP TRIGGER audit_log_in_order ON audit_log`.execute(db);
    await sql`DROP FUNCTION audit_log_next_in_line()`.execute(db);
    await sql`DROP TRIGGER audit_log_no_truncate ON audit_log`.execute(db);
    await sql`DROP TRIGGER audit_log_no_update_or_delete ON audit_log`.execute(db);
    await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_log_in_order`.execute(db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
  }
}
