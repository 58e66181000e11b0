// Runs the real server (`node --import tsx src/server.ts`) as a child process, as an operator
// would, with its output captured so tests can read what it printed and logged.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

type Hooks = { after(fn: () => unknown): void };

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the server process; does not wait for it to be ready (see `waitUntilReady`). */
export function spawnServer(t: Hooks, env: Record<string, string>): ServerProcess & { port: number | undefined } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: REPO_ROOT,
    // Only what a deployment would set: no test runner variables leak into the server.
    // Tests send many reports from one address; the intake limit's own tests set it low.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', INTAKE_REPORTS_PER_CLIENT: '1000000', INTAKE_REPORTS_WITHOUT_PROOF: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const port = env.PORT ? Number(env.PORT) : undefined;
  return {
    url: `http://127.0.0.1:${port ?? 3000}`,
    port,
    child,
    output: () => output,
    exited,
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

/** Polls GET /healthz until it answers 200; fails with the server's output if it exits first. */
export async function waitUntilReady(server: ServerProcess, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server exited before it was ready:\n${server.output()}`);
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server was not ready within ${limitMs} ms:\n${server.output()}`);
}

/** A server on a free port, ready to answer. */
export async function startServer(t: Hooks, env: Record<string, string>): Promise<ServerProcess> {
  const server = spawnServer(t, { HOST: '127.0.0.1', PORT: String(await freePort()), ...env });
  await waitUntilReady(server);
  return server;
}
