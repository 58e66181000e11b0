// Where rate limits count: in Redis when REDIS_URL is set, else in the database; never only in
// this process's memory, so that several instances behind one load balancer count a visitor once.
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Store } from '../db/database.ts';
import { type Count, counterStore, createCounters, windowEnd } from './counters.ts';

/** Counters for code that decides itself what to count (sign-in failures), in the same place. */
export type Tally = {
  /** Counts one on `key` in a clock-aligned window of `windowMs`; the count so far. */
  hit(key: string, windowMs: number): Promise<Count>;
  /** The count on `key` in its running window (0 when none). */
  peek(key: string): Promise<number>;
};

export type LimitStore = {
  /** Spread into @fastify/rate-limit's options. */
  options: Pick<RateLimitPluginOptions, 'store' | 'redis' | 'nameSpace'>;
  tally: Tally;
  /** Settles queued hits, or closes the Redis connection; call once the server has stopped. */
  close(): Promise<void>;
};

/** REDIS_URL is set and nothing answers there: Haven does not start. */
export class RedisUnavailable extends Error {
  override name = 'RedisUnavailable';
}

/** Bounds on every Redis exchange: an outage answers the visitor with an error, never a wait. */
const REDIS_TIMEOUT_MS = 2000;

export async function limitStore(store: Store, redisUrl: string | undefined): Promise<LimitStore> {
  if (!redisUrl) {
    const counters = createCounters(store);
    const tally: Tally = {
      hit: (key, windowMs) => counters.hit(`tally:${key}`, windowMs),
      async peek(key) {
        const row = await store.db
          .selectFrom('limit_counters')
          .select('hits')
          .where('key', '=', `tally:${key}`)
          .where('resets_at', '>', Date.now())
          .executeTakeFirst();
        return Number(row?.hits ?? 0);
      },
    };
    return { options: { store: counterStore(counters) }, tally, close: () => counters.close() };
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: REDIS_TIMEOUT_MS,
    // A Redis that accepts a command and then stalls fails it after this long.
    commandTimeout: REDIS_TIMEOUT_MS,
    // While disconnected, a hit fails at once instead of queueing until Redis returns; a hit
    // in flight when the connection drops fails too, rather than being sent again (and counted
    // twice). Reconnecting goes on in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  // Errors are kept for the start-up message (ioredis reports every reconnection attempt); a lost
  // connection is told once, when it goes.
  let up = false;
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  redis.on('ready', () => (up = true));
  redis.on('close', () => {
    if (up) process.emitWarning('Redis (REDIS_URL) connection lost: rate-limited requests fail until it is back');
    up = false;
  });
  try {
    // Like the database, Redis must answer at start-up: a wrong REDIS_URL stops Haven here
    // rather than failing every look-up later.
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new RedisUnavailable(`Redis at REDIS_URL does not answer: ${(lastError ?? (error as Error)).message}`);
  }
  const tally: Tally = {
    async hit(key, windowMs) {
      const name = `haven:tally:${key}`;
      const at = Date.now();
      const ttl = windowEnd(at, windowMs) - at;
      const replies = await redis.multi().set(name, 0, 'PX', ttl, 'NX').incr(name).pttl(name).exec();
      return { current: Number(replies?.[1]?.[1] ?? 0), ttl: Number(replies?.[2]?.[1] ?? ttl) };
    },
    async peek(key) {
      return Number((await redis.get(`haven:tally:${key}`)) ?? 0);
    },
  };
  return {
    tally,
    options: { redis, nameSpace: 'haven:limit:' },
    async close() {
      up = false; // a closing, not an outage
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * A limiter's pre-handler, as `app.rateLimit` returns it. `skipOnError`: when the counters cannot
 * be reached, let the request through rather than refuse it (intake: a report is not turned away
 * because a counter is down; the bound on reports in progress still holds).
 */
export type ClientLimit = (name: string, max: number, windowMs: number, options?: { skipOnError?: boolean }) => ReturnType<FastifyInstance['rateLimit']>;

/**
 * Limiters counted per client, each under its own name. The name goes into the key because
 * @fastify/rate-limit gives every `app.rateLimit()` limiter the same key prefix in Redis: two
 * limiters (status look-ups, intake) would otherwise share one counter per visitor.
 */
export function clientLimits(app: FastifyInstance, clientKey: (address: string) => string): ClientLimit {
  return (name, max, windowMs, options = {}) =>
    app.rateLimit({ max, timeWindow: windowMs, keyGenerator: (request) => `${name}:${clientKey(request.ip)}`, ...options });
}
