import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from '@playwright/test';
import { type RunningBroker } from './broker';
import { baseURL, DEMO, DEMO_PASSWORD, expect, newContext, newProvider, settle, test } from './helpers';
import { makeStory, type Story } from './story';

// Every page in every language, with an offering in each state the console shows (a draft,
// one in review after a rejected first round, a public one with a change in review), made
// through the REST API. A page fails when it shows English in another language (a word of
// the English locale file that the page's own locale file never uses), a raw key
// (`in_review`, `texts.en.long_description`), an unformatted timestamp, or, outside
// English, a number with a decimal point. What the provider typed is language-neutral
// (Latin), so only the console's own words can trip the check.

const LANGUAGES = ['en', 'de', 'es', 'fr', 'it', 'pt-BR'] as const;
type Lang = (typeof LANGUAGES)[number];

/** Proper names and codes a page may show in any language. */
const PROPER_NAMES = new Set([
  'rmc', 'iam', 'osb', 'api', 'rest', 'sso', 'url', 'urls', 'uri', 'uris', 'json', 'markdown', 'openid', 'oidc',
  'svg', 'png', 'usd', 'eur', 'gbp', 'jpy', 'chf', 'brl', 'http', 'https', 'id', 'ok', 'csv', 'utc', 'english',
  'deutsch', 'español', 'français', 'italiano', 'português', 'open', 'service', 'broker', 'demo', 'cloud', 'co',
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'zeta', 'eta', 'theta', 'gmbh', 'e2e',
]);

/** People's names (user data: they stay as they are): the demo people, and the name other
 * suites' providers get by default (`createProvider`), listed on /admin when the whole suite runs. */
const PEOPLE = ['Olivia Owner', 'Eddie Editor', 'Vera Viewer', 'Rita Reviewer', 'Adam Admin', 'E2E Owner'];

/** English words that give English away even when the English locale file lacks them. */
const ENGLISH_TELLS = ['the', 'and', 'of', 'to', 'is', 'are', 'was', 'with', 'for', 'this', 'that', 'your', 'you', 'has', 'have', 'not', 'can', 'be', 'will', 'from', 'by', 'at', 'it', 'or', 'on', 'no', 'yet', 'none', 'pending', 'passed', 'failed'];

const LOCALES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'locales');

function localeWords(lang: string): Set<string> {
  const file = path.join(LOCALES, `${lang}.json`);
  const values: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') values.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(fs.readFileSync(file, 'utf8')));
  const words = new Set<string>();
  for (const value of values) {
    for (const w of value.replace(/\{\{[^}]*\}\}/g, ' ').toLowerCase().match(/\p{L}+/gu) ?? []) words.add(w);
  }
  return words;
}

const ENGLISH = localeWords('en');
for (const w of ENGLISH_TELLS) ENGLISH.add(w);

/** The words of `lang`'s pages that would be English: English words its own file never uses. */
function englishOnly(lang: Lang): Set<string> {
  const own = localeWords(lang);
  return new Set([...ENGLISH].filter((w) => !own.has(w) && !PROPER_NAMES.has(w)));
}

type Finding = { where: string; text: string; why: string };

/** What the page shows: text nodes and the attributes a person reads or hears. */
async function shownTexts(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(() => {
    // `translate="no"` marks names that stay as they are in every language (IAM role names,
    // organisation names). `lang` marks what the page knowingly shows in another language: a
    // provider's text shown in English because they wrote none in the reader's language.
    const pageLang = document.documentElement.lang;
    const inOtherLanguage = (el: Element) => {
      const l = el.closest('[lang]')?.getAttribute('lang');
      return !!l && l !== pageLang;
    };
    const skip = 'script, style, noscript, code, pre, kbd, samp, textarea, svg, [data-user-text], [translate="no"]';
    const out: { where: string; text: string }[] = [];
    const label = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      const text = (n.textContent ?? '').trim();
      if (!parent || !text || parent.closest(skip) || inOtherLanguage(parent)) continue;
      out.push({ where: label(parent), text });
    }
    for (const el of Array.from(document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt], input[type=submit][value]'))) {
      if (el.closest(skip) || inOtherLanguage(el)) continue;
      for (const name of ['placeholder', 'title', 'aria-label', 'alt', 'value']) {
        if (name === 'value' && !(el.tagName === 'INPUT' && el.getAttribute('type') === 'submit')) continue;
        const v = el.getAttribute(name)?.trim();
        if (v) out.push({ where: `${label(el)}[${name}]`, text: v });
      }
    }
    out.push({ where: 'title', text: document.title });
    return out;
  });
}

/** The IAM's own role names: the IAM tab names them as the platform does, in every language. */
const IAM_ROLES = ['Viewer', 'Editor', 'Operator', 'Administrator', 'Reader', 'Writer', 'Manager'];

function findings(lang: Lang, url: string, texts: { where: string; text: string }[], english: Set<string>): Finding[] {
  const out: Finding[] = [];
  const names = [PROVIDER.org, ...PEOPLE, ...(/\/iam\b/.test(url) ? IAM_ROLES : [])];
  for (const { where, text } of texts) {
    const why: string[] = [];
    // Tokens that are addresses, paths or identifiers are the user's, not words; so are the
    // demo people's names.
    const words = names.reduce((t, name) => t.replaceAll(name, ' '), text)
      .split(/\s+/)
      .map((t) => t.replace(/^[“”"'«»(]+|[“”"'«»),.;!?]+$/g, ''))
      .filter((t) => t.length > 1 && (!/[@/:_<>]|^[a-z0-9]+(?:[-.][a-z0-9]+)+$|\d\p{L}|\p{L}\d/iu.test(t) || /^[\d.,]+$/.test(t)))
      .join(' ');
    if (lang !== 'en') {
      const hits = [...new Set((words.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => english.has(w)))];
      if (hits.length > 0) why.push(`English: ${hits.join(', ')}`);
      // A point before other than three digits (or after a lone 0) is a decimal point; the
      // Open Service Broker API's versions (2.12 to 2.17, and the unsupported 1.0 a
      // conformance check sends in X-Broker-API-Version) are names.
      const decimal = /(?<![\d.,])(?:0\.\d+|\d+\.(?!\d{3}(?![\d]))\d+)(?![\d.,])/;
      const versions = text.includes('X-Broker-API-Version: 1.0') ? /\b(?:2\.1\d|1\.0)\b/g : /\b2\.1\d\b/g;
      if (decimal.test(words.replace(versions, ' '))) why.push('a decimal point');
    }
    if (/\b[a-z]+(?:_[a-z]+)+\b/.test(words) || /\b[a-z]+\.[a-z]{2}\.[a-z_]+\b/.test(text)) why.push('a raw key');
    if (/\b\d{4}-\d{2}-\d{2}\b/.test(text)) why.push('an unformatted date');
    if (why.length > 0) out.push({ where, text: text.slice(0, 160), why: why.join('; ') });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The offerings the pages show, made once through the REST API (story.ts).

const PROVIDER = { ...newProvider('zeta'), name: 'Zeta Lorem' };
let broker: RunningBroker | undefined;
test.afterAll(() => broker?.stop());

function offeringPages(id: string, plan?: string): string[] {
  const tabs = ['', '/basics', '/text/en', '/text/de', '/media', '/plans', '/usage', '/brokers', '/iam', '/support', '/visibility', '/announcement', '/history'];
  return [...tabs.map((t) => `/offerings/${id}${t}`), ...(plan ? [`/offerings/${id}/plans/${plan}`] : [])];
}

async function signedInAs(browser: Browser, email: string, password: string, lang: Lang) {
  const context = await newContext(browser);
  await context.addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL() }]);
  const page = await context.newPage();
  await page.goto('/login');
  await settle(page);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await page.waitForURL(/\/dashboard(?:[?#].*)?$/);
  return { context, page };
}

async function visit(page: Page, lang: Lang, url: string, english: Set<string>, all: string[], status?: number) {
  const response = await page.goto(url);
  if (status !== undefined) expect(response?.status(), `HTTP status of ${url}`).toBe(status);
  else expect(response?.status(), `HTTP status of ${url}`).toBeLessThan(400);
  await settle(page);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  record(lang, url, await shownTexts(page), english, all);
}

function record(lang: Lang, where: string, texts: { where: string; text: string }[], english: Set<string>, all: string[]) {
  for (const f of findings(lang, where, texts, english)) all.push(`${lang} ${where} ${f.where}: "${f.text}" (${f.why})`);
}

let story: Story | undefined;

test.describe('every page in every language', () => {
  // Made once per worker (again after a failed test restarts it), so each language's test
  // reports its own findings.
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(240_000);
    story = await makeStory(browser, PROVIDER);
    broker = story.broker;
  });

  for (const lang of LANGUAGES) {
    test(`${lang}: no English, no raw key, numbers and dates for the language`, async ({ browser }) => {
      test.setTimeout(180_000);
      const s = story!;
      const english = englishOnly(lang);
      const all: string[] = [];

      const anon = await newContext(browser);
      await anon.addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL() }]);
      const visitor = await anon.newPage();
      for (const url of ['/login', '/catalog', '/catalog?q=zeta', '/catalog?q=qqqxqqq', `/catalog/${s.publicId}`]) await visit(visitor, lang, url, english, all);
      // What the estimator says: a refused quantity, then a priced one.
      const quantity = visitor.locator('#est-zeta-lorem-ZETA_UNITS');
      await quantity.fill('many');
      await expect(visitor.locator('.estimate-result .notice-error')).not.toBeEmpty();
      record(lang, `/catalog/${s.publicId} (estimator refused)`, await shownTexts(visitor), english, all);
      await quantity.fill('2000');
      await expect(visitor.locator('[data-total="USD"]')).toBeVisible();
      record(lang, `/catalog/${s.publicId} (estimate)`, await shownTexts(visitor), english, all);
      await visit(visitor, lang, '/no-such-page', english, all, 404);
      await anon.close();

      const owner = await signedInAs(browser, PROVIDER.email, PROVIDER.password, lang);
      const ownerPages = [
        // The owner's notifications (decisions, comments) are worded per reader; the reviewer's
        // are not visited: other suites' comments in English reach the same demo reviewer.
        '/notifications', '/dashboard', '/offerings/new', '/catalog', `/catalog/${s.publicId}`, '/account/tokens', '/members',
        ...offeringPages(s.inReview, s.plan), ...offeringPages(s.publicId), ...offeringPages(s.draft),
        `/offerings/${s.draft}/plans/new`,
      ];
      for (const url of ownerPages) await visit(owner.page, lang, url, english, all);
      // A page the owner may not open says why in the page's language.
      await visit(owner.page, lang, '/admin', english, all, 403);
      // A refused change of visibility names the button, the state and what is missing in the
      // page's language: the empty draft asked to become limited.
      const visibility = `/offerings/${s.draft}/visibility`;
      await owner.page.goto(visibility);
      await settle(owner.page);
      await owner.page.locator('form[data-event="make_limited"] button[type=submit]').click();
      const refusal = owner.page.locator('[data-testid="lifecycle"] ~ .notice-error');
      await expect(refusal).toBeVisible();
      await expect(refusal).not.toBeEmpty();
      record(lang, `${visibility} (refused)`, await shownTexts(owner.page), english, all);
      // The sign-in check against an issuer nobody answers for: what it called and what
      // failed, naming the identity provider (not a broker).
      const iam = `/offerings/${s.inReview}/iam`;
      await owner.page.goto(iam);
      await settle(owner.page);
      await owner.page.locator('#f-issuer').fill('http://127.0.0.1:9');
      await owner.page.locator('button[formaction*="check_sign_in"]').click();
      const issuerError = owner.page.locator('#f-issuer-error');
      await expect(issuerError).toContainText('127.0.0.1:9/.well-known/openid-configuration');
      if (lang === 'en') {
        await expect(issuerError).toContainText('The console could not connect to the identity provider');
        await expect(issuerError).not.toContainText('broker');
      }
      record(lang, `${iam} (issuer check)`, await shownTexts(owner.page), english, all);
      await owner.context.close();

      const reviewer = await signedInAs(browser, DEMO.reviewer, DEMO_PASSWORD, lang);
      for (const url of ['/review', ...s.requests.map((r) => `/review/${r}`)]) await visit(reviewer.page, lang, url, english, all);
      await reviewer.context.close();

      const admin = await signedInAs(browser, DEMO.admin, DEMO_PASSWORD, lang);
      await visit(admin.page, lang, '/admin', english, all);
      // The platform audit log: actions, subjects and changed fields in the page's language.
      await visit(admin.page, lang, '/admin/audit?action=organisation.create', english, all);
      await visit(admin.page, lang, '/admin/audit?from=2026-12-05&to=2026-12-01', english, all);
      await admin.context.close();

      expect(all, `what is not ${lang} on the console's pages`).toEqual([]);
    });
  }
});
