// Starts what the browser tests talk to:
//   1. a local OpenID Connect provider (oidc/provider.mjs), and
//   2. the real rmc-server, on a fresh SQLite database with the demo seed,
// each on a free loopback port. Sets RMC_BASE_URL for the tests and leaves a
// small state file that global-teardown.ts reads to stop both and clean up.
//
// Env it reads:
//   RMC_SERVER_BIN  server binary (default <repo>/target/debug/rmc-server)
//   RMC_SITE_ROOT   built site (default <repo>/target/site)
//   RMC_E2E_KEEP=1  keep the temp dir (database, logs) after the run

import { generateClient } from './api-client';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';

export type E2EState = {
  tmpDir: string;
  pids: { oidc?: number; server?: number };
  baseURL: string;
  oidcIssuer: string;
  logs: { server: string; oidc: string };
};

/** Where setup leaves its state for teardown (one file per runner process). */
export function stateFile(): string {
  return path.join(os.tmpdir(), `rmc-e2e-state-${process.pid}.json`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (addr === null || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not read the port of a loopback socket'));
        return;
      }
      const { port } = addr;
      srv.close(() => resolve(port));
    });
  });
}

async function twoFreePorts(): Promise<[number, number]> {
  const a = await freePort();
  let b = await freePort();
  while (b === a) b = await freePort();
  return [a, b];
}

function tail(file: string, lines = 60): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch (err) {
    return `(cannot read ${file}: ${(err as Error).message})`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `url` until it answers 200. Fails early if `child` exits, and after
 * `timeoutMs` otherwise; `what` and `log` make the error readable.
 */
async function waitFor200(url: string, child: ChildProcess, what: string, log: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let exited: string | null = null;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exited = `exited with ${signal ? `signal ${signal}` : `code ${code}`}`;
  };
  child.once('exit', onExit);
  try {
    while (Date.now() < deadline) {
      if (exited) break;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(250);
    }
  } finally {
    child.off('exit', onExit);
  }
  const why = exited ?? `not ready after ${Math.round(timeoutMs / 1000)} s (last: ${last})`;
  throw new Error(`${what} ${why} while waiting for ${url}.\n--- last lines of ${log} ---\n${tail(log)}\n---`);
}

function stop(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

export default async function globalSetup(config: FullConfig) {
  const e2eDir = path.dirname(config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
  const repoDir = path.resolve(e2eDir, '..');

  const serverBin = path.resolve(e2eDir, process.env.RMC_SERVER_BIN ?? path.join('..', 'target', 'debug', 'rmc-server'));
  const siteRoot = process.env.RMC_SITE_ROOT ? path.resolve(e2eDir, process.env.RMC_SITE_ROOT) : path.join(repoDir, 'target', 'site');
  if (!fs.existsSync(serverBin)) {
    throw new Error(
      `rmc-server binary not found at ${serverBin}.\n` +
        `Build it first (e.g. \`cargo leptos build\` in ${repoDir}) or point RMC_SERVER_BIN at it.`,
    );
  }
  if (!fs.existsSync(siteRoot)) {
    console.warn(`[e2e] warning: site root ${siteRoot} does not exist; pages will lack CSS and WASM.`);
  }

  const [oidcPort, rmcPort] = await twoFreePorts();
  const baseURL = `http://127.0.0.1:${rmcPort}`;
  const oidcIssuer = `http://127.0.0.1:${oidcPort}`;

  const tmpDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rmc-e2e-'));
  const oidcLog = path.join(tmpDir, 'oidc.log');
  const serverLog = path.join(tmpDir, 'server.log');

  const state: E2EState = {
    tmpDir,
    pids: {},
    baseURL,
    oidcIssuer,
    logs: { server: serverLog, oidc: oidcLog },
  };
  const save = () => fs.writeFileSync(stateFile(), JSON.stringify(state, null, 2));
  save();

  try {
    // 1. The OpenID Connect provider.
    const oidcOut = fs.openSync(oidcLog, 'a');
    const oidc = spawn(process.execPath, [path.join(e2eDir, 'oidc', 'provider.mjs'), String(oidcPort)], {
      cwd: e2eDir,
      env: { ...process.env, RMC_OIDC_REDIRECT_URI: `${baseURL}/auth/oidc/callback` },
      stdio: ['ignore', oidcOut, oidcOut],
    });
    fs.closeSync(oidcOut);
    oidc.unref();
    state.pids.oidc = oidc.pid;
    save();
    await waitFor200(`${oidcIssuer}/.well-known/openid-configuration`, oidc, 'The OIDC provider', oidcLog, 20_000);

    // 2. The RMC server.
    const serverOut = fs.openSync(serverLog, 'a');
    const server = spawn(serverBin, [], {
      cwd: repoDir,
      env: {
        ...process.env,
        RMC_ADDR: `127.0.0.1:${rmcPort}`,
        RMC_DATABASE_URL: `sqlite://${path.join(tmpDir, 'e2e.db')}`,
        RMC_SITE_ROOT: siteRoot,
        RMC_DEV_MODE: 'true',
        RMC_SEED_DEMO: 'true',
        RMC_OIDC_ISSUER: oidcIssuer,
        RMC_OIDC_CLIENT_ID: 'rmc-e2e',
        RMC_OIDC_CLIENT_SECRET: 'rmc-e2e-secret',
        RMC_PUBLIC_URL: baseURL,
      },
      stdio: ['ignore', serverOut, serverOut],
    });
    fs.closeSync(serverOut);
    server.unref();
    state.pids.server = server.pid;
    save();
    await waitFor200(`${baseURL}/readyz`, server, 'rmc-server', serverLog, 60_000);

    // 3. The REST client of the API story, generated from the document the server serves.
    await generateClient(baseURL, e2eDir);
  } catch (err) {
    // The error already carries the tail of the log that explains it.
    stop(state.pids.server);
    stop(state.pids.oidc);
    if (process.env.RMC_E2E_KEEP === '1') {
      console.error(`[e2e] setup failed; database and logs kept in ${tmpDir}`);
    } else {
      await sleep(300); // let the processes let go of their files
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
    fs.rmSync(stateFile(), { force: true });
    throw err;
  }

  // Playwright passes env changes made here on to the worker processes.
  process.env.RMC_BASE_URL = baseURL;
  process.env.RMC_OIDC_ISSUER = oidcIssuer;
  console.log(`[e2e] rmc-server at ${baseURL}, OIDC provider at ${oidcIssuer}, temp dir ${tmpDir}`);
}
