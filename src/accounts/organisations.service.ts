// What an operator admin does with recipient organisations: list them, create one with its first
// supervisor's invitation, invite a supervisor to one whose members have all lost access. The
// admin never sees an invitation link (a new organisation's carries its key): it goes by mail.
import type { Kysely } from 'kysely';
import { orIfTaken, type Store } from '../db/database.ts';
import type { Database, OrganisationTable } from '../db/schema.ts';
import type { Locale } from '../i18n/locales.ts';
import { authorize } from '../office/authorize.ts';
import { NotFound } from '../office/office.errors.ts';
import type { Session } from '../sessions/sessions.ts';
import { createOrganisation, inviteSupervisor, type Keys } from './accounts.service.ts';
import type { Letters } from './invitations.ts';

/** An organisation that cannot be created as given: the code names what, the field where. */
export class OrganisationRefused extends Error {
  override name = 'OrganisationRefused';
  readonly kind = 'invalid';
  constructor(
    readonly code: 'organisation-id-invalid' | 'organisation-taken' | 'organisation-name-taken' | 'organisation-name-invalid' | 'organisation-kind-invalid',
    readonly field: string,
  ) {
    super(code);
  }
}

export const ORGANISATION_KINDS = ['police', 'hotline'] as const satisfies readonly OrganisationTable['kind'][];

// A slug: it names the organisation in channels.yaml, the audit log and addresses.
const ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;

/** Every organisation with how many people belong to it (invited or active, not removed). */
function listWithMembers(db: Kysely<Database>) {
  return db
    .selectFrom('organisations')
    .leftJoin('accounts', (join) => join.onRef('accounts.organisation_id', '=', 'organisations.id').on('accounts.status', '!=', 'removed'))
    .select((eb) => ['organisations.id', 'organisations.name', 'organisations.kind', eb.fn.count<number | string>('accounts.id').as('members')])
    .groupBy(['organisations.id', 'organisations.name', 'organisations.kind'])
    .orderBy('organisations.name')
    .execute();
}

export type OrganisationsDeps = {
  store: Store;
  keys: Keys;
  letters: Letters;
  /** Told of each organisation created here, so that this instance seals to it and names it at once. */
  created?: (organisation: { id: string; name: string; publicKey: Buffer }) => void;
};

export function createOrganisations(deps: OrganisationsDeps) {
  const { store, keys, letters } = deps;
  const who = (session: Session) => `account:${session.account.id}`;

  return {
    async list(session: Session) {
      authorize(session, 'organisation.create');
      return (await listWithMembers(store.db)).map((o) => ({ id: o.id, name: o.name, kind: o.kind, members: Number(o.members) }));
    },

    async create(session: Session, input: { id: string; name: string; kind: string; email: string; locale: Locale }) {
      authorize(session, 'organisation.create');
      const id = input.id.trim().toLowerCase();
      const name = input.name.trim().replace(/\s+/g, ' ');
      if (!ID.test(id)) throw new OrganisationRefused('organisation-id-invalid', 'id');
      if (name.length < 2 || name.length > 120) throw new OrganisationRefused('organisation-name-invalid', 'name');
      const kind = ORGANISATION_KINDS.find((k) => k === input.kind);
      if (!kind) throw new OrganisationRefused('organisation-kind-invalid', 'kind');
      if (await store.db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst()) {
        throw new OrganisationRefused('organisation-taken', 'id');
      }
      if (await store.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst()) {
        throw new OrganisationRefused('organisation-name-taken', 'name');
      }
      // Two submits of the form at once both pass the checks above; the second is refused here.
      const made = await orIfTaken(
        createOrganisation(store, keys, letters, { id, name, kind }, { email: input.email, locale: input.locale }, who(session)),
        () => new OrganisationRefused('organisation-taken', 'id'),
      );
      deps.created?.({ id, name, publicKey: made.publicKey });
      return { id };
    },

    async inviteSupervisor(session: Session, organisationId: string, input: { email: string; locale: Locale }) {
      authorize(session, 'organisation.invite-supervisor');
      await inviteSupervisor(store, keys, letters, organisationId, input, who(session));
    },

    /** One organisation, for the page that invites its supervisor; NotFound when there is none. */
    async find(session: Session, organisationId: string) {
      authorize(session, 'organisation.invite-supervisor');
      const found = (await listWithMembers(store.db)).find((o) => o.id === organisationId);
      if (!found) throw new NotFound('organisation');
      return { id: found.id, name: found.name, kind: found.kind, members: Number(found.members) };
    },
  };
}

export type Organisations = ReturnType<typeof createOrganisations>;
