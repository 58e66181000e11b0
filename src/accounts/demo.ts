// The demo set-up of a fresh install: the two recipient organisations the default channels name,
// each with one analyst whose password is random and printed once, on the first start only. They
// bear the names of the real recipients of the Luxembourg channels (FACTS.md section 2: the
// Grand-Ducal Police's reporting form, the BEE SECURE Stopline), marked "— demo": a visitor to a
// demo must never take it for the real service.
import { randomBytes } from 'node:crypto';
import type { AuditKeys } from '../audit/audit.ts';
import type { Store } from '../db/database.ts';
import { listOrganisationIds } from './accounts.store.ts';
import { createOrganisation, type NewOrganisation } from './accounts.service.ts';

export const DEMO_ORGANISATIONS: (NewOrganisation & { login: string })[] = [
  { id: 'police-demo', name: 'Grand-Ducal Police — demo', kind: 'police', login: 'police-analyst' },
  { id: 'hotline-demo', name: 'BEE SECURE Stopline — demo', kind: 'hotline', login: 'hotline-analyst' },
];

export type DemoCredentials = { organisation: string; login: string; password: string }[];

/** Creates whatever demo organisation is missing; returns the credentials of those it created. */
export async function seedDemo(store: Store, keys: AuditKeys, password = () => randomBytes(15).toString('base64url')): Promise<DemoCredentials> {
  const existing = new Set(await listOrganisationIds(store.db));
  const created: DemoCredentials = [];
  for (const { login, ...org } of DEMO_ORGANISATIONS) {
    if (existing.has(org.id)) continue;
    const secret = password();
    await createOrganisation(store, keys, org, { login, password: secret, role: 'analyst' }, 'demo-setup');
    created.push({ organisation: org.name, login, password: secret });
  }
  return created;
}
