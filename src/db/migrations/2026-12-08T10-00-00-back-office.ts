// The back office's doors and keys: accounts for every role (the members of an organisation move
// here from `members`, a lead becoming a supervisor), grants that may wait for a second
// supervisor's approval, sessions, one-time invitations, recovery sheets' key box, the audit
// entry's organisation, and the outbox's last error. Frozen: imports no app code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const bytes = postgres ? sql`bytea` : sql`blob`;

  // Everyone who signs in. Operator admins and editors belong to no organisation; supervisors and
  // analysts to exactly one. An invited account has no key until its holder enrols.
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('public_key', bytes)
    .addColumn('wrapped_private_key', bytes)
    .addColumn('second_factor', bytes)
    .addColumn('second_factor_step', 'bigint')
    .addColumn('recovery_codes', 'text')
    .addColumn('invited_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_organisation').on('accounts').columns(['organisation_id', 'role']).execute();

  await sql`INSERT INTO accounts (id, login, role, organisation_id, email, locale, status, public_key, wrapped_private_key, created_at)
    SELECT id, login, CASE role WHEN 'lead' THEN 'supervisor' ELSE role END, organisation_id, NULL, 'en', 'active', public_key, wrapped_private_key, created_at
    FROM members`.execute(db);

  // A grant is active once sealed_organisation_key is set. A pending one holds that same sealed
  // key under a random key that is itself sealed to the organisation: only a member whose session
  // holds the organisation key (the approving supervisor) can release it.
  await db.schema
    .createTable('key_grants')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sealed_organisation_key', bytes)
    .addColumn('pending_box', bytes)
    .addColumn('pending_key', bytes)
    .addColumn('granted_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addPrimaryKeyConstraint('key_grants_pk', ['organisation_id', 'account_id'])
    .execute();
  await sql`INSERT INTO key_grants (organisation_id, account_id, status, sealed_organisation_key, granted_by, created_at)
    SELECT organisation_id, member_id, 'active', sealed_organisation_key, granted_by, created_at FROM grants`.execute(db);
  await db.schema.dropTable('grants').execute();
  await db.schema.dropTable('members').execute();

  // id_hash: a digest of the id the cookie carries (never the id itself). sealed_key: the
  // organisation key under a key only the cookie holds. Times in ms since the epoch.
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', bytes, (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('sealed_key', bytes)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

  // A one-time link's digest. sealed_organisation_key: for a new organisation's first supervisor,
  // the organisation key under a key derived from the link, gone once used.
  await db.schema
    .createTable('invitations')
    .addColumn('token_hash', bytes, (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('sealed_organisation_key', bytes)
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitations_account').on('invitations').column('account_id').execute();

  // The organisation key under a recovery key whose shares are the printed sheets; replaced (and
  // the old sheets with it made useless) when the sheets are issued again.
  await db.schema
    .createTable('recovery_sets')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('shares', 'integer', (c) => c.notNull())
    .addColumn('sealed_key', bytes, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // The organisation an entry belongs to (read by its supervisors); chained with the entry.
  await db.schema.alterTable('audit_log').addColumn('organisation_id', 'text').execute();
  await db.schema.createIndex('audit_log_organisation').on('audit_log').columns(['organisation_id', 'seq']).execute();

  await db.schema.alterTable('outbox').addColumn('last_error', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['recovery_sets', 'invitations', 'sessions', 'key_grants', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
