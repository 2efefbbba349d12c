import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';

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

/** Registers the broker at `url` on the open Brokers tab and validates it; answers its card. */
export async function registerAndValidate(page: Page, url: string): Promise<Locator> {
  const form = page.locator('form.broker-form').last();
  await form.getByLabel('Broker name', { exact: true }).fill('primary');
  await form.getByLabel('Broker URL', { exact: true }).fill(url);
  await form.getByLabel('User name', { exact: true }).fill(BROKER_USER);
  await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
  await form.getByLabel('Locations served', { exact: true }).fill('eu-de');
  await form.getByRole('button', { name: 'Register a broker', exact: true }).click();
  const card = page.getByTestId('broker');
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Validate', exact: true }).click();
  await expect(card.locator('.badge-ok').filter({ hasText: 'Catalog matches' })).toBeVisible();
  return card;
}
