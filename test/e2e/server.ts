/**
 * Runs the real product for browser tests: `node bin/doudi serve --demo-if-empty` on a free port with
 * a fresh embedded database in a temporary directory, ready once `GET /readyz` answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type RunningServer = {
  baseUrl: string;
  dataDir: string;
  /** The server's recent stdout and stderr, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
};

export type StartOptions = {
  /** Extra environment for the server (e.g. DOUDI_LOGIN_MAX_FAILURES). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
};

const OUTPUT_LIMIT = 200;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `doudi serve exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`doudi serve was not ready after ${timeoutMs} ms:\n${output()}`);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(join(REPO_ROOT, 'web/dist/index.html'))) {
    throw new Error(
      'web/dist is missing: run `npm run build:web` (or `npm run test:e2e`, which builds it) first',
    );
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'doudi-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DOUDI_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...options.env,
  };
  // Always the embedded database in the fresh directory, whatever the calling shell points at.
  delete env.DATABASE_URL;

  const lines: string[] = [];
  const output = () => lines.join('');
  const child = spawn(process.execPath, ['bin/doudi', 'serve', '--demo-if-empty'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > OUTPUT_LIMIT) lines.splice(0, lines.length - OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited(child);
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(baseUrl, child, options.readyTimeoutMs ?? 240_000, output);
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, dataDir, output, stop };
}
