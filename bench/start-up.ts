// How long Haven takes to start on an empty SQLite data directory (migrations, demo set-up, the
// content files' import, the sections' seeds), and what a public page served from memory costs
// through the app (no network). Prints figures; asserts nothing.
//   node --import tsx bench/start-up.ts [checkout]   (another checkout, e.g. a worktree of an
//   earlier commit, is measured with its own code, for a comparison in the same conditions)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname ?? '.', '..'));
const { loadConfig } = await import(path.join(root, 'src/config.ts'));
const { startHaven } = await import(path.join(root, 'src/haven.ts'));
const RUNS = 3;
const REQUESTS = 300;

const starts: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-start-'));
  const began = performance.now();
  const haven = await startHaven(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEAL_WORKERS: '1' }));
  starts.push(performance.now() - began);
  if (run === RUNS - 1) {
    for (const url of ['/en/', '/en/help', '/fr/about']) {
      await haven.app.inject({ url });
      const t0 = performance.now();
      for (let i = 0; i < REQUESTS; i++) await haven.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      console.log(`${url}: ${((performance.now() - t0) / REQUESTS).toFixed(2)} ms per request (${REQUESTS}, brotli, from memory)`);
    }
  }
  await haven.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`start-up on an empty SQLite directory: ${starts.map((ms) => `${Math.round(ms)} ms`).join(', ')} (${root})`);
