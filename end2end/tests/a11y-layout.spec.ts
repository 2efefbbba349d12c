import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO, settle, signIn } from './helpers';

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

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

type AxeViolation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

function describeViolation(v: AxeViolation): string {
  const nodes = v.nodes
    .slice(0, 5)
    .map((n) => `    at ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
    .join('\n');
  const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
  return `[${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
}

/** Elements whose right edge sticks out past the viewport (for a readable failure). */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = window.innerWidth;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5) {
        const id = el.id ? `#${el.id}` : '';
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        out.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px > ${vw} px)`);
        if (out.length >= 10) break;
      }
    }
    return out;
  });
}

for (const shot of PAGES) {
  test(`${shot.name} (${shot.path}${shot.as ? ` as ${shot.as}` : ', signed out'}): no serious a11y issues, no horizontal overflow`, async ({ page }, testInfo) => {
    if (shot.as) await signIn(page, shot.as);
    const response = await page.goto(shot.path);
    await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
    if (shot.status !== undefined) {
      expect(response?.status(), `HTTP status of ${shot.path}`).toBe(shot.status);
    }
    await settle(page);

    // Accessibility: axe-core's rules, failing on serious and critical issues.
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = results.violations.filter((v) => !bad.includes(v));
    if (minor.length > 0) {
      console.log(`[a11y] ${shot.name}: minor/moderate issues (not failing):\n` + minor.map(describeViolation).join('\n'));
    }
    // Soft, so the layout checks and screenshots below still run.
    expect.soft(bad.map(describeViolation), `serious or critical axe violations on ${shot.path}`).toEqual([]);

    // Layout: no horizontal scrolling at desktop and phone widths.
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({
        path: path.join(testInfo.project.outputDir, 'screens', `${shot.name}-${vp.width}.png`),
        fullPage: true,
      });
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      const culprits = scrollWidth > innerWidth ? await overflowingElements(page) : [];
      expect
        .soft(scrollWidth, `${shot.path} at ${vp.width}×${vp.height} scrolls sideways; widest elements:\n  ${culprits.join('\n  ')}`)
        .toBeLessThanOrEqual(innerWidth);
    }
  });
}
