import { startBroker, BROKER_PASSWORD, BROKER_USER, type RunningBroker } from './broker';
import { createProvider, DEMO, DEMO_PASSWORD, expect, newProvider, test, uniqueName } from './helpers';
import { clientFor, etagOf, ok, tokenOf } from './rest';
import { ZETA_SUPPORT } from './story';
import * as rmc from '../generated/client/sdk.gen';
import type { Plan } from '../generated/client/types.gen';

// The whole provider → reviewer story through the REST API alone, driven by a client that
// @hey-api/openapi-ts generated from the OpenAPI document this server serves (api-client.ts,
// run by global-setup.ts): no request body is written by hand, each is a generated type,
// checked by `tsc -p end2end` in `./rmc test`. Against the real test broker (broker.py).

const PROVIDER = newProvider('api-story');
let broker: RunningBroker | undefined;

test.afterAll(() => broker?.stop());

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
          { up_to: '100000', prices: { USD: { unit_price: '1.20' }, EUR: { unit_price: '1.10' } } },
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
  const served = await ok(rmc.openapiJson({ client: provider }));
  expect(served.response.status).toBe(200);

  // Create, in the provider's organisation.
  const me = await ok(rmc.me({ client: provider }));
  const organisation = me.data.memberships.find((m) => m.role === 'owner')!;
  const name = uniqueName('api-story');
  const created = await ok(rmc.createOffering({ client: provider, body: { organisation_id: organisation.organisation_id, name } }));
  const id = created.data.id;
  let etag = etagOf(created);

  // Basics, texts in two languages, announcement, icon.
  etag = etagOf(await ok(rmc.putBasics({
    client: provider, path: { id }, headers: { 'If-Match': etag },
    body: {
      provider_display_name: 'API Story Co.', category: 'databases', tags: ['sql', 'story'], regions: ['eu-de'],
      documentation_url: 'https://docs.story.example', terms_url: 'https://story.example/terms',
      bindable: true, plan_updateable: true, instances_retrievable: true, bindings_retrievable: false,
    },
  })));
  for (const [lang, display_name, short_description] of [
    ['en', 'Story DB', 'A database told through its API.'],
    ['de', 'Story-DB', 'Eine Datenbank, erzählt durch ihre API.'],
  ] as const) {
    etag = etagOf(await ok(rmc.putText({
      client: provider, path: { id, lang }, headers: { 'If-Match': etag },
      body: { display_name, short_description, long_description: `# ${display_name}\n\nReliable.`, bullets: [{ title: 'Fast', text: 'Very fast.' }] },
    })));
  }
  etag = etagOf(await ok(rmc.putAnnouncement({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: { text: 'Story DB arrives.', date: '2026-11-01' } })));

  // The support model: refused with one entry per field when a rule breaks, then saved.
  const badSupport = await rmc.putSupport({
    client: provider, path: { id }, headers: { 'If-Match': etag },
    body: { ...ZETA_SUPPORT, phone: 'call us', targets: { critical: 240, high: 60, medium: 1440, low: 2880 } },
  });
  expect(badSupport.response?.status).toBe(422);
  expect(JSON.stringify(badSupport.error)).toContain('"field":"phone"');
  expect(JSON.stringify(badSupport.error)).toContain('"field":"targets.high"');
  etag = etagOf(await ok(rmc.putSupport({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: ZETA_SUPPORT })));
  const support = await ok(rmc.getSupport({ client: provider, path: { id } }));
  expect(support.data.support.targets).toEqual(ZETA_SUPPORT.targets);
  expect(support.data.missing).toEqual([]);
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/></svg>';
  await ok(rmc.putIcon({ client: provider, path: { id }, body: new Blob([icon], { type: 'image/svg+xml' }), bodySerializer: null, headers: { 'Content-Type': 'image/svg+xml' } }));
  etag = etagOf(await ok(rmc.getOffering({ client: provider, path: { id } })));

  // Two plans, tiered prices in two currencies; the plan sent back as fetched is accepted.
  const standard = await ok(rmc.createPlan({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: tieredPlan('standard') }));
  etag = etagOf(standard);
  etag = etagOf(await ok(rmc.createPlan({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: freePlan('starter') })));
  const plans = await ok(rmc.listPlans({ client: provider, path: { id } }));
  expect(plans.data.map((p) => p.name)).toEqual(['standard', 'starter']);
  const fetched = plans.data[0];
  expect(fetched.pricing.metrics?.[0].tiers[0].prices.EUR?.unit_price).toBe('1.10');
  etag = etagOf(await ok(rmc.putPlan({ client: provider, path: { id, plan_id: fetched.id! }, headers: { 'If-Match': etag }, body: fetched })));

  // The estimate: 150 000 calls = 100 × 1.20 + 50 × 0.80 USD.
  const estimate = await ok(rmc.estimate({ client: provider, path: { id, plan_id: standard.data.plan_id }, body: { usage: { API_CALLS: '150000' } } }));
  const usd = estimate.data.currencies.find((c) => c.currency === 'USD')!;
  expect(usd.total).toBe('160.00');

  // IAM: enabled, an issuer, a custom role granted an action; the SSO client (secret once).
  etag = etagOf(await ok(rmc.putIam({
    client: provider, path: { id }, headers: { 'If-Match': etag },
    body: {
      enabled: true, issuer: 'https://iam.story.example', redirect_uris: ['https://story.example/callback'],
      custom_roles: ['Auditor'], actions: [`${name}.report.read`], grants: [['Auditor', `${name}.report.read`]],
    },
  })));
  const sso = await ok(rmc.createSsoClient({ client: provider, path: { id } }));
  expect(sso.data.secret).toMatch(/^rmcs_/);
  const iam = await ok(rmc.getIam({ client: provider, path: { id } }));
  expect(JSON.stringify(iam.data)).not.toContain(sso.data.secret);
  expect(iam.data.settings.grants?.Auditor).toEqual([`${name}.report.read`]);

  // The broker: the real test broker serving the catalog the console exports; registered,
  // validated and smoke-tested.
  const exported = await ok(rmc.exportBrokerCatalog({ client: provider, path: { id } }));
  expect(exported.data.services[0].tags).toEqual(['sql', 'story']);
  expect(exported.data.services[0].plan_updateable).toBe(true);
  broker = await startBroker(JSON.stringify(exported.data), ['--username', BROKER_USER, '--password', BROKER_PASSWORD]);
  const registered = await ok(rmc.createBroker({
    client: provider, path: { id },
    body: { name: 'main', url: broker.url, auth_kind: 'basic', username: BROKER_USER, secret: BROKER_PASSWORD, api_version: '2.17', locations: ['eu-de'] },
  }));
  const broker_id = registered.data.broker_id;
  const validation = await ok(rmc.validateBroker({ client: provider, path: { id, broker_id } }));
  expect(validation.data.status).toBe('passed');
  const smoke = await ok(rmc.startRun({ client: provider, path: { id, broker_id }, body: { plan_id: standard.data.plan_id, kind: 'smoke' } }));
  let run = (await ok(rmc.getRun({ client: provider, path: { id, run_id: smoke.data.run_id } }))).data;
  for (let i = 0; i < 120 && !['passed', 'failed'].includes(run.status); i++) {
    await new Promise((r) => setTimeout(r, 500));
    run = (await ok(rmc.getRun({ client: provider, path: { id, run_id: smoke.data.run_id } }))).data;
  }
  expect(run.status).toBe('passed');
  const brokers = await ok(rmc.listBrokers({ client: provider, path: { id } }));
  expect(JSON.stringify(brokers.data)).not.toContain(BROKER_PASSWORD);

  // Limited, with a named test account who then finds it in the catalog.
  let visibility = await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'make_limited' } }));
  expect(visibility.data.lifecycle.visibility).toBe('limited');
  await ok(rmc.addTestAccount({ client: provider, path: { id }, body: { email: DEMO.editor } }));
  const seen = await ok(rmc.search({ client: tester, query: { q: 'story' } }));
  expect(seen.data.cards.map((c) => c.id)).toContain(id);

  // Request public; the reviewer comments on a field and rejects.
  visibility = await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'request_public', text: 'Ready for everyone.' } }));
  expect(visibility.data.lifecycle.pending).toBe('publish');
  const firstRequest = (await ok(rmc.reviewQueue({ client: reviewer }))).data.find((q) => q.request.offering_id === id)!;
  await ok(rmc.postComment({
    client: reviewer, path: { request_id: firstRequest.request.id },
    body: { field: 'texts.en.display_name', body: 'Say what kind of database it is.' },
  }));
  const rejected = await ok(rmc.decide({
    client: reviewer, path: { request_id: firstRequest.request.id },
    body: { decision: 'reject', comment: 'Please name the kind of database.' },
  }));
  expect(rejected.data.request.status).toBe('rejected');

  // The provider reads the comment at its field, fixes the text, resolves it and resubmits.
  visibility = await ok(rmc.getVisibility({ client: provider, path: { id } }));
  const comment = visibility.data.open_comments.find((c) => c.field === 'texts.en.display_name')!;
  expect(comment.body).toContain('kind of database');
  etag = etagOf(await ok(rmc.getOffering({ client: provider, path: { id } })));
  etag = etagOf(await ok(rmc.putText({
    client: provider, path: { id, lang: 'en' }, headers: { 'If-Match': etag },
    body: { display_name: 'Story SQL DB', short_description: 'A SQL database told through its API.', long_description: '# Story SQL DB\n\nReliable.', bullets: [{ title: 'Fast', text: 'Very fast.' }] },
  })));
  await ok(rmc.resolveComment({ client: provider, path: { id, comment_id: comment.id } }));
  await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'request_public', text: 'Named the kind.' } }));
  const second = (await ok(rmc.reviewQueue({ client: reviewer }))).data.find((q) => q.request.offering_id === id)!;
  expect(second.request.id).not.toBe(firstRequest.request.id);
  const review = await ok(rmc.getRequest({ client: reviewer, path: { request_id: second.request.id } }));
  expect(review.data.can_decide).toBe(true);
  const approved = await ok(rmc.decide({ client: reviewer, path: { request_id: second.request.id }, body: { decision: 'approve' } }));
  expect(approved.data.request.status).toBe('approved');

  // Public: anyone signed in finds it by search, and its catalog page lists both plans.
  const found = await ok(rmc.search({ client: reviewer, query: { q: 'story sql' } }));
  expect(found.data.cards.map((c) => c.name)).toContain(name);
  const page = await ok(rmc.offering({ client: reviewer, path: { id }, query: { language: 'de' } }));
  expect(page.data.card.display_name).toBe('Story-DB');
  expect(page.data.plans.map((p) => p.name)).toEqual(['standard', 'starter']);

  // A change to the public offering: a working copy with its diff, reviewed on its own.
  etag = etagOf(await ok(rmc.getOffering({ client: provider, path: { id } })));
  etag = etagOf(await ok(rmc.putAnnouncement({ client: provider, path: { id }, headers: { 'If-Match': etag }, body: { text: 'Now in eu-de.', date: '2026-12-01' } })));
  visibility = await ok(rmc.getVisibility({ client: provider, path: { id } }));
  expect(visibility.data.working_changes?.map((c) => c.field)).toContain('announcement.text');
  await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'submit_change', text: 'An announcement.' } }));
  const change = (await ok(rmc.reviewQueue({ client: reviewer }))).data.find((q) => q.request.offering_id === id)!;
  const changeView = await ok(rmc.getRequest({ client: reviewer, path: { request_id: change.request.id } }));
  expect(changeView.data.changes.map((c) => c.field)).toContain('announcement.text');
  await ok(rmc.decide({ client: reviewer, path: { request_id: change.request.id }, body: { decision: 'approve' } }));
  const live = await ok(rmc.offering({ client: reviewer, path: { id }, query: { language: 'en' } }));
  expect(live.data.card.display_name).toBe('Story SQL DB');
  const after = await ok(rmc.getVisibility({ client: provider, path: { id } }));
  expect(after.data.lifecycle.visibility).toBe('public');
  expect(after.data.working_changes ?? []).toEqual([]);
});
