import { type Browser } from '@playwright/test';
import { startBroker, BROKER_PASSWORD, BROKER_USER, type RunningBroker } from './broker';
import { createProvider, DEMO, DEMO_PASSWORD, expect, uniqueName, type Provider } from './helpers';
import { clientFor, etagOf, ok, tokenOf } from './rest';
import * as rmc from '../generated/client/sdk.gen';
import type { Client } from '../generated/client/client';
import type { Plan } from '../generated/client/types.gen';

// A provider's offerings in each state the console shows, made through the REST API (shared by
// the specs that visit every page: locale.spec.ts, a11y-layout.spec.ts):
// - `draft`: a new offering, nothing filled in;
// - `inReview`: everything filled in (basics, text, announcement, icon, a paid plan `plan` with
//   two tiers in USD and EUR, IAM with a custom role, a grant and an SSO client, a validated broker
//   with a conformance report and a passed smoke test, a test account, a replayed month of usage), in review for public
//   visibility after a first round that was commented on and rejected;
// - `publicId`: the same, approved, then a change to its announcement in review.
// `publicName`, `inReviewName`: the offerings' names (`data-offering` of a catalog card).
// `requests`: the two open review requests, then the rejected first round. The test broker
// serving both stays up until the caller stops `broker`.

export type Story = { draft: string; inReview: string; publicId: string; publicName: string; inReviewName: string; plan: string; requests: string[]; broker: RunningBroker };

export const LATIN = { title: 'Lorem', text: 'Lorem ipsum dolor sit amet.' };

export function paidPlan(name: string): Plan {
  return {
    name,
    texts: { en: { display_name: 'Zeta', description: LATIN.text, limits: '', bullets: [LATIN.title] } },
    pricing: {
      kind: 'paid',
      monthly_fee: { USD: '12.50', EUR: '11.50' },
      metrics: [{
        id: 'ZETA_UNITS', unit_names: { en: 'zeta' }, unit_quantity: '1000', model: 'graduated', free_units: '0',
        tiers: [
          { up_to: '100000', prices: { USD: { unit_price: '1.25' }, EUR: { unit_price: '1.10' } } },
          { up_to: null, prices: { USD: { unit_price: '0.045' }, EUR: { unit_price: '0.04' } } },
        ],
      }],
    },
  };
}

/** A support model public visibility accepts: business hours in Berlin, four targets. */
export const ZETA_SUPPORT = {
  site_url: 'https://support.zeta.example', email: 'help@zeta.example', phone: '+49 30 1234567',
  coverage: 'business_hours' as const, days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:00', closes: '18:00',
  time_zone: 'Europe/Berlin', languages: ['en', 'de'], escalation_name: 'Zeta duty manager', escalation_email: 'escalate@zeta.example',
  targets: { critical: 30, high: 240, medium: 1440, low: 2880 },
};

export async function fill(api: Client, id: string, name: string): Promise<string> {
  let etag = etagOf(await ok(rmc.getOffering({ client: api, path: { id } })));
  etag = etagOf(await ok(rmc.putBasics({
    client: api, path: { id }, headers: { 'If-Match': etag },
    body: {
      provider_display_name: 'Zeta GmbH', category: 'databases', tags: ['zeta'], regions: ['eu-de'],
      documentation_url: 'https://docs.zeta.example', terms_url: 'https://zeta.example/terms',
      bindable: true, plan_updateable: true, instances_retrievable: false, bindings_retrievable: false,
    },
  })));
  etag = etagOf(await ok(rmc.putText({
    client: api, path: { id, lang: 'en' }, headers: { 'If-Match': etag },
    body: { display_name: `Zeta ${name.slice(-4)}`, short_description: LATIN.text, long_description: `# Zeta\n\n${LATIN.text}`, bullets: [{ title: LATIN.title, text: LATIN.text }] },
  })));
  etag = etagOf(await ok(rmc.putAnnouncement({ client: api, path: { id }, headers: { 'If-Match': etag }, body: { text: LATIN.text, date: '2026-11-01' } })));
  etag = etagOf(await ok(rmc.putSupport({ client: api, path: { id }, headers: { 'If-Match': etag }, body: ZETA_SUPPORT })));
  const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#36c"/></svg>';
  await ok(rmc.putIcon({ client: api, path: { id }, body: new Blob([icon], { type: 'image/svg+xml' }), bodySerializer: null, headers: { 'Content-Type': 'image/svg+xml' } }));
  etag = etagOf(await ok(rmc.getOffering({ client: api, path: { id } })));
  const plan = await ok(rmc.createPlan({ client: api, path: { id }, headers: { 'If-Match': etag }, body: paidPlan('zeta-lorem') }));
  etag = etagOf(plan);
  await ok(rmc.putIam({
    client: api, path: { id }, headers: { 'If-Match': etag },
    body: {
      enabled: true, issuer: 'https://iam.zeta.example', redirect_uris: ['https://zeta.example/callback'],
      custom_roles: ['Zeta'], actions: [`${name}.zeta.read`], grants: [['Zeta', `${name}.zeta.read`]],
    },
  }));
  await ok(rmc.createSsoClient({ client: api, path: { id } }));
  return plan.data.plan_id;
}

export async function makeStory(browser: Browser, who: Provider): Promise<Story> {
  await createProvider(browser, who);
  const provider = clientFor(await tokenOf(browser, who.email, who.password));
  const reviewer = clientFor(await tokenOf(browser, DEMO.reviewer, DEMO_PASSWORD));
  const me = await ok(rmc.me({ client: provider }));
  const organisation_id = me.data.memberships.find((m) => m.role === 'owner')!.organisation_id;
  const create = async (what: string) => {
    const name = uniqueName(what);
    return { id: (await ok(rmc.createOffering({ client: provider, body: { organisation_id, name } }))).data.id, name };
  };
  const draft = await create('locale-draft');
  const review = await create('locale-review');
  const pub = await create('locale-public');
  const plan = await fill(provider, review.id, review.name);
  const pubPlan = await fill(provider, pub.id, pub.name);

  // One test broker serving both offerings' services.
  const catalogs = await Promise.all([review.id, pub.id].map(async (id) => (await ok(rmc.exportBrokerCatalog({ client: provider, path: { id } }))).data));
  const catalog = { services: catalogs.flatMap((c) => c.services) };
  const broker = await startBroker(JSON.stringify(catalog), ['--username', BROKER_USER, '--password', BROKER_PASSWORD]);
  for (const [id, planId] of [[review.id, plan], [pub.id, pubPlan]]) {
    const registered = await ok(rmc.createBroker({
      client: provider, path: { id },
      body: { name: 'zeta', url: broker.url, auth_kind: 'basic', username: BROKER_USER, secret: BROKER_PASSWORD, api_version: '2.17', locations: ['eu-de'] },
    }));
    expect((await ok(rmc.validateBroker({ client: provider, path: { id, broker_id: registered.data.broker_id } }))).data.status).toBe('passed');
    // A conformance report (its checks and reasons are on the Brokers tab), then the smoke
    // test that readiness asks for.
    for (const kind of ['conformance', 'smoke'] as const) {
      const run = await ok(rmc.startRun({ client: provider, path: { id, broker_id: registered.data.broker_id }, body: { plan_id: planId, kind } }));
      let status = 'running';
      for (let i = 0; i < 120 && !['passed', 'failed'].includes(status); i++) {
        await new Promise((r) => setTimeout(r, 500));
        status = (await ok(rmc.getRun({ client: provider, path: { id, run_id: run.data.run_id } }))).data.status;
      }
      expect(status, `${kind} run`).toBe('passed');
    }
    await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'make_limited' } }));
    await ok(rmc.addTestAccount({ client: provider, path: { id }, body: { email: DEMO.editor } }));
    // Usage is replayed before the review: the Usage tab shows a rated month.
    if (id === review.id) {
      await ok(rmc.postReplayPattern({
        client: provider, path: { id },
        body: { plan_id: plan, metric: 'ZETA_UNITS', instances: 2, daily_quantity: '1500.5', year: 2026, month: 11 },
      }));
    }
    await ok(rmc.postVisibility({ client: provider, path: { id }, body: { event: 'request_public', text: LATIN.text } }));
  }

  const queue = (await ok(rmc.reviewQueue({ client: reviewer }))).data;
  const requestOf = (id: string) => queue.find((q) => q.request.offering_id === id)!.request.id;
  // In review after a first round: commented on, rejected, fixed and resubmitted.
  const first = requestOf(review.id);
  await ok(rmc.postComment({ client: reviewer, path: { request_id: first }, body: { field: 'texts.en.display_name', body: LATIN.text } }));
  await ok(rmc.decide({ client: reviewer, path: { request_id: first }, body: { decision: 'reject', comment: LATIN.text } }));
  const open = (await ok(rmc.getVisibility({ client: provider, path: { id: review.id } }))).data.open_comments;
  await ok(rmc.resolveComment({ client: provider, path: { id: review.id, comment_id: open[0].id } }));
  await ok(rmc.postVisibility({ client: provider, path: { id: review.id }, body: { event: 'request_public', text: LATIN.title } }));
  // Public, then a change to it in review.
  await ok(rmc.decide({ client: reviewer, path: { request_id: requestOf(pub.id) }, body: { decision: 'approve' } }));
  const etag = etagOf(await ok(rmc.getOffering({ client: provider, path: { id: pub.id } })));
  await ok(rmc.putAnnouncement({ client: provider, path: { id: pub.id }, headers: { 'If-Match': etag }, body: { text: LATIN.title, date: '2026-12-01' } }));
  await ok(rmc.postVisibility({ client: provider, path: { id: pub.id }, body: { event: 'submit_change', text: LATIN.title } }));

  const requests = (await ok(rmc.reviewQueue({ client: reviewer }))).data
    .filter((q) => [review.id, pub.id].includes(q.request.offering_id))
    .map((q) => q.request.id);
  expect(requests).toHaveLength(2);
  return { draft: draft.id, inReview: review.id, publicId: pub.id, publicName: pub.name, inReviewName: review.name, plan, requests: [...requests, first], broker };
}
