import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { BROKER_PASSWORD, BROKER_USER, startBroker, type RunningBroker } from './broker';
import { baseURL, createOffering, DEMO, expect, languageMenu, newContext, openMenu, settle, signIn, test, uniqueName, UUID } from './helpers';
import { all, EMAIL_PAYLOADS, fit, HTML_EMAIL_PAYLOADS, payload, PAYLOADS, TEXTS, URL_PAYLOADS, WORD_PAYLOADS } from './xss-payloads';
import { fillSupport } from './support';
import { ZETA_SUPPORT } from './story';

// Stored XSS (issue 13). The payloads of xss-payloads.ts are saved into every free-text field
// the console has — offering (basics, catalog text per language, bullets, announcement),
// plans (names, descriptions, limits, bullets, unit names), IAM (issuer and redirect URIs;
// role and action names are refused), brokers (name, user name, URL, locations, and what a
// broker's catalog says back), review (request notes, field and discussion comments, the
// rejection), test accounts, API token names, organisation and people — through three paths:
// the console's forms, the REST API with a token, and import (the dashboard's form and the API).
// Then every page that shows them is opened as the provider's owner, editor and viewer (the
// viewer in German), the reviewer and the admin: no dialog, no `window.__xss`, no element made
// from a payload (`data-xss`), no inline handler, no `javascript:` link, no CSP violation (the
// page-error fixture in helpers.ts), and the text is shown exactly as typed.
//
// The tests share what they create through a small state file (the server and its database
// live for the whole run), so a sweep still runs when an earlier test failed half-way.

// ---------------------------------------------------------------------------------------------
// What was saved (the state file)
// ---------------------------------------------------------------------------------------------

type Key = 'ui' | 'api' | 'import';
type Person = { email: string; password: string; name: string };
type TextSet = { display_name: string; short_description: string; long_description: string; bullets: { title: string; text: string }[] };
type PlanData = { id: string; name: string; kind: 'lite' | 'paid'; display_name: string; description: string; limits: string; bullets: string[]; unit: string };
type BrokerData = { name: string; username: string; url: string; locations: string[]; findings: string[] };
type RequestData = { id: string; status: 'pending' | 'rejected' | 'approved'; note: string; comments: string[]; change: boolean };
type OfferingData = {
  key: Key;
  id: string;
  name: string;
  done: boolean;
  basics: { provider_display_name: string; documentation_url: string; terms_url: string; support: string };
  texts: Record<string, TextSet>;
  announcement: string;
  /** The announcement of the approved version, when the working copy has another. */
  liveAnnouncement?: string;
  plans: PlanData[];
  iam: { issuer: string; redirect: string };
  brokers: BrokerData[];
  testAccounts: string[];
  requests: RequestData[];
  /** Who sees it in the catalog: nobody (draft), the organisation and test accounts, everyone. */
  catalog: 'none' | 'members' | 'public';
  /** Texts the provider's editors were notified of, and the reviewers. */
  notified: { provider: string[]; reviewer: string[] };
  /** Field comments and rejection, kept for the pages that show them. */
  fieldComment: string;
  rejection: string;
};
type State = {
  stamp: string;
  org: string;
  people: Record<'owner' | 'editor' | 'viewer', Person>;
  tokenNames: { owner: string; reviewer: string };
  tokens: { owner?: string; reviewer?: string };
  offerings: Partial<Record<Key, OfferingData>>;
};

/** In the run's temporary directory (global-teardown removes it), found through the state
 * file global-setup leaves for its runner process (this worker's parent); else in /tmp. */
function stateFile(): string {
  let dir = os.tmpdir();
  try {
    const setup = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `rmc-e2e-state-${process.ppid}.json`), 'utf8'));
    if (setup.baseURL === baseURL() && fs.existsSync(setup.tmpDir)) dir = setup.tmpDir;
  } catch {
    /* not found: /tmp */
  }
  const tag = createHash('sha1').update(baseURL()).digest('hex').slice(0, 12);
  return path.join(dir, `rmc-e2e-xss-${tag}.json`);
}

function loadState(): State {
  const file = stateFile();
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: the setup test (organisation and people) did not run or failed`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as State;
}

function saveState(s: State): void {
  fs.writeFileSync(stateFile(), JSON.stringify(s, null, 1));
}

/** The expected content of one offering: each path stores other payloads in each field. */
function offeringData(key: Key, name: string): OfferingData {
  const k = { ui: 0, api: 12, import: 24 }[key];
  const n = { ui: 0, api: 1, import: 2 }[key];
  const displays: Record<Key, Record<string, string>> = {
    ui: { en: payload('title'), de: payload('script') },
    api: { en: payload('textarea'), de: payload('dq-attr') },
    import: { en: payload('sq-attr'), de: payload('comment-end'), ja: payload('template') },
  };
  const text = (lang: string, j: number): TextSet => ({
    display_name: displays[key][lang],
    short_description: fit(160, k + j + 1),
    // Markdown first: an unclosed raw-text payload (`<style>`, `<noscript>`) rightly swallows
    // the rest of the rendered HTML.
    long_description: `## ${lang}: ${payload('title')}\n\n[docs](https://docs.xss.example/) and *emphasis*\n\n${all(k + j, '\n\n')}`,
    bullets: [0, 1, 2, 3, 4].map((i) => ({ title: fit(60, k + j + 2 + i, 1), text: fit(200, k + j + 7 + i) })),
  });
  const texts: Record<string, TextSet> = {};
  Object.keys(displays[key]).forEach((lang, j) => {
    texts[lang] = text(lang, j * 17);
  });
  return {
    key,
    id: '',
    name,
    done: false,
    basics: {
      provider_display_name: fit(80, k + 26, 1),
      documentation_url: URL_PAYLOADS.docs,
      terms_url: URL_PAYLOADS.terms,
      support: EMAIL_PAYLOADS[n],
    },
    texts,
    announcement: fit(2000, k + 27, Number.POSITIVE_INFINITY, '\n'),
    plans: [
      {
        id: '', name: 'xss-lite', kind: 'lite', display_name: fit(64, k + 13, 1), description: fit(500, k + 14), limits: fit(300, k + 15),
        bullets: [0, 1, 2, 3, 4].map((i) => fit(200, k + 16 + i, 1)), unit: '',
      },
      {
        id: '', name: 'xss-paid', kind: 'paid', display_name: fit(64, k + 21, 1), description: fit(500, k + 22), limits: '',
        bullets: [fit(200, k + 23, 1), fit(200, k + 24, 1)], unit: fit(40, k + 25, 1),
      },
    ],
    iam: { issuer: URL_PAYLOADS.issuer, redirect: URL_PAYLOADS.redirect },
    brokers: [],
    testAccounts: [],
    requests: [],
    catalog: 'none',
    notified: { provider: [], reviewer: [] },
    fieldComment: fit(300, k + 28),
    rejection: fit(800, k + 5),
  };
}

/** Comments and notes of a path, from the same rotation. */
function words(key: Key) {
  const k = { ui: 0, api: 12, import: 24 }[key];
  return {
    note1: fit(2000, k + 7),
    note2: fit(400, k + 9),
    note3: fit(400, k + 11),
    reviewerDiscussion: fit(600, k + 30),
    providerDiscussion: fit(600, k + 33),
    brokerName: fit(64, k + 29, 1),
    newAnnouncement: fit(2000, k + 3, Number.POSITIVE_INFINITY, '\n'),
  };
}

// ---------------------------------------------------------------------------------------------
// Traces of a payload that ran or became markup
// ---------------------------------------------------------------------------------------------

const dialogs: string[] = [];

/**
 * Marks the end of hydration: the bundle's `init()` resolves once the wasm module is
 * instantiated and then calls `hydrate()` synchronously, so a task queued from that moment runs
 * after hydration (whether it succeeded or panicked).
 */
function markHydration(): void {
  const w = WebAssembly as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = w[name];
    if (typeof original !== 'function') continue;
    w[name] = function (this: unknown, ...args: unknown[]) {
      return original.apply(this, args).then((result) => {
        setTimeout(() => {
          (window as unknown as Record<string, unknown>).__hydrated = true;
        }, 0);
        return result;
      });
    };
  }
}


function watchDialogs(page: Page): void {
  page.on('dialog', (d) => {
    dialogs.push(`${page.url()}: ${d.type()} "${d.message()}"`);
    d.dismiss().catch(() => {});
  });
}

function watchContext(context: BrowserContext): void {
  context.pages().forEach(watchDialogs);
  context.on('page', watchDialogs);
}

test.beforeEach(async ({ page, context }) => {
  dialogs.length = 0;
  watchDialogs(page);
  await context.addInitScript(markHydration);
});

test.afterEach(() => {
  expect(dialogs, 'dialogs opened by a payload (alert, confirm, prompt)').toEqual([]);
});

/**
 * What a payload would leave behind had it become markup: the marker it sets, the `data-xss`
 * attribute every payload's element carries, an inline event handler, a script URL, a frame,
 * `<base>` or `<meta http-equiv>`. An empty list is a clean page.
 */
async function traces(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const w = window as unknown as Record<string, unknown>;
    if (w.__xss !== undefined) out.push(`window.__xss = ${String(w.__xss)}`);
    const describe = (el: Element) => el.outerHTML.slice(0, 160);
    document.querySelectorAll('[data-xss]').forEach((el) => out.push(`element from a payload: ${describe(el)}`));
    document.querySelectorAll('*').forEach((el) => {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) out.push(`inline handler ${a.name}: ${describe(el)}`);
      }
    });
    const scriptUrl = (v: string) => /^(javascript|vbscript|data:text\/html)/i.test(v.replace(/[\u0000-\u0020]/g, '').replace(/&colon;/gi, ':'));
    document.querySelectorAll('[href],[src],[action],[formaction],[data],[xlink\\:href]').forEach((el) => {
      for (const name of ['href', 'src', 'action', 'formaction', 'data', 'xlink:href']) {
        const v = el.getAttribute(name);
        if (v !== null && scriptUrl(v)) out.push(`script URL in ${name}: ${describe(el)}`);
      }
    });
    document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv], [srcdoc]').forEach((el) => out.push(`unexpected element: ${describe(el)}`));
    if (/PWNED/.test(document.title)) out.push(`title: ${document.title}`);
    return out;
  });
}

async function expectClean(page: Page, where: string): Promise<void> {
  expect(await traces(page), `${where} (${page.url()}): traces of a payload`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Page checks: traces, values of fields, text shown
// ---------------------------------------------------------------------------------------------

type Check = {
  url: string;
  /** [selector, exact value of the input/textarea/select]. */
  values?: [string, string][];
  /** [selector, text one of the matched elements contains (whitespace collapsed); any of a list]. */
  texts?: [string, string | string[]][];
  /** [selector, attribute, exact value]. */
  attrs?: [string, string, string][];
  /** The document title contains this. */
  title?: string;
};

type Findings = { traces: string[]; missing: string[] };

async function inspect(page: Page, c: Check): Promise<Findings> {
  return page.evaluate(
    ({ values, texts, attrs, title }) => {
      const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
      const missing: string[] = [];
      for (const [sel, want] of values) {
        const els = Array.from(document.querySelectorAll(sel)) as HTMLInputElement[];
        if (!els.length) missing.push(`no ${sel}`);
        else if (!els.some((el) => el.value === want)) missing.push(`${sel} has the value ${JSON.stringify(els[0].value.slice(0, 200))}, not ${JSON.stringify(want.slice(0, 200))}`);
      }
      for (const [sel, want] of texts) {
        const wants = (Array.isArray(want) ? want : [want]).map(norm);
        const els = Array.from(document.querySelectorAll(sel));
        if (!els.length) missing.push(`no ${sel}`);
        else if (!els.some((el) => wants.some((w) => norm(el.textContent ?? '').includes(w)))) {
          missing.push(`${sel} does not show ${JSON.stringify(wants[0].slice(0, 200))}${wants.length > 1 ? ` (or ${wants.length - 1} others)` : ''}`);
        }
      }
      for (const [sel, name, want] of attrs) {
        const els = Array.from(document.querySelectorAll(sel));
        if (!els.some((el) => el.getAttribute(name) === want)) missing.push(`${sel}[${name}] is not ${JSON.stringify(want)}`);
      }
      if (title !== null && !document.title.includes(title)) missing.push(`the title ${JSON.stringify(document.title)} lacks ${JSON.stringify(title)}`);
      return missing;
    },
    { values: c.values ?? [], texts: c.texts ?? [], attrs: c.attrs ?? [], title: c.title ?? null },
  ).then(async (missing) => ({ traces: await traces(page), missing }));
}

/** Opens each page, waits for hydration, and records (softly) whatever is wrong there. */
async function sweep(page: Page, who: string, checks: Check[]): Promise<void> {
  const started = Date.now();
  let unhydrated = 0;
  for (const c of checks) {
    if (!(await load(page, c.url, hydrated))) unhydrated += 1;
    let found = await inspect(page, c);
    const seen = new Set(found.traces);
    // Text a resource fills in after hydration may come a moment later.
    for (let i = 0; i < 3 && found.missing.length; i += 1) {
      await page.waitForTimeout(500);
      found = await inspect(page, c);
      found.traces.forEach((t) => seen.add(t));
    }
    expect.soft([...seen], `${who} on ${c.url}: traces of a payload that ran or became markup`).toEqual([]);
    expect.soft(found.missing, `${who} on ${c.url}: text not shown as typed`).toEqual([]);
  }
  const expectations = checks.reduce((n, c) => n + (c.values?.length ?? 0) + (c.texts?.length ?? 0) + (c.attrs?.length ?? 0) + (c.title ? 1 : 0), 0);
  const summary = `${checks.length} pages, ${expectations} values and texts compared, ${unhydrated} pages left unhydrated (server-rendered only), ${Math.round((Date.now() - started) / 1000)} s`;
  test.info().annotations.push({ type: 'sweep', description: `${who}: ${summary}` });
  console.log(`[xss] ${who}: ${summary}`);
}

// ---------------------------------------------------------------------------------------------
// The REST API with a token
// ---------------------------------------------------------------------------------------------

type Answer = { status: number; body: any; etag: string };

class Api {
  constructor(private readonly request: APIRequestContext, private readonly token: string) {}

  async call(method: string, url: string, data?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await this.request.fetch(`/api/v1${url}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...headers },
      data: data as any,
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status(), body, etag: res.headers()['etag'] ?? '' };
  }

  async ok(method: string, url: string, data?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const a = await this.call(method, url, data, headers);
    expect(a.status, `${method} /api/v1${url} answered ${JSON.stringify(a.body).slice(0, 600)}`).toBeLessThan(300);
    return a;
  }

  /** A write to the offering's document, with the ETag it has now. */
  async write(method: string, id: string, url: string, data: unknown, expected = 200): Promise<Answer> {
    const current = await this.ok('GET', `/offerings/${id}`);
    const a = await this.call(method, url, data, { 'If-Match': current.etag });
    expect(a.status, `${method} /api/v1${url} answered ${JSON.stringify(a.body).slice(0, 600)}`).toBe(expected);
    return a;
  }
}

/** A write token made on /account/tokens, whose name is a payload too. */
async function createToken(page: Page, name: string): Promise<string> {
  await page.goto('/account/tokens');
  await settle(page);
  await page.getByLabel('Token name', { exact: true }).fill(name);
  await page.getByLabel('Scope', { exact: true }).selectOption('write');
  await page.getByLabel('Expires after', { exact: true }).selectOption('30');
  await page.getByRole('button', { name: 'Create token', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your new token' })).toBeVisible();
  await expect(page.locator('label[for="new-token"]')).toHaveText(name);
  const token = await page.locator('#new-token').inputValue();
  expect(token).toMatch(/^rmc_[A-Za-z0-9_-]{43}$/);
  await expectClean(page, 'tokens page');
  return token;
}

// ---------------------------------------------------------------------------------------------
// Console helpers
// ---------------------------------------------------------------------------------------------

const NAME_PATTERN = 'Use 3–64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.';
const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f62fe"/></svg>';

function sections(page: Page) {
  return page.getByRole('navigation', { name: 'Offering sections', exact: true });
}

/** Waits for the page's hydration (see `markHydration`), then a moment for what it starts. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => (window as unknown as Record<string, unknown>).__hydrated === true, null, { timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(120);
}

/**
 * Loads `url` and waits for it (a hydration panic there is a page error and fails the test);
 * answers whether the page hydrated.
 */
async function load(page: Page, url: string, wait: (page: Page) => Promise<void>): Promise<boolean> {
  await page.goto(url);
  await wait(page);
  return page.evaluate(() => (window as unknown as Record<string, unknown>).__hydrated === true);
}

/** Opens a page to work on it: hydrated, and quiet. */
async function open(page: Page, url: string): Promise<void> {
  await load(page, url, hydrated);
}

/** Clicks the form's Save and waits for the server's answer. */
async function saveForm(page: Page, button = 'Save'): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/save_/.test(new URL(r.url()).pathname));
  await page.getByRole('button', { name: button, exact: true }).click();
  const res = await answered;
  // 200 from the hydrated form (422 when refused); 303/302 from a native post.
  expect([200, 302, 303, 422]).toContain(res.status());
  await settle(page);
}

function saved(page: Page) {
  return page.getByRole('status').filter({ hasText: /^Saved\.$/ });
}

async function as(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await newContext(browser);
  watchContext(context);
  await context.addInitScript(markHydration);
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

async function act(page: Page, button: string, note?: string): Promise<void> {
  if (note !== undefined) {
    const form = page.locator('form.lifecycle-action').filter({ has: page.getByRole('button', { name: button, exact: true }) });
    await form.getByLabel(`Note for the reviewer (${button})`, { exact: true }).fill(note);
  }
  await page.getByRole('button', { name: button, exact: true }).click();
}

/** The request ids linked from the Visibility tab's request history. */
async function requestIds(page: Page, id: string): Promise<string[]> {
  await open(page, `/offerings/${id}/visibility`);
  const hrefs = await page.locator('section[aria-labelledby="requests-title"] a[href^="/review/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/review/', ''));
}

// Every payload is used (the list is the spec's input; keep it honest).
test('the payload list has at least 20 distinct forms, each leaving a trace', () => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
  expect(new Set(TEXTS).size).toBe(TEXTS.length);
  for (const p of PAYLOADS) {
    expect(p.text, p.id).toBe(p.text.trim());
    expect(p.text, p.id).not.toMatch(/\n/);
    expect(p.text, `${p.id} leaves a trace`).toMatch(/__xss=|alert\(|data-xss/);
  }
});

// ---------------------------------------------------------------------------------------------
// 1. The organisation and its people, through the admin page
// ---------------------------------------------------------------------------------------------

test('setup: an organisation and people whose names carry payloads (admin page)', async ({ page }) => {
  test.setTimeout(60_000);
  fs.rmSync(stateFile(), { force: true });
  const stamp = Date.now().toString(36);
  const person = (role: string, name: string): Person => ({ email: `e2e-xss-${role}-${stamp}@test.example`, password: 'e2e-password-123', name });
  const s: State = {
    stamp,
    org: `XSS ${stamp} ${payload('sq-attr')}`,
    people: {
      owner: person('owner', `Owner ${payload('textarea')}`),
      editor: person('editor', `Editor ${payload('dq-attr')}`),
      viewer: person('viewer', `Viewer ${payload('template')}`),
    },
    tokenNames: { owner: `api ${payload('title')}`, reviewer: `rev ${payload('base')}` },
    tokens: {},
    offerings: {},
  };

  await signIn(page, DEMO.admin);
  await open(page, '/admin');
  for (const p of Object.values(s.people)) {
    await page.locator('#new-email').fill(p.email);
    await page.locator('#new-name').fill(p.name);
    await page.locator('#new-password').fill(p.password);
    await page.getByRole('button', { name: 'Create user', exact: true }).click();
    await expect(page.getByRole('cell', { name: p.email, exact: true })).toBeVisible();
  }
  await page.locator('#org-name').fill(s.org);
  await page.getByRole('button', { name: 'Create organisation', exact: true }).click();
  await expect(page.getByRole('cell', { name: s.org, exact: true })).toBeVisible();
  for (const [role, p] of Object.entries(s.people)) {
    await page.locator('#member-org').selectOption({ label: s.org });
    await page.locator('#member-email').fill(p.email);
    await page.locator('#member-role').selectOption(role);
    await page.getByRole('button', { name: 'Add member', exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: s.org })).toContainText(`${p.email} (${role[0].toUpperCase()}${role.slice(1)})`);
  }
  await page.reload();
  await settle(page);
  await expectClean(page, 'admin page');
  for (const p of Object.values(s.people)) await expect(page.locator('main')).toContainText(p.name);
  saveState(s);
});

// ---------------------------------------------------------------------------------------------
// 2. Saved through the console's forms
// ---------------------------------------------------------------------------------------------

test('saved through the UI: offering, plans, IAM, broker, test accounts, usage, review', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const s = loadState();
  const owner = s.people.owner;
  let broker: RunningBroker | undefined;
  try {
    await signIn(page, owner.email, owner.password);

    // The name has a pattern: markup is refused while typing.
    await open(page, '/offerings/new');
    await page.getByLabel('Name', { exact: true }).fill(payload('dq-attr'));
    await expect(page.locator('#f-name-error')).toHaveText(NAME_PATTERN);
    const o = offeringData('ui', uniqueName('xss-ui'));
    const w = words('ui');
    o.id = await createOffering(page, o.name);
    s.offerings.ui = o;
    saveState(s);
    const base = `/offerings/${o.id}`;

    // Basics: a tag with markup and a javascript: link are refused, with the reason; the rest is kept.
    await open(page, `${base}/basics`);
    await page.locator('#f-provider_display_name').fill(o.basics.provider_display_name);
    await page.locator('#f-category').selectOption('databases');
    await page.locator('#f-tags').fill(WORD_PAYLOADS[0]);
    await page.locator('#f-regions').fill('eu-de');
    await page.locator('#f-documentation_url').fill(payload('js-url'));
    await page.locator('#f-terms_url').fill(o.basics.terms_url);
    await saveForm(page);
    await expect(page.locator('#f-tags-error')).toContainText('Tags use lowercase letters');
    await expect(page.locator('#f-documentation_url-error')).toContainText('Enter a full web address');
    await expect(saved(page)).toHaveCount(0);
    await expectClean(page, 'basics refused');
    await page.locator('#f-tags').fill('xss, e2e');
    await page.locator('#f-documentation_url').fill(o.basics.documentation_url);
    await saveForm(page);
    await expect(saved(page)).toBeVisible();
    // Support: the e-mail payload is the support address.
    await fillSupport(page, o.id, async () => {
      await saveForm(page);
      await expect(saved(page)).toBeVisible();
    }, o.basics.support);
    await expectClean(page, 'support');

    // Catalog text in English and German: every multi-line field gets payloads.
    for (const lang of ['en', 'de']) {
      const t = o.texts[lang];
      await open(page, `${base}/text/${lang}`);
      await page.locator('#f-display_name').fill(t.display_name);
      await page.locator('#f-short_description').fill(t.short_description);
      await page.locator('#f-long_description').fill(t.long_description);
      for (const [i, b] of t.bullets.entries()) {
        await page.locator(`#f-bullet${i + 1}_title`).fill(b.title);
        await page.locator(`#f-bullet${i + 1}_text`).fill(b.text);
      }
      // The live preview is sanitised Markdown: it renders, and nothing of the payloads is live.
      await expect(page.locator('.markdown-preview .prose a[href="https://docs.xss.example/"]')).toBeVisible();
      await expectClean(page, `text/${lang} preview`);
      await saveForm(page);
      await expect(saved(page)).toBeVisible();
      // A fresh, server-rendered load gives back exactly what was typed.
      await open(page, `${base}/text/${lang}`);
      await expect(page.locator('#f-short_description')).toHaveValue(t.short_description);
      await expect(page.locator('#f-long_description')).toHaveValue(t.long_description);
      await expectClean(page, `text/${lang} reloaded`);
    }

    // Announcement.
    await open(page, `${base}/announcement`);
    await page.locator('#f-text').fill(o.announcement);
    await page.locator('#f-date').fill('2026-12-01');
    await saveForm(page);
    await expect(saved(page)).toBeVisible();

    // Icon (the checklist wants one).
    await open(page, `${base}/media`);
    await page.getByLabel('Icon file', { exact: true }).setInputFiles({ name: 'icon.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(ICON) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page).toHaveURL(/\/media\?uploaded=1$/);

    // Plans: a lite plan (limits, bullets) and a paid one (a unit name); markup in the plan
    // name and the metric id is refused while typing.
    for (const plan of o.plans) {
      await open(page, `${base}/plans/new`);
      await page.getByLabel('Plan name', { exact: true }).fill(WORD_PAYLOADS[1]);
      await expect(page.locator('#plan-name-error')).not.toBeEmpty();
      await page.getByLabel('Plan name', { exact: true }).fill(plan.name);
      await page.locator('#plan-kind').selectOption(plan.kind);
      await page.locator('#plan-texts-en-display_name').fill(plan.display_name);
      await page.locator('#plan-texts-en-description').fill(plan.description);
      if (plan.kind === 'lite') await page.locator('#plan-texts-en-limits').fill(plan.limits);
      await page.locator('#plan-texts-en-bullets').fill(plan.bullets.join('\n'));
      if (plan.kind === 'paid') {
        await page.getByLabel('Unit name (English)', { exact: true }).fill(plan.unit);
        await page.getByRole('textbox', { name: 'Tier 1 Unit price USD', exact: true }).fill('0.01');
        await page.getByLabel('Metric id', { exact: true }).fill(WORD_PAYLOADS[2]);
        await expect(page.locator('#plan-metrics-0-id-error')).not.toBeEmpty();
        await page.getByLabel('Metric id', { exact: true }).fill('API_CALLS');
      }
      await expectClean(page, `plan editor ${plan.name}`);
      await page.getByRole('button', { name: 'Save plan', exact: true }).click();
      await page.waitForURL(new RegExp(`/offerings/${o.id}/plans/${UUID.source}$`));
      await expect(saved(page)).toBeVisible();
      plan.id = new URL(page.url()).pathname.split('/').pop()!;
      await open(page, `${base}/plans/${plan.id}`);
      await expect(page.locator('#plan-texts-en-description')).toHaveValue(plan.description);
      await expect(page.locator('#plan-texts-en-bullets')).toHaveValue(plan.bullets.join('\n'));
      await expectClean(page, `plan ${plan.name} reloaded`);
    }
    saveState(s);

    // IAM: markup in a role or an action and a javascript: redirect URI are refused under their
    // fields; an issuer and a redirect URI with markup in the query are web addresses and kept.
    await open(page, `${base}/iam`);
    await page.getByLabel('Enable IAM for this offering', { exact: true }).check();
    await page.getByRole('button', { name: 'Generate client', exact: true }).click();
    await expect(page.getByTestId('secret-once')).toContainText('shown only this once');
    await page.getByRole('button', { name: '+ Redirect URI', exact: true }).click();
    await page.getByLabel('Redirect URI 1', { exact: true }).fill(payload('js-url'));
    await page.getByRole('button', { name: '+ Role', exact: true }).click();
    await page.getByLabel('Role 1', { exact: true }).fill(WORD_PAYLOADS[0]);
    await page.getByRole('button', { name: '+ Action', exact: true }).click();
    await page.getByLabel('Action 1', { exact: true }).fill(`${o.name}.${WORD_PAYLOADS[1]}.read`);
    await page.locator('#f-issuer').fill(o.iam.issuer);
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    await expect(page.locator('#f-redirect_uris-0-error')).toContainText('not an absolute URL');
    await expect(page.locator('#f-custom_roles-0-error')).toContainText('A role name starts with a letter');
    await expect(page.locator('#f-actions-0-error')).toContainText('The resource and the verb are lowercase letters');
    await expectClean(page, 'IAM refused');
    await page.getByLabel('Redirect URI 1', { exact: true }).fill(o.iam.redirect);
    await page.getByLabel('Role 1', { exact: true }).fill('Auditor');
    const action = `${o.name}.instance.read`;
    await page.getByLabel('Action 1', { exact: true }).fill(action);
    await page.getByLabel('Action 1', { exact: true }).press('Tab');
    await page.getByTestId('matrix').getByRole('checkbox', { name: `Auditor grants ${action}`, exact: true }).check();
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    await expect(saved(page)).toBeVisible();

    // The broker: the real test broker serving the exported catalog (which carries the texts);
    // a javascript: URL is refused with the reason; the name and a location carry payloads.
    const exported = await page.request.get(`${base}/brokers/catalog.json`);
    expect(exported.status()).toBe(200);
    broker = await startBroker(await exported.text());
    const brokerData: BrokerData = { name: w.brokerName, username: BROKER_USER, url: broker.url, locations: ['eu-de', WORD_PAYLOADS[0]], findings: [] };
    await open(page, `${base}/brokers`);
    const form = page.locator('form.broker-form').last();
    await form.getByLabel('Broker name', { exact: true }).fill(brokerData.name);
    await form.getByLabel('Broker URL', { exact: true }).fill(payload('js-url'));
    await form.getByLabel('User name', { exact: true }).fill(BROKER_USER);
    await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
    await form.getByLabel('Locations served', { exact: true }).fill(brokerData.locations.join(', '));
    await form.getByRole('button', { name: 'Register a broker', exact: true }).click();
    await expect(form.locator('.field-error').filter({ hasText: 'are not supported' })).toBeVisible();
    await expect(form.getByLabel('Broker name', { exact: true })).toHaveValue(brokerData.name);
    await form.getByLabel('Broker URL', { exact: true }).fill(broker.url);
    await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
    await form.getByRole('button', { name: 'Register a broker', exact: true }).click();
    const card = page.getByTestId('broker');
    await expect(card).toHaveCount(1);
    await expect(card.getByRole('heading')).toContainText(brokerData.name);
    await card.getByRole('button', { name: 'Validate', exact: true }).click();
    await expect(card.locator('.badge-ok').filter({ hasText: 'Catalog matches' })).toBeVisible();
    o.brokers.push(brokerData);
    saveState(s);

    // Limited, with test accounts (addresses the browser's e-mail check lets through) and the
    // reviewer, who then sees it in the catalog.
    await open(page, `${base}/visibility`);
    await act(page, 'Make limited');
    await expect(page.getByTestId('lifecycle')).toHaveText('Limited');
    for (const email of [...HTML_EMAIL_PAYLOADS, DEMO.reviewer]) {
      await page.getByLabel('E-mail of the test account', { exact: true }).fill(email);
      await page.getByRole('button', { name: 'Add test account', exact: true }).click();
      await expect(page.locator('ul.test-accounts')).toContainText(email.toLowerCase());
      o.testAccounts.push(email.toLowerCase());
    }
    o.catalog = 'members';
    await expectClean(page, 'visibility with test accounts');
    await open(page, `${base}/brokers`);
    await page.getByTestId('broker').getByLabel('Plan', { exact: true }).selectOption({ label: 'xss-lite' });
    await page.getByTestId('broker').getByRole('button', { name: 'Run smoke test', exact: true }).click();
    await expect(page.getByTestId('smoke-run')).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
    saveState(s);

    // The usage test echoes what it refuses: a plan id and a measure with markup.
    await open(page, `${base}/usage`);
    const paid = o.plans.find((p) => p.kind === 'paid')!;
    const record = (planId: string, measure: string) => JSON.stringify({
      resource_instance_id: 'i-1', plan_id: planId, start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z', measures: [{ measure, quantity: '1' }],
    });
    await page.locator('#replay-records').fill(`${record(paid.id, payload('img'))}\n${record(paid.id, payload('dq-attr'))}`);
    await page.getByRole('button', { name: 'Replay these records', exact: true }).click();
    const outcome = page.getByRole('status').filter({ hasText: 'records stored' });
    await expect(outcome).toContainText('2 refused');
    await expect(outcome).toContainText(`does not define measure \`${payload('img')}\``);
    await expect(outcome).toContainText(`does not define measure \`${payload('dq-attr')}\``);
    await expectClean(page, 'usage refusals');

    // Request public visibility with a note.
    await open(page, `${base}/visibility`);
    await act(page, 'Request public visibility', w.note1);
    await expect(page.getByTestId('lifecycle')).toHaveText('In review');
    const [rid1] = await requestIds(page, o.id);
    expect(rid1).toMatch(UUID);
    const first: RequestData = { id: rid1, status: 'pending', note: w.note1, comments: [], change: false };
    o.requests.push(first);
    o.notified.reviewer.push(s.org);
    saveState(s);

    // The reviewer: a field comment and a message; the provider's editor answers; the reviewer rejects.
    const reviewer = await as(browser, DEMO.reviewer);
    await open(reviewer, `/review/${rid1}`);
    await expectClean(reviewer, 'review request');
    await reviewer.getByLabel('Field', { exact: true }).selectOption('texts.en.short_description');
    await reviewer.getByLabel('Comment', { exact: true }).fill(o.fieldComment);
    await reviewer.getByRole('button', { name: 'Post comment', exact: true }).click();
    await expect(reviewer.locator('li.comment').filter({ hasText: o.fieldComment }).first()).toBeVisible();
    await reviewer.getByLabel('Field', { exact: true }).selectOption('');
    await reviewer.getByLabel('Comment', { exact: true }).fill(w.reviewerDiscussion);
    await reviewer.getByRole('button', { name: 'Post comment', exact: true }).click();
    await expect(reviewer.locator('li.comment').filter({ hasText: w.reviewerDiscussion }).first()).toBeVisible();
    first.comments.push(o.fieldComment, w.reviewerDiscussion);
    o.notified.provider.push(o.fieldComment, w.reviewerDiscussion);

    const editor = await as(browser, s.people.editor.email, s.people.editor.password);
    await open(editor, `/review/${rid1}`);
    await editor.getByLabel('Comment', { exact: true }).fill(w.providerDiscussion);
    await editor.getByRole('button', { name: 'Post comment', exact: true }).click();
    await expect(editor.locator('li.comment').filter({ hasText: w.providerDiscussion }).first()).toBeVisible();
    await expectClean(editor, 'review request (editor)');
    first.comments.push(w.providerDiscussion);
    o.notified.reviewer.push(w.providerDiscussion);

    await open(reviewer, `/review/${rid1}`);
    await reviewer.getByLabel('What must the provider fix? (required)', { exact: true }).fill(o.rejection);
    await reviewer.getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(reviewer.getByTestId('request-status')).toHaveAttribute('data-status', 'rejected');
    await expectClean(reviewer, 'review request rejected');
    first.status = 'rejected';
    first.comments.push(o.rejection);
    o.notified.provider.push(o.rejection);
    saveState(s);

    // The provider sees the comment at its field, resolves it and asks again.
    await open(page, `${base}/text/en`);
    const note = page.locator('.review-note[data-field="texts.en.short_description"]');
    await expect(note).toContainText(o.fieldComment);
    await expectClean(page, 'field note');
    await note.getByRole('button', { name: 'Mark resolved', exact: true }).click();
    await expect(note).toHaveCount(0);
    await open(page, `${base}/visibility`);
    await act(page, 'Request public visibility', w.note2);
    await expect(page.getByTestId('lifecycle')).toHaveText('In review');
    const rid2 = (await requestIds(page, o.id)).find((r) => r !== rid1)!;
    expect(rid2).toMatch(UUID);
    o.requests.push({ id: rid2, status: 'pending', note: w.note2, comments: [], change: false });
    o.done = true;
    saveState(s);
    await reviewer.context().close();
    await editor.context().close();
  } finally {
    broker?.stop();
  }
});

// ---------------------------------------------------------------------------------------------
// 3. Saved through the REST API
// ---------------------------------------------------------------------------------------------

test('saved through the REST API: offering, plans, IAM, brokers, test accounts, review, decisions', async ({ page, browser, playwright }) => {
  test.setTimeout(180_000);
  const s = loadState();
  const owner = s.people.owner;
  let broker: RunningBroker | undefined;
  const request = await playwright.request.newContext({ baseURL: baseURL() });
  try {
    // Tokens, named with payloads, made on the tokens page.
    await signIn(page, owner.email, owner.password);
    s.tokens.owner = await createToken(page, s.tokenNames.owner);
    const reviewerPage = await as(browser, DEMO.reviewer);
    s.tokens.reviewer = await createToken(reviewerPage, s.tokenNames.reviewer);
    await reviewerPage.context().close();
    saveState(s);
    const api = new Api(request, s.tokens.owner);
    const rev = new Api(request, s.tokens.reviewer);

    const me = await api.ok('GET', '/me');
    const orgId = (me.body.memberships as { organisation_id: string; organisation_name: string }[]).find((m) => m.organisation_name === s.org)?.organisation_id;
    expect(orgId, 'the organisation, by its name, in /me').toBeTruthy();

    // A name with markup is refused.
    const refused = await api.call('POST', '/offerings', { organisation_id: orgId, name: payload('dq-attr') });
    expect(refused.status).toBe(422);
    const o = offeringData('api', uniqueName('xss-api'));
    const w = words('api');
    const created = await api.ok('POST', '/offerings', { organisation_id: orgId, name: o.name });
    o.id = created.body.id;
    expect(o.id).toMatch(UUID);
    s.offerings.api = o;
    saveState(s);

    // Basics: refusals first, each named by its field.
    // The support address is the support model's, not a field of the basics.
    const { support: _support, ...ownBasics } = o.basics;
    const basics = {
      ...ownBasics, category: 'databases', tags: ['xss'], regions: ['eu-de'],
      bindable: true, plan_updateable: false, instances_retrievable: false, bindings_retrievable: false,
    };
    let a = await api.write('PUT', o.id, `/offerings/${o.id}/basics`, { ...basics, documentation_url: payload('js-url') }, 422);
    expect(a.body.code).toBe('invalid');
    expect(a.body.fields.map((f: { field: string }) => f.field)).toContain('documentation_url');
    a = await api.write('PUT', o.id, `/offerings/${o.id}/basics`, { ...basics, tags: [WORD_PAYLOADS[1]] }, 422);
    expect(a.body.fields.map((f: { field: string }) => f.field)).toContain('tags');
    await api.write('PUT', o.id, `/offerings/${o.id}/basics`, basics);
    // The support model, its e-mail a payload; a phone that is not one is refused by its field.
    a = await api.write('PUT', o.id, `/offerings/${o.id}/support`, { ...ZETA_SUPPORT, email: o.basics.support, phone: payload('img') }, 422);
    expect(a.body.fields.map((f: { field: string }) => f.field)).toContain('phone');
    await api.write('PUT', o.id, `/offerings/${o.id}/support`, { ...ZETA_SUPPORT, email: o.basics.support });

    for (const [lang, t] of Object.entries(o.texts)) await api.write('PUT', o.id, `/offerings/${o.id}/texts/${lang}`, t);
    await api.write('PUT', o.id, `/offerings/${o.id}/announcement`, { text: o.announcement, date: '2026-12-01' });
    await api.ok('PUT', `/offerings/${o.id}/icon`, Buffer.from(ICON), { 'Content-Type': 'image/svg+xml' });

    // Stored exactly as sent.
    const stored = (await api.ok('GET', `/offerings/${o.id}`)).body.document;
    expect(stored.texts.en).toEqual(o.texts.en);
    expect(stored.texts.de).toEqual(o.texts.de);
    expect(stored.announcement.text).toBe(o.announcement);
    expect(stored.basics.provider_display_name).toBe(o.basics.provider_display_name);
    expect(stored.support.email).toBe(o.basics.support);

    for (const plan of o.plans) {
      // The shape `GET …/plans` answers (the REST plan body).
      const metrics = plan.kind === 'paid'
        ? [{ id: 'API_CALLS', unit_names: { en: plan.unit }, unit_quantity: '1', model: 'linear', free_units: '0', tiers: [{ up_to: null, prices: { USD: { unit_price: '0.01' } } }] }]
        : [];
      const input = {
        name: plan.name,
        texts: { en: { display_name: plan.display_name, description: plan.description, limits: plan.limits, bullets: plan.bullets } },
        pricing: { kind: plan.kind, monthly_fee: {}, metrics },
      };
      if (plan.kind === 'paid') {
        const bad = await api.write('POST', o.id, `/offerings/${o.id}/plans`, { ...input, name: 'xss-bad', pricing: { ...input.pricing, metrics: [{ ...metrics[0], id: WORD_PAYLOADS[2] }] } }, 422);
        expect(JSON.stringify(bad.body.fields)).toContain('metrics.0.id');
      }
      plan.id = (await api.write('POST', o.id, `/offerings/${o.id}/plans`, input, 201)).body.plan_id;
    }

    // IAM: a role with markup is refused; the issuer and redirect URI (markup in the query) are kept.
    const action = `${o.name}.instance.read`;
    const iam = { enabled: true, issuer: o.iam.issuer, redirect_uris: [o.iam.redirect], custom_roles: ['Auditor'], actions: [action], grants: [['Auditor', action]] };
    a = await api.write('PUT', o.id, `/offerings/${o.id}/iam`, { ...iam, custom_roles: [payload('img')], grants: [] }, 422);
    expect(a.body.fields.map((f: { field: string }) => f.field)).toContain('custom_roles.0');
    await api.write('PUT', o.id, `/offerings/${o.id}/iam`, iam);
    await api.ok('POST', `/offerings/${o.id}/iam/client`);
    saveState(s);

    // The broker, serving the catalog the console exports.
    const exported = (await api.ok('GET', `/offerings/${o.id}/brokers`)).body.export as string;
    expect(JSON.parse(exported).services[0].metadata.displayName).toBe(o.texts.en.display_name);
    broker = await startBroker(exported);
    const brokerData: BrokerData = { name: w.brokerName, username: BROKER_USER, url: broker.url, locations: ['eu-de', WORD_PAYLOADS[1]], findings: [] };
    const brokerIn = { name: brokerData.name, url: broker.url, auth_kind: 'basic', username: BROKER_USER, secret: BROKER_PASSWORD, api_version: '2.17', locations: brokerData.locations };
    a = await api.call('POST', `/offerings/${o.id}/brokers`, { ...brokerIn, url: payload('js-url') });
    expect(a.status).toBe(422);
    const brokerId = (await api.ok('POST', `/offerings/${o.id}/brokers`, brokerIn)).body.broker_id;
    const validation = await api.ok('POST', `/offerings/${o.id}/brokers/${brokerId}/validate`);
    expect(validation.body.status, JSON.stringify(validation.body.result)).toBe('passed');
    o.brokers.push(brokerData);

    // Limited, test accounts with markup (the console's e-mail rule takes them), a smoke test.
    await api.ok('POST', `/offerings/${o.id}/visibility`, { event: 'make_limited' });
    a = await api.call('POST', `/offerings/${o.id}/test-accounts`, { email: `${payload('img')}@xss.example` });
    expect(a.status, 'an address with a space is refused').toBe(422);
    for (const email of EMAIL_PAYLOADS) {
      await api.ok('POST', `/offerings/${o.id}/test-accounts`, { email });
      o.testAccounts.push(email.toLowerCase());
    }
    o.catalog = 'members';
    const lite = o.plans.find((p) => p.kind === 'lite')!;
    const run = (await api.ok('POST', `/offerings/${o.id}/brokers/${brokerId}/runs`, { plan_id: lite.id, kind: 'smoke' })).body.run_id;
    await expect.poll(async () => (await api.ok('GET', `/offerings/${o.id}/runs/${run}`)).body.status, { timeout: 30_000 }).toBe('passed');
    saveState(s);

    // Review: request, field comment and messages, rejection.
    const pendingFor = async () => {
      const queue = (await rev.ok('GET', '/reviews')).body as { request: { id: string; offering_id: string } }[];
      const entry = queue.find((q) => q.request.offering_id === o.id);
      expect(entry, 'the request in the review queue').toBeTruthy();
      return entry!.request.id;
    };
    await api.ok('POST', `/offerings/${o.id}/visibility`, { event: 'request_public', text: w.note1 });
    const rid1 = await pendingFor();
    const first: RequestData = { id: rid1, status: 'pending', note: w.note1, comments: [], change: false };
    o.requests.push(first);
    o.notified.reviewer.push(s.org);
    await rev.ok('POST', `/reviews/${rid1}/comments`, { field: 'texts.en.short_description', body: o.fieldComment });
    await rev.ok('POST', `/reviews/${rid1}/comments`, { body: w.reviewerDiscussion });
    await api.ok('POST', `/reviews/${rid1}/comments`, { body: w.providerDiscussion });
    a = await api.call('POST', `/reviews/${rid1}/comments`, { field: 'texts.en.short_description', body: 'only reviewers comment on fields' });
    expect(a.status).toBe(403);
    const request1 = (await rev.ok('GET', `/reviews/${rid1}`)).body;
    expect(request1.comments.map((c: { body: string }) => c.body)).toEqual(expect.arrayContaining([o.fieldComment, w.reviewerDiscussion, w.providerDiscussion]));
    expect(request1.snapshot.texts.en.long_description).toBe(o.texts.en.long_description);
    await rev.ok('POST', `/reviews/${rid1}/decision`, { decision: 'reject', comment: o.rejection });
    first.status = 'rejected';
    first.comments.push(o.fieldComment, w.reviewerDiscussion, w.providerDiscussion, o.rejection);
    o.notified.provider.push(o.fieldComment, w.reviewerDiscussion, o.rejection);
    o.notified.reviewer.push(w.providerDiscussion);
    saveState(s);

    // The field comment is resolved where the provider sees it (there is no API route for that).
    await open(page, `/offerings/${o.id}/text/en`);
    const note = page.locator('.review-note[data-field="texts.en.short_description"]');
    await expect(note).toContainText(o.fieldComment);
    await expectClean(page, 'field note (API)');
    await note.getByRole('button', { name: 'Mark resolved', exact: true }).click();
    await expect(note).toHaveCount(0);

    // Again, approved: public. Then a change to the working copy waits for its own review.
    await api.ok('POST', `/offerings/${o.id}/visibility`, { event: 'request_public', text: w.note2 });
    const rid2 = await pendingFor();
    o.requests.push({ id: rid2, status: 'approved', note: w.note2, comments: [], change: false });
    const decided = await rev.ok('POST', `/reviews/${rid2}/decision`, { decision: 'approve' });
    expect(decided.body.request.status).toBe('approved');
    o.catalog = 'public';
    o.liveAnnouncement = o.announcement;
    o.announcement = w.newAnnouncement;
    await api.write('PUT', o.id, `/offerings/${o.id}/announcement`, { text: o.announcement, date: '2026-12-01' });
    await api.ok('POST', `/offerings/${o.id}/visibility`, { event: 'submit_change', text: w.note3 });
    const rid3 = await pendingFor();
    o.requests.push({ id: rid3, status: 'pending', note: w.note3, comments: [], change: true });
    o.done = true;
    saveState(s);
  } finally {
    broker?.stop();
    await request.dispose();
  }
});

// ---------------------------------------------------------------------------------------------
// 4. Saved through import (the dashboard's form and the API), and what a broker says back
// ---------------------------------------------------------------------------------------------

test('saved through import: the dashboard form and the API; a broker catalog with payloads', async ({ page, playwright }) => {
  test.setTimeout(120_000);
  const s = loadState();
  const owner = s.people.owner;
  expect(s.tokens.owner, 'the owner token from the REST API test').toBeTruthy();
  const request = await playwright.request.newContext({ baseURL: baseURL() });
  let broker: RunningBroker | undefined;
  try {
    const api = new Api(request, s.tokens.owner!);
    const source = s.offerings.api ?? s.offerings.ui;
    expect(source, 'an offering to export').toBeTruthy();
    const exported = (await api.ok('GET', `/offerings/${source!.id}/export`)).body;
    expect(exported.format).toBe('rmc.offering/v1');

    const o = offeringData('import', uniqueName('xss-import'));
    const doc = exported.document;
    const { support: _support, ...ownBasics } = o.basics;
    doc.basics = { ...doc.basics, ...ownBasics };
    doc.support = { ...ZETA_SUPPORT, email: o.basics.support };
    doc.texts = o.texts;
    doc.announcement = { text: o.announcement, date: '2026-12-01' };
    doc.iam = { enabled: true, redirect_uris: [o.iam.redirect], issuer: o.iam.issuer, custom_roles: [], actions: [], grants: {} };
    const plans = doc.plans as { id: string; name: string; texts: Record<string, unknown> }[];
    for (const plan of o.plans) {
      const p = plans.find((x) => x.name === plan.name);
      expect(p, `plan ${plan.name} in the export`).toBeTruthy();
      plan.id = randomUUID();
      p!.id = plan.id;
      p!.texts = { en: { display_name: plan.display_name, description: plan.description, limits: plan.limits, bullets: plan.bullets } };
      for (const m of (p as unknown as { pricing: { metrics: { unit_names: Record<string, string> }[] } }).pricing.metrics) m.unit_names = { en: plan.unit };
    }
    const document = { format: exported.format, id: null, name: o.name, document: doc };

    // The API's dry run answers the changes, byte for byte as sent, and stores nothing.
    const dry = await api.ok('POST', '/offerings/import?dry_run=true', { ...document, name: `${o.name}-dry` });
    const after = (field: string) => (dry.body.changes as { field: string; after: string }[]).find((c) => c.field === field)?.after;
    expect(after('texts.en.long_description')).toBe(o.texts.en.long_description);
    expect(after('texts.ja.display_name')).toBe(o.texts.ja.display_name);
    expect(after('announcement.text')).toBe(o.announcement);

    // A document the console cannot read: the reason quotes the value, as text.
    await signIn(page, owner.email, owner.password);
    await open(page, '/dashboard');
    await page.getByText('Import an offering', { exact: true }).click();
    const bad = { ...document, document: { ...doc, basics: { ...doc.basics, bindable: payload('img') } } };
    await page.getByLabel('Offering document (JSON)').fill(JSON.stringify(bad));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: payload('img') })).toBeVisible();
    await expectClean(page, 'import refused');

    // The dashboard's form: preview (the changes list shows the payloads), then import.
    await page.getByLabel('Offering document (JSON)').fill(JSON.stringify(document, null, 2));
    await expect(page.getByLabel('Only preview the changes')).toBeChecked();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const preview = page.getByRole('status').filter({ hasText: 'would be created' });
    await expect(preview).toBeVisible();
    await expect(preview).toContainText(o.announcement);
    await expect(preview).toContainText(o.basics.provider_display_name);
    await expectClean(page, 'import preview');
    await page.getByLabel('Only preview the changes').uncheck();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'created as a draft' })).toBeVisible();
    await page.getByRole('link', { name: 'Open it' }).click();
    await page.waitForURL(new RegExp(`/offerings/${UUID.source}$`));
    o.id = new URL(page.url()).pathname.split('/').pop()!;
    s.offerings.import = o;
    saveState(s);
    const stored = (await api.ok('GET', `/offerings/${o.id}`)).body.document;
    expect(stored.texts).toEqual(o.texts);
    expect(stored.announcement.text).toBe(o.announcement);
    // A copy gets plan ids of its own (OSB plan ids are global): the sweep opens those.
    for (const plan of o.plans) {
      const mine = (stored.plans as { id: string; name: string }[]).find((x) => x.name === plan.name);
      expect(mine, `plan ${plan.name} imported`).toBeTruthy();
      expect(mine!.id).not.toBe(plan.id);
      plan.id = mine!.id;
    }
    saveState(s);

    // A broker whose catalog names its service and plan with markup: validation lists the
    // mismatches, quoting the broker's names. Another broker: user name and URL with markup.
    const catalog = JSON.parse((await api.ok('GET', `/offerings/${o.id}/brokers`)).body.export);
    const service = catalog.services[0];
    service.name = WORD_PAYLOADS[0];
    service.description = payload('textarea');
    service.plans[0].name = WORD_PAYLOADS[1];
    broker = await startBroker(JSON.stringify(catalog));
    const evil: BrokerData = { name: fit(64, 5, 1), username: BROKER_USER, url: broker.url, locations: [WORD_PAYLOADS[2]], findings: [WORD_PAYLOADS[0], WORD_PAYLOADS[1]] };
    const evilId = (await api.ok('POST', `/offerings/${o.id}/brokers`, {
      name: evil.name, url: evil.url, auth_kind: 'basic', username: BROKER_USER, secret: BROKER_PASSWORD, api_version: '2.17', locations: evil.locations,
    })).body.broker_id;
    const validation = await api.ok('POST', `/offerings/${o.id}/brokers/${evilId}/validate`);
    expect(validation.body.status).toBe('failed');
    expect(JSON.stringify(validation.body.result)).toContain(WORD_PAYLOADS[0]);
    const other: BrokerData = { name: fit(64, 9, 1), username: fit(200, 20), url: `http://127.0.0.1:9/osb?x=${WORD_PAYLOADS[0]}`, locations: ['eu-de'], findings: [] };
    await api.ok('POST', `/offerings/${o.id}/brokers`, {
      name: other.name, url: other.url, auth_kind: 'basic', username: other.username, secret: 'x', api_version: '2.17', locations: other.locations,
    });
    o.brokers.push(evil, other);
    o.done = true;
    saveState(s);

    await open(page, `/offerings/${o.id}/brokers`);
    await expect(page.locator('ul.findings').first()).toContainText(WORD_PAYLOADS[0]);
    await expectClean(page, 'brokers with findings');
  } finally {
    broker?.stop();
    await request.dispose();
  }
});

// ---------------------------------------------------------------------------------------------
// 5. Every page that shows them, as each role
// ---------------------------------------------------------------------------------------------

type Role = 'owner' | 'editor' | 'viewer' | 'reviewer' | 'admin';

function frame(o: OfferingData, s: State, who: Person): Pick<Check, 'texts' | 'title'> {
  const display = o.texts.en.display_name || o.name;
  return {
    title: display,
    texts: [['main h1', display], ['dl.identity', s.org], ['details.user-menu', who.name]],
  };
}

/** Every payload-bearing string of an offering (for pages that show some of them). */
function strings(o: OfferingData): string[] {
  const out = [o.basics.provider_display_name, o.announcement, ...o.testAccounts, ...o.brokers.map((b) => b.name)];
  for (const t of Object.values(o.texts)) out.push(t.display_name, t.short_description, ...t.bullets.flatMap((b) => [b.title, b.text]));
  for (const p of o.plans) out.push(p.display_name, p.description);
  for (const r of o.requests) out.push(r.note, ...r.comments);
  return out.filter(Boolean);
}

type Tab = 'overview' | 'media' | 'usage' | 'history' | 'basics' | 'text' | 'announcement' | 'plans' | 'plan' | 'iam' | 'brokers' | 'visibility';
const ALL_TABS: Tab[] = ['overview', 'media', 'usage', 'history', 'basics', 'text', 'announcement', 'plans', 'plan', 'iam', 'brokers', 'visibility'];

/** The offering's tabs (those named in `tabs`), with what each must show. */
function offeringChecks(o: OfferingData, s: State, who: Person, tabs: Tab[] = ALL_TABS): Check[] {
  const base = `/offerings/${o.id}`;
  const f = frame(o, s, who);
  const tab = (url: string, extra: Omit<Check, 'url'> = {}): Check => ({
    url,
    title: f.title,
    values: extra.values,
    attrs: extra.attrs,
    texts: [...(f.texts ?? []), ...(extra.texts ?? [])],
  });
  const checks: Check[] = [];
  const on = (t: Tab) => tabs.includes(t);
  if (on('overview')) checks.push(tab(base));
  if (on('media')) checks.push(tab(`${base}/media`));
  if (on('usage')) checks.push(tab(`${base}/usage`));
  if (on('history')) checks.push(tab(`${base}/history`, { texts: [['main', strings(o)]] }));
  if (on('basics')) checks.push(tab(`${base}/basics`, {
    values: [
      ['#f-provider_display_name', o.basics.provider_display_name],
      ['#f-documentation_url', o.basics.documentation_url],
      ['#f-terms_url', o.basics.terms_url],
    ],
  }));
  if (on('basics')) checks.push(tab(`${base}/support`, { values: [['#f-email', o.basics.support]] }));
  for (const [lang, t] of Object.entries(o.texts)) {
    if (on('text')) checks.push(tab(`${base}/text/${lang}`, {
      values: [
        ['#f-display_name', t.display_name],
        ['#f-short_description', t.short_description],
        ['#f-long_description', t.long_description],
        ...t.bullets.flatMap((b, i): [string, string][] => [[`#f-bullet${i + 1}_title`, b.title], [`#f-bullet${i + 1}_text`, b.text]]),
      ],
    }));
  }
  if (on('announcement')) checks.push(tab(`${base}/announcement`, { values: [['#f-text', o.announcement]] }));
  if (on('plans')) checks.push(tab(`${base}/plans`, { texts: o.plans.map((p): [string, string] => ['main table', p.display_name]) }));
  for (const p of o.plans) {
    const values: [string, string][] = [
      ['#plan-texts-en-display_name', p.display_name],
      ['#plan-texts-en-description', p.description],
      ['#plan-texts-en-bullets', p.bullets.join('\n')],
    ];
    if (p.kind === 'lite') values.push(['#plan-texts-en-limits', p.limits]);
    if (p.kind === 'paid') values.push(['#plan-metrics-0-unit_names-en', p.unit]);
    if (on('plan')) checks.push(tab(`${base}/plans/${p.id}`, { values }));
  }
  if (on('iam')) checks.push(tab(`${base}/iam`, { values: [['#f-issuer', o.iam.issuer], ['#f-redirect_uris-0', o.iam.redirect]] }));
  const brokerTexts: [string, string][] = [['pre.code-block', JSON.stringify(o.texts.en.display_name).slice(1, -1)]];
  for (const b of o.brokers) {
    brokerTexts.push(['[data-testid="broker"] h3', b.name]);
    for (const l of b.locations) brokerTexts.push(['[data-testid="broker"] dl.broker-facts', l]);
    brokerTexts.push(['[data-testid="broker"] dl.broker-facts', b.url], ['[data-testid="broker"] dl.broker-facts', b.username]);
    for (const x of b.findings) brokerTexts.push(['ul.findings', x]);
  }
  if (on('brokers')) checks.push(tab(`${base}/brokers`, { texts: brokerTexts }));
  // Test accounts are listed while the offering is limited (or its publication in review).
  const visibility: [string, string][] = o.catalog === 'members' ? o.testAccounts.map((e): [string, string] => ['ul.test-accounts', e]) : [];
  if (o.requests.some((r) => r.status === 'rejected')) visibility.push(['section[aria-labelledby="requests-title"]', o.rejection]);
  if (o.liveAnnouncement) visibility.push(['tr[data-field="announcement.text"] ins', o.announcement]);
  if (on('visibility')) checks.push(tab(`${base}/visibility`, { texts: visibility }));
  return checks;
}

function requestChecks(o: OfferingData, s: State): Check[] {
  return o.requests.map((r) => {
    const en = o.texts.en;
    const texts: [string, string | string[]][] = [
      ['dl.identity', s.org],
      ['[data-testid="snapshot-display-name"]', en.display_name],
      ['[data-testid="snapshot-short-description"]', en.short_description],
      ['[data-testid="snapshot-iam"]', o.iam.redirect],
      ['[data-testid="snapshot-brokers"]', o.brokers[0]?.name ?? ''],
      ['main', r.note],
      ...r.comments.map((c): [string, string] => ['main', c]),
    ];
    if (r.change) {
      texts.push(['tr[data-field="announcement.text"] del', o.liveAnnouncement ?? ''], ['tr[data-field="announcement.text"] ins', o.announcement]);
    } else {
      texts.push(['tr[data-field="texts.en.short_description"] ins', en.short_description], ['tr[data-field="support.email"] ins', o.basics.support]);
    }
    return { url: `/review/${r.id}`, texts };
  });
}

function catalogChecks(o: OfferingData, lang: string): Check[] {
  const t = o.texts[lang] ?? o.texts.en;
  const card = `li.catalog-card[data-offering="${o.name}"]`;
  const plans: [string, string][] = o.plans.flatMap((p): [string, string][] => {
    const sel = `section.catalog-plan[data-plan="${p.name}"]`;
    return [[sel, p.display_name], [sel, p.description], ...p.bullets.map((b): [string, string] => [sel, b]), ...(p.limits ? [[sel, p.limits] as [string, string]] : [])];
  });
  return [
    { url: `/catalog?q=${encodeURIComponent(o.name)}`, texts: [[card, t.display_name], [card, t.short_description], [card, o.basics.provider_display_name]] },
    {
      url: `/catalog/${o.id}`,
      title: t.display_name,
      texts: [
        ['main h1', t.display_name],
        ['p.lead', t.short_description],
        ...t.bullets.flatMap((b): [string, string][] => [['ul.feature-bullets', b.title], ['ul.feature-bullets', b.text]]),
        ['dl.snapshot', o.basics.provider_display_name],
        ['[data-testid="get-support"]', o.basics.support],
        ...plans,
      ],
      // The long description is sanitised Markdown: it renders (the link), nothing else is live.
      attrs: [['dl.snapshot a', 'href', o.basics.documentation_url], ['dl.snapshot a', 'href', o.basics.terms_url], ['.prose a', 'href', 'https://docs.xss.example/']],
    },
  ];
}

function offerings(s: State): OfferingData[] {
  return (['ui', 'api', 'import'] as Key[]).map((k) => s.offerings[k]).filter((o): o is OfferingData => !!o && o.done);
}

/** Fails (softly) for each save path whose test did not finish, so a sweep never passes on less. */
function expectAllSaved(s: State): void {
  for (const k of ['ui', 'api', 'import'] as Key[]) expect.soft(s.offerings[k]?.done, `the offering saved through "${k}" is complete`).toBe(true);
}

/**
 * What each member of the provider's organisation opens. The owner: every tab of every
 * offering (all three save paths) and every request. The editor and the viewer (in German) each
 * every tab of one offering (the UI's and the API's) and the tabs with stored values of the
 * others, so every page is seen in every role without tripling the run.
 */
const PROVIDER_TABS: Record<'owner' | 'editor' | 'viewer', Record<Key, Tab[]>> = {
  owner: { ui: ALL_TABS, api: ALL_TABS, import: ALL_TABS },
  editor: { ui: ALL_TABS, api: ['text', 'announcement', 'plan', 'visibility'], import: ['brokers', 'iam'] },
  viewer: { ui: ['basics', 'text', 'visibility'], api: ALL_TABS, import: ['plan', 'text'] },
};
const PROVIDER_REQUESTS: Record<'owner' | 'editor' | 'viewer', Key[]> = { owner: ['ui', 'api'], editor: ['ui'], viewer: ['api'] };

function providerChecks(s: State, role: 'owner' | 'editor' | 'viewer', lang: string): Check[] {
  const who = s.people[role];
  const os = offerings(s);
  const checks: Check[] = [{ url: '/dashboard', texts: [['main', s.org], ['details.user-menu', who.name], ...os.map((o): [string, string[]] => ['main', [o.texts.en.display_name, o.texts[lang]?.display_name ?? o.texts.en.display_name]])] }];
  for (const o of os) checks.push(...offeringChecks(o, s, who, PROVIDER_TABS[role][o.key]));
  for (const o of os) if (PROVIDER_REQUESTS[role].includes(o.key)) checks.push(...requestChecks(o, s));
  checks.push({ url: '/catalog', texts: [['details.user-menu', who.name]] });
  for (const o of os) if (o.catalog !== 'none') checks.push(...catalogChecks(o, lang));
  const notified = role === 'viewer' ? [] : os.flatMap((o) => o.notified.provider);
  checks.push({ url: '/notifications', texts: notified.map((n): [string, string] => ['ul.notification-list', n]) });
  return checks;
}

/** Payloads in the address: reflected, not stored, and never live either. */
function reflectedChecks(s: State): Check[] {
  const ui = s.offerings.ui;
  const enc = encodeURIComponent;
  return [
    { url: `/catalog?q=${enc(payload('dq-attr'))}`, values: [['#catalog-q', payload('dq-attr')]] },
    { url: `/catalog?q=${enc(payload('textarea'))}&category=${enc(payload('sq-attr'))}` },
    ...(ui ? [{ url: `/offerings/${ui.id}/text/${enc(payload('img'))}` }] : []),
    { url: `/offerings/${enc(payload('title'))}` },
    { url: `/review/${enc(payload('script'))}` },
    { url: `/catalog/${enc(payload('img'))}` },
    { url: `/no-such-page/${enc(payload('svg-slash'))}` },
  ];
}

async function signedIn(browser: Browser, email: string, password?: string, lang?: string): Promise<Page> {
  const page = await as(browser, email, password);
  if (lang === 'de') {
    await settle(page);
    await openMenu(languageMenu(page));
    await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  }
  return page;
}

for (const role of ['owner', 'editor', 'viewer'] as const) {
  const lang = role === 'viewer' ? 'de' : 'en';
  test(`shown as typed, nothing runs: the provider's ${role}${lang === 'de' ? ' (in German)' : ''}`, async ({ browser }) => {
    test.setTimeout(180_000);
    const s = loadState();
    expectAllSaved(s);
    const p = s.people[role];
    const page = await signedIn(browser, p.email, p.password, lang);
    const checks = providerChecks(s, role, lang);
    if (role === 'owner') {
      checks.push({ url: '/account/tokens', texts: [['main', s.tokenNames.owner]] });
      checks.push(...reflectedChecks(s));
    }
    await sweep(page, role, checks);
    await page.context().close();
  });
}

test('shown as typed, nothing runs: the reviewer', async ({ browser }) => {
  test.setTimeout(120_000);
  const s = loadState();
  expectAllSaved(s);
  const os = offerings(s);
  const page = await signedIn(browser, DEMO.reviewer);
  const pending = os.flatMap((o) => o.requests.filter((r) => r.status === 'pending').map(() => o));
  const checks: Check[] = [
    { url: '/review', texts: [...pending.map((o): [string, string] => ['main table', o.name]), ['main table', s.org]] },
    ...os.flatMap((o) => requestChecks(o, s)),
    { url: '/notifications', texts: os.flatMap((o) => o.notified.reviewer).map((n): [string, string] => ['ul.notification-list', n]) },
    { url: '/account/tokens', texts: [['main', s.tokenNames.reviewer]] },
    { url: '/dashboard' },
    { url: '/catalog' },
  ];
  // Named as a test account of the UI offering, and the API offering is public.
  for (const o of os) if (o.catalog === 'public' || (o.catalog === 'members' && o.testAccounts.includes(DEMO.reviewer))) checks.push(...catalogChecks(o, 'en'));
  // Not a member: the editor's pages are refused, and stay clean.
  for (const o of os) checks.push({ url: `/offerings/${o.id}` }, { url: `/offerings/${o.id}/text/en` });
  await sweep(page, 'reviewer', checks);
  await page.context().close();
});

test('shown as typed, nothing runs: the admin', async ({ browser }) => {
  test.setTimeout(90_000);
  const s = loadState();
  expectAllSaved(s);
  const os = offerings(s);
  const page = await signedIn(browser, DEMO.admin);
  const checks: Check[] = [
    { url: '/admin', texts: [['main', s.org], ...Object.values(s.people).map((p): [string, string] => ['main', p.name])] },
    { url: '/dashboard' },
    { url: '/notifications' },
    { url: '/catalog' },
  ];
  for (const o of os) if (o.catalog === 'public') checks.push(...catalogChecks(o, 'en'));
  for (const o of os) checks.push(...o.requests.map((r) => ({ url: `/review/${r.id}` })));
  await sweep(page, 'admin', checks);
  await page.context().close();
  fs.rmSync(stateFile(), { force: true });
});
