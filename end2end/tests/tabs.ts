import { type Page } from '@playwright/test';
import { expect, settle } from './helpers';

/** The offering editor's tabs: their link text and path below `/offerings/<id>`. */
export const TABS: [string, string][] = [
  ['Overview', ''], ['Basics', '/basics'], ['Catalog text', '/text/en'], ['Media', '/media'],
  ['Announcement', '/announcement'], ['Plans', '/plans'], ['Usage test', '/usage'], ['IAM', '/iam'],
  ['Support', '/support'], ['Brokers', '/brokers'], ['Visibility', '/visibility'], ['History', '/history'],
];

/**
 * Every tab of offering `id`, loaded directly and then reached by client-side navigation from
 * the overview. A page error on any of them (a hydration panic, say) fails the test through the
 * fixture; a tab link that falls back to a full page load (what a broken hydration leaves) loses
 * the marker set on `window` and fails here.
 */
export async function everyTab(page: Page, id: string, state: string): Promise<void> {
  for (const [name, path] of TABS) {
    await page.goto(`/offerings/${id}${path}`);
    await settle(page);
    await expect(page.locator('nav.tabs a[aria-current="page"]'), `${name} (${state}), direct`).toHaveText(name);
  }
  await page.goto(`/offerings/${id}`);
  await settle(page);
  await page.evaluate((s) => { (window as unknown as Record<string, string>).__rmcStay = s; }, state);
  const tabs = page.getByRole('navigation', { name: 'Offering sections', exact: true });
  for (const [name, path] of TABS) {
    await tabs.getByRole('link', { name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/offerings/${id}${path}`);
    await settle(page);
    await expect(page.locator('nav.tabs a[aria-current="page"]'), `${name} (${state}), client-side`).toHaveText(name);
    const stayed = await page.evaluate(() => (window as unknown as Record<string, string>).__rmcStay);
    expect(stayed, `${name} (${state}) was reached without a full page load`).toBe(state);
  }
}
