// Runs the operators' command line (`node bin/haven.mjs …`) as an operator would, with only the
// environment a deployment would give it, and collects what it printed and its exit code.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../support/server-process.ts';

export type CliResult = { code: number | null; stdout: string; stderr: string };

export function runHaven(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ['bin/haven.mjs', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment that points the CLI at a test Haven's data (and its PostgreSQL database). */
export function cliEnv(dataDir: string, databaseUrl: string | undefined): Record<string, string> {
  return { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
}
