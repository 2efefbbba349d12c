import { type Page } from '@playwright/test';
import { expectAccessibleLayout } from './a11y';
import { DEMO, expect, settle, signIn, test } from './helpers';

type Shot = {
  name: string;
  path: string;
  as: string | null; // who is signed in, or null for a signed-out visitor
  heading: string; // the page's <h1>
  status?: number; // the HTTP status the page must answer with
};

const PAGES: Shot[] = [
  { name: 'login', path: '/login', as: null, heading: 'Sign in to RMC' },
  { name: 'dashboard', path: '/dashboard', as: DEMO.owner, heading: 'Dashboard' },
  { name: 'catalog', path: '/catalog', as: DEMO.owner, heading: 'Catalog' },
  { name: 'review', path: '/review', as: DEMO.reviewer, heading: 'Review queue' },
  { name: 'admin', path: '/admin', as: DEMO.admin, heading: 'Administration' },
  { name: 'not-found', path: '/no-such-page', as: DEMO.owner, heading: 'Page not found', status: 404 },
];

for (const shot of PAGES) {
  test(`${shot.name} (${shot.path}${shot.as ? ` as ${shot.as}` : ', signed out'}): no serious a11y issues, no horizontal overflow`, async ({ page }, testInfo) => {
    if (shot.as) await signIn(page, shot.as);
    const response = await page.goto(shot.path);
    await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
    if (shot.status !== undefined) {
      expect(response?.status(), `HTTP status of ${shot.path}`).toBe(shot.status);
    }
    await settle(page);

    await expectAccessibleLayout(page, testInfo, shot.name);
  });
}
