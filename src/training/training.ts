// The training section (office/section.ts): the public page and its request form, the editors'
// pages, and the sweeper that deletes companies' requests after TRAINING_REQUEST_DAYS (checked
// every hour, at start, and whenever a request comes in).
import type { Config } from '../config.ts';
import type { ContentWatch } from '../content/content-watch.ts';
import type { ServerKeys } from '../crypto/secrets.ts';
import type { Store } from '../db/database.ts';
import { createSweeper } from '../db/sweeper.ts';
import type { Section } from '../office/section.ts';
import { trainingRoutes } from './training.routes.tsx';
import { loadPublicTraining, storeRequest } from './training.service.ts';
import { trainingOfficeRoutes } from './training-office.routes.tsx';
import { createTrainingOffice } from './training-office.service.ts';

export type TrainingDeps = {
  store: Store;
  keys: Pick<ServerKeys, 'training' | 'audit'>;
  watch: ContentWatch;
  config: Pick<Config, 'trainingRequestDays'>;
  /** The clock (epoch ms): the system's unless a test sets it. */
  now?: () => number;
};

export async function createTraining({ store, keys, watch, config, now = Date.now }: TrainingDeps): Promise<Section> {
  // Sessions and details as published, kept in memory: the public page costs no query.
  const kept = await watch.keep((s) => loadPublicTraining(s, now()));
  const office = createTrainingOffice({ store, keys, watch, requestDays: config.trainingRequestDays, now });
  const sweeper = createSweeper((at) => office.purge(at), { everyMs: 60 * 60_000, now });
  sweeper.due();
  return {
    publicRoutes: (scope, { site, limit }) =>
      trainingRoutes(scope, {
        site,
        limit,
        kept,
        now,
        keptDays: config.trainingRequestDays,
        async submit(request) {
          await storeRequest(store, keys, request, now());
          sweeper.due();
        },
      }),
    officeRoutes: (scope, web) => trainingOfficeRoutes(scope, { web, office, now }),
    stop: () => sweeper.stop(),
  };
}
