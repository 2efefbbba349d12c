// Stops the rmc-server and the OIDC provider that global-setup.ts started,
// copies their logs into test-results/ (handy when a test failed), and
// removes the temp dir (unless RMC_E2E_KEEP=1).

import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { stateFile, type E2EState } from './global-setup';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function terminate(pid: number | undefined, name: string) {
  if (!pid || !alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && alive(pid)) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) {
    console.warn(`[e2e] ${name} (pid ${pid}) ignored SIGTERM; sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export default async function globalTeardown(config: FullConfig) {
  const file = stateFile();
  if (!fs.existsSync(file)) return;
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as E2EState;

  await terminate(state.pids.server, 'rmc-server');
  await terminate(state.pids.oidc, 'OIDC provider');

  const outDir = config.projects[0]?.outputDir;
  if (outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const log of [state.logs.server, state.logs.oidc]) {
      if (fs.existsSync(log)) fs.copyFileSync(log, path.join(outDir, path.basename(log)));
    }
  }

  if (process.env.RMC_E2E_KEEP === '1') {
    console.log(`[e2e] kept ${state.tmpDir}`);
  } else {
    fs.rmSync(state.tmpDir, { recursive: true, force: true });
  }
  fs.rmSync(file, { force: true });
}
