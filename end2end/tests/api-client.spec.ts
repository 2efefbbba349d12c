import { type Browser } from '@playwright/test';
import { startBroker, BROKER_PASSWORD, BROKER_USER, type RunningBroker } from './broker';
import { baseURL, createProvider, DEMO, DEMO_PASSWORD, expect, newContext, newProvider, settle, signIn, test, uniqueName } from './helpers';
import { createClient, createConfig, type Client } from '../generated/client/client';
import * as rmc from '../generated/client/sdk.gen';
import type { Plan } from '../generated/client/types.gen';

// The whole provider → reviewer story through the REST API alone, driven by a client that
// @hey-api/openapi-ts generated from the OpenAPI document this server serves (api-client.ts,
// run by global-setup.ts): no request body is written by hand, each is a generated type,
// checked by `tsc -p end2end` in `./rmc test`. Against the real test broker (broker.py).

const PROVIDER = newProvider('api-story');
let broker: RunningBroker | undefined;

test.afterAll(() => broker?.stop());

/** An API token of `email`, made as a person makes one: on the tokens page. */
async function tokenOf(browser: Browser, email: string, password: string): Promise<string> {
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

function clientFor(token: string): Client {
  return createClient(createConfig({ baseUrl: baseURL(), auth: token, throwOnError: true }));
}

/** The `ETag` of an answer: the version the next write names in `If-Match`. */
function etagOf(answer: { response: Response }): string {
  const etag = answer.response.headers.get('etag');
  expect(etag).toBeTruthy();
  return etag!;
}

function tieredPlan(name: string): Plan {
  return {
    name,
    texts: {
      en: { display_name: 'Standard', description: 'Pay per call, cheaper in bulk.', limits: '', bullets: ['Fast'] },
      de: { display_name: 'Standard', description: 'Pro Aufruf, in Mengen günstiger.', limits: '', bullets: ['Schnell'] },
    },
    pricing: {
      kind: 'paid',
      monthly_fee: {},
      metrics: [{
        id: 'API_CALLS',
        unit_names: { en: 'thousand calls', de: 'tausend Aufrufe' },
        unit_quantity: '1000',
        model: 'graduated',
        free_units: '0',
        tiers: [
          { up_to: '100', prices: { USD: { unit_price: '1.20' }, EUR: { unit_price: '1.10' } } },
          { up_to: null, prices: { USD: { unit_price: '0.80' }, EUR: { unit_price: '0.75' } } },
        ],
      }],
    },
  };
}

function freePlan(name: string): Plan {
  return {
    name,
    texts: { en: { display_name: 'Starter', description: 'Try it for free.', limits: '1 000 calls a day', bullets: [] } },
    pricing: { kind: 'lite', monthly_fee: {}, metrics: [] },
  };
}

test('a provider and a reviewer do the whole journey through a generated REST client', async ({ browser }) => {
  test.setTimeout(240_000);
  await createProvider(browser, PROVIDER);
  const provider = clientFor(await tokenOf(browser, PROVIDER.email, PROVIDER.password));
  const reviewer = clientFor(await tokenOf(browser, DEMO.reviewer, DEMO_PASSWORD));
  const tester = clientFor(await tokenOf(browser, DEMO.editor, DEMO_PASSWORD));

  // The client was generated from exactly the document this server serves.
  const served = await rmc.openapiJson({ client: provider });
  expect(served.response.status).toBe(200);

  // Create, in the provider's organisation.
  const me = await rmc.me({ client: provider });
  const organisation = me.data.memberships.find((m) => m.role === 'owner')!;
  const name = uniqueName('api-story');
  const created = await rmc.createOffering({ client: provider, body: { organisation_id: organisation.organisation_id, name } });
  const id = created.data.id;
  let etag = etagOf(created);

  // Basics, texts in two languages, announcement, icon.
  etag = etagOf(await rmc.putBasics({
    client: provider, path: { id }, headers: { 'If-Match': etag },
    body: {
      provider_display_name: 'API Story Co.', category: 'databases', tags: ['sql', 'story'], regions: ['eu-de'],
      documentation_url: 'https://docs.story.example', terms_url: 'https://story.example/terms', support: 'help@story.example',
      bindable: true, plan_updateable: true, instances_retrievable: true, bindings_retrievable: false,
    },
  }));
  for (const [lang, display_name, short_description] of [
    ['en', 'Story DB', 'A database told through its API.'],
    ['de', 'Story-DB', 'Eine Datenbank, erzählt durch ihre API.'],
  ] as const) {
    etag = etagOf(await rmc.putText({
      client: provider, path: { id, lang }, headers: { 'If-Match': etag },
      body: { display_name, short_description, long_description: `# ${display_name}\n\nReliable.`, bullets: [{ title: 'Fast', text: 'Very fast.' }] },
    }));
  }
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/></svg>';
  await rmc.putIcon({ client: provider, path: { id }, body: new Blob([icon], { type: 'image/svg+xml' }) as never, headers: { 'Content-Type': 'image/svg+xml' } });
  etag = etagOf(await rmc.getOffering({ client: provider, path: { id } }));

  // Two plans, tiered prices in two currencies; the plan sent back as fetched is accepted.
  const standard = await rmc.createPlan({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: tieredPlan('standard') });
  etag = etagOf(standard);
  etag = etagOf(await rmc.createPlan({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: freePlan('starter') }));
  const plans = await rmc.listPlans({ client: provider, path: { id } });
  expect(plans.data.map((p) => p.name)).toEqual(['standard', 'starter']);
  const fetched = plans.data[0];
  expect(fetched.pricing.metrics?.[0].tiers[0].prices.EUR?.unit_price).toBe('1.10');
  etag = etagOf(await rmc.putPlan({ client: provider, path: { id, plan_id: fetched.id! }, headers: { 'If-Match': etag }, body: fetched }));

  // The estimate: 150 000 calls = 100 × 1.20 + 50 × 0.80 USD.
  const estimate = await rmc.estimate({ client: provider, path: { id, plan_id: standard.data.plan_id }, body: { usage: { API_CALLS: '150000' } } });
  const usd = estimate.data.currencies.find((c) => c.currency === 'USD')!;
  expect(usd.total).toBe('160.00');

  // IAM: enabled, an issuer, a custom role granted an action; the SSO client (secret once).
  etag = etagOf(await rmc.putIam({
    client: provider, path: { id }, headers: { 'If-Match': etag },
    body: {
      enabled: true, issuer: 'https://iam.story.example', redirect_uris: ['https://story.example/callback'],
      custom_roles: ['Auditor'], actions: [`${name}.report.read`], grants: [['Auditor', `${name}.report.read`]],
    },
  }));
  const sso = await rmc.createSsoClient({ client: provider, path: { id } });
  expect(sso.data.secret).toMatch(/^rmcs_/);
  const iam = await rmc.getIam({ client: provider, path: { id } });
  expect(JSON.stringify(iam.data)).not.toContain(sso.data.secret);
  expect(iam.data.settings.grants?.Auditor).toEqual([`${name}.report.read`]);

  // STORY_CONTINUES
});
