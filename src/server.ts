// The process: configuration, listening, and a graceful stop that lets queued reports commit
// before the database closes.
import fs from 'node:fs';
import { demoCredentialsFile, writeDemoCredentials } from './accounts/demo.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { ContentError } from './content/content.loader.ts';
import { secureDataDir } from './db/data-dir.ts';
import { NotDurable } from './db/database.ts';
import { SecretMismatch, startHaven } from './haven.ts';
import { CatalogueError } from './i18n/messages.ts';
import { RedisUnavailable } from './limits/limits.ts';

/** DATA_DIR exists and Haven can write there (the SQLite database, the server secret). */
function prepareDataDir(dir: string) {
  try {
    secureDataDir(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new ConfigError(`invalid DATA_DIR: ${dir} cannot be used as a writable directory (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

/** Listening failures are the operator's HOST or PORT, named as such. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new ConfigError(`invalid PORT: ${port} is already in use on ${host}`);
  if (error.code === 'EACCES') return new ConfigError(`invalid PORT: ${port} needs privileges this process does not have`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ConfigError(`invalid HOST: ${host} is not an address of this machine (${error.code})`);
  }
  return error;
}

/** Where the demo accounts' passwords are, and how to sign in with them. */
function demoNotice(config: Config, created: boolean): string {
  const file = demoCredentialsFile(config.dataDir);
  const where = created
    ? `Demo mode: demo accounts created; their logins and passwords are in ${file} (readable by this user only).`
    : fs.existsSync(file)
      ? `Demo mode: the demo accounts' logins and passwords are in ${file}.`
      : `Demo mode: the demo accounts were created earlier; their passwords were written to ${file}, which is no longer there.`;
  return [
    '',
    where,
    `Sign in to the back office at ${config.publicUrl}/office/ with a login and password from that file;`,
    'at the first sign-in, enrol an authenticator app (TOTP) as the second factor.',
    'Set HAVEN_DEMO=false for a real service.',
    '',
  ].join('\n');
}

async function main() {
  // Everything Haven creates (database, WAL, secret) is readable by its own user only, even in
  // a DATA_DIR that already existed with wider permissions.
  process.umask(0o077);
  const config = loadConfig();
  prepareDataDir(config.dataDir);
  const haven = await startHaven(config);
  const { app } = haven;
  // Passwords go to a file only Haven's user reads, never to the console: a service's output ends
  // up in journals and log collectors that keep it for months.
  if (haven.demoCredentials.length) {
    try {
      writeDemoCredentials(config.dataDir, haven.demoCredentials);
    } catch (error) {
      await haven.close();
      throw error;
    }
  }
  // Slow or stalled clients must not hold connections (and memory) forever.
  app.server.requestTimeout = 30_000;
  app.server.headersTimeout = 15_000;
  app.server.keepAliveTimeout = 5_000;

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await haven.close();
    throw listenError(error as NodeJS.ErrnoException, config.host, config.port);
  }
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`Haven is running at ${where} (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);
  if (config.demo) console.log(demoNotice(config, haven.demoCredentials.length > 0));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await haven.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof ContentError ||
    error instanceof CatalogueError ||
    error instanceof SecretMismatch ||
    error instanceof RedisUnavailable ||
    error instanceof NotDurable
  ) {
    console.error(`Haven cannot start: ${error.message}`);
  } else {
    console.error('Haven cannot start:', error);
  }
  process.exit(1);
});
