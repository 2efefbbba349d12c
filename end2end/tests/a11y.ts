import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

// Shared page checks: axe-core (serious and critical issues fail) and no sideways scrolling
// at desktop and phone widths, with a full-page screenshot of each for people to look at.

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
export async function overflowingElements(page: Page): Promise<string[]> {
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


/** Checks the current page; `name` names its screenshots (`screens/<name>-<width>.png`). */
export async function expectAccessibleLayout(page: Page, testInfo: TestInfo, name: string): Promise<void> {
    // Accessibility: axe-core's rules, failing on serious and critical issues.
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const minor = results.violations.filter((v) => !bad.includes(v));
    if (minor.length > 0) {
      console.log(`[a11y] ${name}: minor/moderate issues (not failing):\n` + minor.map(describeViolation).join('\n'));
    }
    // Soft, so the layout checks and screenshots below still run.
    expect.soft(bad.map(describeViolation), `serious or critical axe violations on ${page.url()}`).toEqual([]);

    // Layout: no horizontal scrolling at desktop and phone widths.
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({
        path: path.join(testInfo.project.outputDir, 'screens', `${name}-${vp.width}.png`),
        fullPage: true,
      });
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      const culprits = scrollWidth > innerWidth ? await overflowingElements(page) : [];
      expect
        .soft(scrollWidth, `${page.url()} at ${vp.width}×${vp.height} scrolls sideways; widest elements:\n  ${culprits.join('\n  ')}`)
        .toBeLessThanOrEqual(innerWidth);
    }
  await page.setViewportSize(VIEWPORTS[0]);
}
