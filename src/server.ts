// The process: configuration, listening, and a graceful stop that lets queued reports commit
// before the database closes.
import { ConfigError, loadConfig } from './config.ts';
import { ContentError } from './i18n/messages.ts';
import { SecretMismatch, startHaven } from './haven.ts';

async function main() {
  const config = loadConfig();
  const haven = await startHaven(config);
  const { app } = haven;
  // Slow or stalled clients must not hold connections (and memory) forever.
  app.server.requestTimeout = 30_000;
  app.server.headersTimeout = 15_000;
  app.server.keepAliveTimeout = 5_000;

  await app.listen({ port: config.port, host: config.host });
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`Haven is running at ${where} (data in ${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`);
  if (haven.demoCredentials.length) {
    console.log('\nDemo analysts (shown once; the passwords are not stored anywhere):');
    for (const c of haven.demoCredentials) console.log(`  ${c.organisation}: login ${c.login}  password ${c.password}`);
    console.log('The back office that uses them comes in a later version.\n');
  }

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
  if (error instanceof ConfigError || error instanceof ContentError || error instanceof SecretMismatch) {
    console.error(`Haven cannot start: ${error.message}`);
  } else {
    console.error('Haven cannot start:', error);
  }
  process.exit(1);
});
