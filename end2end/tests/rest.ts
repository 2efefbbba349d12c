import { type Browser } from '@playwright/test';
import { baseURL, expect, newContext, settle, signIn } from './helpers';
import { createClient, createConfig, type Client } from '../generated/client/client';

// The REST side of the browser tests: a token made on the tokens page, a client generated
// from the served OpenAPI document (api-client.ts), and checks on its answers.

/** An API token of `email`, made as a person makes one: on the tokens page. */
export async function tokenOf(browser: Browser, email: string, password: string): Promise<string> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, email, password);
  await page.goto('/account/tokens');
  await settle(page);
  await page.getByLabel('Token name', { exact: true }).fill('api story');
  await page.getByLabel('Scope', { exact: true }).selectOption('write');
  await page.getByLabel('Expires after', { exact: true }).selectOption('30');
  await page.getByRole('button', { name: 'Create token', exact: true }).click();
  const token = await page.getByLabel('api story', { exact: true }).inputValue();
  expect(token).toMatch(/^rmc_/);
  await context.close();
  return token;
}

export function clientFor(token: string): Client {
  return createClient(createConfig({ baseUrl: baseURL(), auth: token }));
}

/** A call's answer, which must be a success (else the test fails with the API's error). */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response?: Response }>): Promise<{ data: T; response: Response }> {
  const answer = await call;
  expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
  expect(answer.response).toBeDefined();
  return { data: answer.data as T, response: answer.response! };
}

/** The `ETag` of an answer: the version the next write names in `If-Match`. */
export function etagOf(answer: { response: Response }): string {
  const etag = answer.response.headers.get('etag');
  expect(etag).toBeTruthy();
  return etag!;
}
