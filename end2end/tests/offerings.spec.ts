import { type Locator, type Page, type Request } from '@playwright/test';
import { createOffering, createProvider, DEMO, expect, languageMenu, newContext, newProvider, openMenu, settle, signIn, test, uniqueName, UUID } from './helpers';

// The offering editor: create, catalog text in two languages with the live
// Markdown preview, field errors, the conflict on a stale save, the viewer's
// read-only view and the history.
//
// Every test creates its own offering with a unique name, so the tests do not
// depend on each other (the server and its database live for the whole run).

/** The editor's section tabs (Overview, Basics, Catalog text, History). */
function sectionTabs(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Offering sections', exact: true });
}

/** The form-level "Saved." notice. */
function savedNotice(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /^Saved\.$/ });
}

/** Clicks Save and waits for the server's answer to that save. */
async function save(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/save_/.test(new URL(r.url()).pathname));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await answered;
}

/**
 * After a successful save the editor reloads the offering once. Counts the
 * `load_offering` calls for a moment to catch a page that keeps reloading it
 * (and so never settles on the form and its "Saved." notice).
 */
async function expectOfferingReloadedOnce(page: Page): Promise<void> {
  let loads = 0;
  const count = (r: Request) => {
    if (/\/api\/load_offering/.test(new URL(r.url()).pathname)) loads += 1;
  };
  page.on('request', count);
  await page.waitForTimeout(1_500);
  page.off('request', count);
  expect(loads, 'load_offering calls in the 1.5 s after a save (expected one reload, then quiet)').toBeLessThanOrEqual(2);
}

type CatalogText = { display: string; short: string; long: string; title1: string };

async function fillCatalogText(page: Page, text: CatalogText): Promise<void> {
  await page.getByLabel('Display name', { exact: true }).fill(text.display);
  await page.getByLabel('Short description', { exact: true }).fill(text.short);
  await page.getByLabel('Long description', { exact: true }).fill(text.long);
  await page.getByLabel('Title 1', { exact: true }).fill(text.title1);
}

async function expectCatalogText(page: Page, text: CatalogText): Promise<void> {
  await expect(page.getByLabel('Display name', { exact: true })).toHaveValue(text.display);
  await expect(page.getByLabel('Short description', { exact: true })).toHaveValue(text.short);
  await expect(page.getByLabel('Long description', { exact: true })).toHaveValue(text.long);
  await expect(page.getByLabel('Title 1', { exact: true })).toHaveValue(text.title1);
}

/**
 * These tests work as the owner of an organisation of their own, made through the admin page,
 * so their offerings never show on the demo owner's dashboard (other suites expect it empty).
 */
const PROVIDER = { ...newProvider('offerings'), org: `E2E Offerings ${Date.now().toString(36)}` };

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER, [[DEMO.viewer, 'viewer']]);
});

test.describe('offerings', () => {
  test('the dashboard sorts its offerings by any column, by link', async ({ page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const prefix = uniqueName('sort');
    const first = await createOffering(page, `${prefix}-a`);
    // At 1280 px every section tab is in sight, the last one ("History") too.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/offerings/${first}`);
    await settle(page);
    const history = sectionTabs(page).getByRole('link', { name: 'History', exact: true });
    const box = (await history.boundingBox())!;
    const bar = (await sectionTabs(page).boundingBox())!;
    expect(box.x + box.width, 'History ends inside the tab bar').toBeLessThanOrEqual(bar.x + bar.width + 0.5);
    await createOffering(page, `${prefix}-b`);
    await page.goto(`/dashboard?q=${prefix}`);
    await settle(page);
    const names = page.locator('table.offerings tbody tr td:first-child a');
    await expect(names).toHaveText([`${prefix}-a`, `${prefix}-b`]);
    await expect(page.locator('th[data-sort="name"]')).toHaveAttribute('aria-sort', 'ascending');
    await page.locator('th[data-sort="name"] a').click();
    await expect(page).toHaveURL(/sort=name&dir=desc/);
    await expect(names).toHaveText([`${prefix}-b`, `${prefix}-a`]);
    await expect(page.locator('th[data-sort="name"]')).toHaveAttribute('aria-sort', 'descending');
    // Last change, newest first: b was created after a.
    await page.locator('th[data-sort="updated"] a').click();
    await page.locator('th[data-sort="updated"] a').click();
    await expect(page).toHaveURL(/sort=updated&dir=desc/);
    await expect(names).toHaveText([`${prefix}-b`, `${prefix}-a`]);
    await expect(page.locator('th[data-sort="name"]')).not.toHaveAttribute('aria-sort', /./);
  });

  test('a provider creates an offering and fills English and German text', async ({ page }) => {
    const name = uniqueName('text');
    const english: CatalogText = {
      display: 'Fast Object Storage',
      short: 'S3-compatible storage that is fast and reliable.',
      long: '# Fast\n\n**Reliable** storage',
      title1: 'Always on',
    };
    const german: CatalogText = {
      display: 'Schneller Objektspeicher',
      short: 'S3-kompatibler Speicher, schnell und zuverlässig.',
      long: '# Schnell\n\n**Zuverlässiger** Speicher',
      title1: 'Immer verfügbar',
    };

    await signIn(page, PROVIDER.email, PROVIDER.password);
    await settle(page);
    await expect(page.getByRole('main').getByRole('link', { name: 'Create offering', exact: true }).first()).toBeVisible();

    const id = await createOffering(page, name);
    await settle(page);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const identity = page.locator('dl.identity');
    await expect(identity.getByText(name, { exact: true })).toBeVisible();
    await expect(identity.getByText('Service ID (broker)')).toBeVisible();
    await expect(identity.locator('code.uuid')).toHaveText(id);

    // English catalog text, with the live preview of the long description.
    await sectionTabs(page).getByRole('link', { name: 'Catalog text', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}/text/en$`));
    await expect(page.getByRole('heading', { level: 2, name: 'Catalog text · English' })).toBeVisible();
    await fillCatalogText(page, english);
    const preview = page.locator('.markdown-preview');
    await expect(preview.locator('strong', { hasText: 'Reliable' })).toBeVisible();
    await expect(preview.getByRole('heading', { name: 'Fast' })).toBeVisible();
    await save(page);
    await expectOfferingReloadedOnce(page);
    await expect(savedNotice(page)).toBeVisible();
    await expectCatalogText(page, english);

    // German catalog text.
    await page.getByRole('navigation', { name: 'Languages', exact: true }).getByRole('link', { name: /^Deutsch/ }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}/text/de$`));
    await expect(page.getByRole('heading', { level: 2, name: 'Catalog text · Deutsch' })).toBeVisible();
    // Nothing is saved in German yet: the form is empty and says nothing about a save.
    await expect(page.getByLabel('Display name', { exact: true })).toHaveValue('');
    await expect(savedNotice(page), 'a "Saved." notice on the German tab before anything was saved there').toHaveCount(0);
    await fillCatalogText(page, german);
    await expect(preview.locator('strong', { hasText: 'Zuverlässiger' })).toBeVisible();
    await save(page);
    await expect(savedNotice(page)).toBeVisible();

    // An icon: a script-carrying SVG is refused with the reason, a clean one is kept and shown.
    await sectionTabs(page).getByRole('link', { name: 'Media', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}/media$`));
    await page.getByLabel('Icon file', { exact: true }).setInputFiles({
      name: 'bad.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('<script> element');
    await page.getByLabel('Icon file', { exact: true }).setInputFiles({
      name: 'icon.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f62fe"/></svg>'),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}/media\\?uploaded=1$`));
    await expect(savedNotice(page)).toBeVisible();
    const icon = page.getByRole('img', { name: `Icon of ${name}` });
    await expect(icon).toBeVisible();
    expect(await icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // The overview shows both languages and the media complete.
    await sectionTabs(page).getByRole('link', { name: 'Overview', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}$`));
    const completionRow = (language: string) =>
      page.getByRole('row').filter({ has: page.getByRole('link', { name: `Catalog text · ${language}`, exact: true }) });
    await expect(completionRow('English')).toContainText('100 %');
    await expect(completionRow('Deutsch')).toContainText('100 %');
    const mediaRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Media', exact: true }) });
    await expect(mediaRow).toContainText('100 %');

    // Stored for real: fresh loads of both tabs show what was typed.
    await page.reload();
    await expect(completionRow('English')).toContainText('100 %');
    await expect(completionRow('Deutsch')).toContainText('100 %');
    await page.goto(`/offerings/${id}/text/de`);
    await settle(page);
    await expectCatalogText(page, german);
    await page.goto(`/offerings/${id}/text/en`);
    await settle(page);
    await expectCatalogText(page, english);
    // The title is the English display name now.
    await expect(page.getByRole('heading', { level: 1, name: english.display })).toBeVisible();

    // Removing a language asks first; then its text is gone from the overview.
    await page.goto(`/offerings/${id}/text/de`);
    await settle(page);
    await page.locator('summary').filter({ hasText: 'Remove this language' }).click();
    await expect(page.locator('details.confirm')).toContainText('the catalog shows English instead');
    await page.getByRole('button', { name: 'Remove the text in this language', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}$`));
    await expect(completionRow('English')).toContainText('100 %');
    await expect(completionRow('Deutsch')).toHaveCount(0);
    await page.reload();
    await expect(completionRow('English')).toContainText('100 %');
    await expect(completionRow('Deutsch')).toHaveCount(0);
  });

  test('a validation error shows next to its field and the typed value stays', async ({ page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const id = await createOffering(page, uniqueName('invalid'));

    await page.goto(`/offerings/${id}/text/en`);
    await settle(page);
    const displayName = page.getByLabel('Display name', { exact: true });
    const tooLong = 'x'.repeat(70);
    await displayName.fill(tooLong);
    // Checked in the browser while typing, before any save.
    const error = page.locator('#f-display_name-error');
    await expect(error).toHaveText('Use at most 64 characters.');
    await expect(displayName).toHaveAttribute('aria-invalid', 'true');
    await expect(displayName).toHaveAccessibleDescription(/Use at most 64 characters\./);

    await save(page);
    await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved. Please correct the highlighted fields.' })).toBeVisible();
    await expect(displayName).toHaveValue(tooLong);
    await expect(error).toHaveText('Use at most 64 characters.');
    await expect(savedNotice(page)).toHaveCount(0);
    await expect(page.getByText('Saved.', { exact: true })).toHaveCount(0);

    // An empty announcement saved over none changes nothing: it asks for the text instead of
    // saying "Saved.".
    await page.goto(`/offerings/${id}/announcement`);
    await settle(page);
    await save(page);
    await expect(page.locator('#f-text-error')).toHaveText('This field is required.');
    await expect(savedNotice(page)).toHaveCount(0);

    // The name of a new offering has a pattern.
    await page.goto('/offerings/new');
    await settle(page);
    const nameInput = page.getByLabel('Name', { exact: true });
    await nameInput.fill('Bad_Name');
    await expect(page.locator('#f-name-error')).toHaveText(
      'Use 3–64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.',
    );
    await expect(nameInput).toHaveAttribute('aria-invalid', 'true');
  });

  test('two tabs editing the same offering: the second save shows the conflict', async ({ page, context }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const id = await createOffering(page, uniqueName('conflict'));

    const pageA = page;
    const pageB = await context.newPage();
    // Both tabs load version 1 before either saves.
    await pageA.goto(`/offerings/${id}/basics`);
    await pageB.goto(`/offerings/${id}/basics`);
    await settle(pageA);
    await settle(pageB);

    const providerA = pageA.getByLabel('Provider display name', { exact: true });
    await providerA.fill('Alpha');
    await save(pageA);
    await expect(savedNotice(pageA)).toBeVisible();

    const providerB = pageB.getByLabel('Provider display name', { exact: true });
    await providerB.fill('Beta');
    await save(pageB);
    const conflict = pageB.locator('.conflict');
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('Someone else saved this offering while you were editing.');
    const change = conflict.getByRole('listitem').filter({ hasText: 'Basics › Provider display name' });
    await expect(change).toHaveCount(1);
    await expect(change).toContainText('“Alpha”');
    await expect(savedNotice(pageB)).toHaveCount(0);
    await expect(providerB).toHaveValue('Beta');

    // Saving again, after seeing their change, applies ours on top.
    await save(pageB);
    await expect(savedNotice(pageB)).toBeVisible();
    await expect(conflict).toHaveCount(0);

    await pageA.reload();
    await settle(pageA);
    await expect(providerA).toHaveValue('Beta');
    await pageB.close();
  });

  test('a viewer cannot edit', async ({ browser, page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const id = await createOffering(page, uniqueName('viewer'));

    const viewerContext = await newContext(browser);
    try {
      const viewer = await viewerContext.newPage();
      await signIn(viewer, DEMO.viewer);
      await viewer.goto(`/offerings/${id}/basics`);
      await settle(viewer);
      await expect(viewer.getByText(/you can read this offering but not change it/)).toBeVisible();
      for (const label of ['Provider display name', 'Tags', 'Locations', 'Documentation URL', 'Terms of use URL']) {
        await expect(viewer.getByLabel(label, { exact: true }), `${label} is disabled`).toBeDisabled();
      }
      await expect(viewer.locator('#f-category')).toBeDisabled();
      await expect(viewer.locator('#f-bindable')).toBeDisabled();
      await expect(viewer.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();

      // The support model too.
      await viewer.goto(`/offerings/${id}/support`);
      await settle(viewer);
      await expect(viewer.getByLabel('Support e-mail', { exact: true })).toBeDisabled();
      await expect(viewer.getByLabel('Monday', { exact: true })).toBeDisabled();
      await expect(viewer.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();

      // The catalog text is read-only too.
      await viewer.goto(`/offerings/${id}/text/en`);
      await settle(viewer);
      await expect(viewer.getByLabel('Display name', { exact: true })).toBeDisabled();
      await expect(viewer.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
    } finally {
      await viewerContext.close();
    }
  });

  test('the history lists changes newest first', async ({ page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const id = await createOffering(page, uniqueName('history'));

    await page.goto(`/offerings/${id}/basics`);
    await settle(page);
    await page.getByLabel('Provider display name', { exact: true }).fill('History Corp');
    await page.locator('#f-bindable').check();
    await save(page);
    await expect(savedNotice(page)).toBeVisible();

    await sectionTabs(page).getByRole('link', { name: 'History', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/offerings/${id}/history$`));
    const rows = page.locator('table.history tbody tr');
    const check = async () => {
      await expect(rows).toHaveCount(2);
      // Actions and fields in words, values as people read them: no codes, no `null`.
      await expect(rows.nth(0)).toContainText('Edited the offering');
      await expect(rows.nth(0)).toContainText('Basics › Provider display name: History Corp');
      await expect(rows.nth(0)).toContainText('Basics › Instances can be bound: No → Yes');
      await expect(rows.nth(0)).toContainText(PROVIDER.email);
      await expect(rows.nth(1)).toContainText('Created the offering');
      const table = (await page.locator('table.history').innerText()).toLowerCase();
      for (const raw of ['offering.update', 'offering.create', 'null', 'true', 'false', 'organisation_id']) {
        expect(table, `the history shows no "${raw}"`).not.toContain(raw);
      }
    };
    await check();
    // The same on a fresh load (server-rendered).
    await page.reload();
    await check();

    // …and in German.
    await openMenu(languageMenu(page));
    await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
    await expect(rows.nth(0)).toContainText('Angebot bearbeitet');
    await expect(rows.nth(0)).toContainText('Grunddaten › Anzeigename des Anbieters: History Corp');
    await expect(rows.nth(0)).toContainText('Grunddaten › Instanzen können gebunden werden: Nein → Ja');
    await expect(rows.nth(1)).toContainText('Angebot angelegt');
  });
});
