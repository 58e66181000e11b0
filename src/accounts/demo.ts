// The demo set-up of a fresh install: the two recipient organisations the default channels name,
// each with a supervisor and an analyst, and an operator admin. Passwords are random; they go to
// a file in DATA_DIR (mode 0600) that the start-up message names, never to the console or the
// service's journal. The organisations bear the names of the real recipients of the Luxembourg
// channels (FACTS.md section 2), marked "— demo": a visitor must never take a demo for the real
// service.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/database.ts';
import { createDemoAdmin, createDemoOrganisation, type Keys, type NewOrganisation } from './accounts.service.ts';
import { findAccountByLogin, listOrganisationIds } from './accounts.store.ts';

export const DEMO_ORGANISATIONS: (NewOrganisation & { prefix: string })[] = [
  { id: 'police-demo', name: 'Grand-Ducal Police — demo', kind: 'police', prefix: 'police' },
  { id: 'hotline-demo', name: 'BEE SECURE Stopline — demo', kind: 'hotline', prefix: 'hotline' },
];
export const DEMO_ADMIN = 'operator-admin';

export type DemoCredentials = { organisation: string; login: string; password: string; role: string }[];

export const demoCredentialsFile = (dataDir: string) => path.join(dataDir, 'demo-credentials.txt');

/** Creates whatever demo organisation or account is missing; returns the credentials of those it created. */
export async function seedDemo(store: Store, keys: Keys, password = () => randomBytes(15).toString('base64url')): Promise<DemoCredentials> {
  const existing = new Set(await listOrganisationIds(store.db));
  const created: DemoCredentials = [];
  for (const { prefix, ...org } of DEMO_ORGANISATIONS) {
    if (existing.has(org.id)) continue;
    const members = (['supervisor', 'analyst'] as const).map((role) => ({ login: `${prefix}-${role}`, password: password(), role }));
    await createDemoOrganisation(store, keys, org, members, 'demo-setup');
    for (const m of members) created.push({ organisation: org.name, login: m.login, password: m.password, role: m.role });
  }
  if (!(await findAccountByLogin(store.db, DEMO_ADMIN))) {
    const secret = password();
    await createDemoAdmin(store, keys, DEMO_ADMIN, secret, 'demo-setup');
    created.push({ organisation: '(operator)', login: DEMO_ADMIN, password: secret, role: 'admin' });
  }
  return created;
}

/** Appends new demo credentials to DATA_DIR/demo-credentials.txt (0600); returns the file's path. */
export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): string {
  const file = demoCredentialsFile(dataDir);
  if (credentials.length === 0) return file;
  const lines = credentials.map((c) => `${c.login}\t${c.password}\t${c.role}\t${c.organisation}`);
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(file, 0o600);
  return file;
}
