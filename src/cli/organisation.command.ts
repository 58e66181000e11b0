// `haven organisation create|list`. A new organisation's first supervisor is invited by mail,
// through the outbox: the link carries the organisation key, so it never appears on this screen
// (nor in a terminal's scroll-back or an operator's shell history). Listing is audited too.
import path from 'node:path';
import { createOrganisation, INVITATION_HOURS } from '../accounts/accounts.service.ts';
import { findOrganisation, listMembers, listOrganisations } from '../accounts/accounts.store.ts';
import type { Letters } from '../accounts/invitations.ts';
import { audited } from '../audit/audit.ts';
import { signingKeys } from '../casework/export/export.store.ts';
import type { Config } from '../config.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import { loadCatalogue, translator } from '../i18n/messages.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { CliError, localeOption, parse, printTable, refusal, UsageError } from './command-line.ts';
import { withKeyedStore } from './open-store.ts';

const CONTENT_DIR = path.resolve(import.meta.dirname, '../../content');
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export async function organisationCommand(config: Config, [sub, ...args]: string[]): Promise<number> {
  if (sub === 'create') return create(config, args);
  if (sub === 'list') {
    parse(args, {}, 0);
    return list(config);
  }
  throw new UsageError(`unknown organisation command ${JSON.stringify(sub ?? '')}`);
}

function create(config: Config, args: string[]): Promise<number> {
  const { values } = parse(
    args,
    { id: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, supervisor: { type: 'string' }, locale: { type: 'string' } },
    0,
  );
  const { id, kind, supervisor } = values;
  const name = values.name?.trim();
  if (!id || !ID.test(id) || id.length > 64)
    throw new UsageError('--id: 1 to 64 lower-case letters, digits and single hyphens, as content/channels.yaml names recipients');
  if (kind !== 'police' && kind !== 'hotline') throw new UsageError('--kind: police or hotline');
  if (!name || name.length > 200) throw new UsageError('--name: the organisation’s name, at most 200 characters');
  if (!supervisor) throw new UsageError('--supervisor: the first supervisor’s e-mail address');
  const locale = localeOption(values.locale);
  // Read before anything is opened: a broken catalogue creates nothing.
  const catalogue = loadCatalogue(CONTENT_DIR);
  return withKeyedStore(config, async (store, keys) => {
    if (await findOrganisation(store.db, id)) throw new CliError(`refused: an organisation ${id} exists already`);
    await createOrganisation(store, keys, letters(config, keys, catalogue), { id, kind, name }, { email: supervisor, locale }, 'cli').catch(refusal);
    console.log(`organisation ${id} (${kind}) created.`);
    console.log(
      `The invitation of its first supervisor, ${supervisor.trim().toLowerCase()}, is queued: the running Haven server ` +
        `${config.smtpUrl ? 'mails it' : `writes it to ${path.join(config.dataDir, 'mail')} (no SMTP_URL is set)`} within a minute, or when it next starts. ` +
        `Its link is valid ${INVITATION_HOURS} hours and is not shown here: it carries the organisation key.`,
    );
    return 0;
  });
}

/** The outbox, sealed with the server's key, and the words of the mails. */
function letters(config: Config, keys: ServerKeys, catalogue: ReturnType<typeof loadCatalogue>): Letters {
  return {
    queue: async (trx, kind, mail) => {
      await enqueueMail(trx, keys.outbox, kind, mail);
    },
    t: (locale) => translator(catalogue, locale),
    officeUrl: config.publicUrl,
  };
}

/**
 * Every organisation and its number of members. Audited like a change, in the same transaction as
 * the read: who looked at the operator's view of the organisations is the log's business too.
 */
function list(config: Config): Promise<number> {
  return withKeyedStore(config, async (store, keys) => {
    const rows = await audited(
      store,
      keys,
      ({ listed }: { listed: string[][] }) => ({ actor: 'cli', action: 'organisations.listed', subject: 'organisations', detail: `${listed.length} shown` }),
      async (trx) => {
        const listed: string[][] = [];
        const signing = await signingKeys(trx);
        const signingRows: string[][] = [];
        for (const o of await listOrganisations(trx)) {
          const members = (await listMembers(trx, o.id)).filter((m) => m.status !== 'removed');
          listed.push([o.id, o.kind, o.name, String(members.length)]);
          signingRows.push([o.id, signing.get(o.id)?.toString('base64') ?? 'none yet (recorded at its first export)']);
        }
        return { listed, signingRows };
      },
    );
    printTable(['ID', 'KIND', 'NAME', 'MEMBERS'], rows.listed, 'no organisation yet');
    if (rows.signingRows.length > 0) {
      // The keys that verify each organisation's exports (docs/exports.md): a prosecutor compares
      // the key in an export with the one given to them through another channel.
      console.log('\nKeys that verify their exports (Ed25519, base64):');
      printTable(['ID', 'EXPORT SIGNING KEY'], rows.signingRows, '');
    }
    return 0;
  });
}
