import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

// The real Open Service Broker of end2end/broker/broker.py (openbrokerapi) on loopback, for the
// specs that register, validate and smoke-test a broker. `./rmc test` creates ./.venv for it.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

export const BROKER_USER = 'broker';
export const BROKER_PASSWORD = 'e2e-broker-password';

export type RunningBroker = { url: string; stop: () => void };

/** Starts broker.py on a free loopback port serving `catalog` (JSON text); resolves when it listens. */
export async function startBroker(catalog: string, args: string[] = []): Promise<RunningBroker> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rmc-e2e-broker-'));
  const file = path.join(tmp, 'catalog.json');
  fs.writeFileSync(file, catalog);
  const child: ChildProcess = spawn(
    PYTHON,
    [path.join(ROOT, 'end2end/broker/broker.py'), '--port', '0', '--catalog', file,
      '--username', BROKER_USER, '--password', BROKER_PASSWORD, ...args],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const stop = () => {
    child.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const lines = readline.createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /^listening on (http:\/\/\S+)$/.exec(line.trim());
    if (m) return { url: m[1], stop };
  }
  stop();
  throw new Error('broker.py did not start');
}
