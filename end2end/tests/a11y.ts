import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

// Shared page checks: axe-core (serious and critical issues fail) and the layout at desktop and
// phone widths, with a full-page screenshot of each for people to look at.

export const VIEWPORTS = [
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

/**
 * What is wrong with the layout of the page as it is drawn now, one line per element:
 *
 * - an element whose box reaches past the viewport's left or right edge, unless the nearest box
 *   that clips it sideways is a scroller that says so (below); past a box that scrolls sideways
 *   without saying so, that box is named instead;
 * - a box that scrolls sideways (`overflow-x: auto | scroll`, more content than width) and does
 *   not say so: a scroller says so with `role="region"`, an accessible name (`aria-label` or
 *   `aria-labelledby`) and `tabindex="0"`, as `.table-scroll` (ScrollRegion) does; or it is a
 *   named `<nav>` of links (the offering tabs on a phone). The visible hint (the shadow at the
 *   edge that has more) comes with the `.table-scroll` and `.tabs` styles; it is not measured;
 * - an element whose content is cut: `overflow-x: hidden | clip` (text-overflow: ellipsis needs
 *   one of those) with more content than width, wherever it is: scrolling does not reveal it.
 *
 * Form fields (their value scrolls inside them by nature) and visually hidden text (the 1 px
 * `.visually-hidden` pattern) are left out, as is anything not drawn (display: none, closed
 * `<details>`, visibility: hidden).
 */
export async function layoutFindings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const slack = 1; // px: sub-pixel rounding
    const out: string[] = [];
    const seen = new Set<Element>();
    const style = (el: Element) => getComputedStyle(el);
    const scrolls = (cs: CSSStyleDeclaration) => cs.overflowX === 'auto' || cs.overflowX === 'scroll';
    const clips = (cs: CSSStyleDeclaration) => cs.overflowX !== 'visible';
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const role = el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      return `${el.tagName.toLowerCase()}${id}${cls}${role}${text ? ` "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"` : ''}`;
    };
    /** A scroller that says it scrolls: a named region reachable by keyboard, or a named
     * navigation whose links are (focusing a link scrolls it into view). */
    const saysItScrolls = (el: Element) => {
      const role = el.getAttribute('role') ?? (el.tagName === 'NAV' ? 'navigation' : '');
      const named = !!(el.getAttribute('aria-label')?.trim() || el.getAttribute('aria-labelledby')?.trim());
      const reachable = el.getAttribute('tabindex') === '0' || (role === 'navigation' && !!el.querySelector('a[href]'));
      return scrolls(style(el)) && (role === 'region' || role === 'navigation') && named && reachable;
    };
    const hiddenCache = new Map<Element, boolean>();
    /** Visually hidden (the 1 px clip pattern), or inside such an element. */
    const visuallyHidden = (el: Element | null): boolean => {
      if (!el || el === document.body) return false;
      const cached = hiddenCache.get(el);
      if (cached !== undefined) return cached;
      const cs = style(el);
      const r = el.getBoundingClientRect();
      const own = cs.clipPath === 'inset(50%)' || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(cs.clip) || (cs.position === 'absolute' && r.width <= 1 && r.height <= 1 && cs.overflow !== 'visible');
      const hidden = own || visuallyHidden(el.parentElement);
      hiddenCache.set(el, hidden);
      return hidden;
    };
    const formField = (el: Element) => !!el.closest('input, select, textarea, option');
    const report = (el: Element, what: string) => {
      if (seen.has(el) || out.length >= 20) return;
      seen.add(el);
      out.push(`${describe(el)}: ${what}`);
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (el instanceof SVGElement && !(el instanceof SVGSVGElement)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (!el.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true })) continue;
      if (visuallyHidden(el) || formField(el)) continue;
      const cs = style(el);
      // Content wider than the box: scrolled (it must say so) or cut (never).
      if (el.scrollWidth > el.clientWidth + slack && clips(cs)) {
        if (!scrolls(cs)) report(el, `cuts its content (${cs.textOverflow === 'ellipsis' ? 'text-overflow: ellipsis, ' : ''}overflow-x: ${cs.overflowX}; ${el.scrollWidth} px of content in ${el.clientWidth} px)`);
        else if (!saysItScrolls(el)) report(el, `scrolls sideways (${el.scrollWidth} px of content in ${el.clientWidth} px) without saying so (role="region", aria-label, tabindex="0")`);
      }
      // Past the viewport's edge: fine only inside a box that clips it sideways.
      if (r.left < -slack || r.right > vw + slack) {
        let box = el.parentElement;
        while (box && box !== document.body && !clips(style(box))) box = box.parentElement;
        const where = `left ${Math.round(r.left)} px, right ${Math.round(r.right)} px, viewport 0–${vw} px`;
        if (!box || box === document.body) report(el, `reaches past the viewport's edge (${where})`);
        else if (scrolls(style(box)) && !saysItScrolls(box)) report(box, `scrolls sideways without saying so (role="region", aria-label, tabindex="0"); inside it ${describe(el)} reaches past the viewport (${where})`);
      }
    }
    return out;
  });
}

/**
 * How the text of each element `selector` matches is laid out: its text, the number of lines it
 * takes and the words broken across two lines (a word ends at a space or after a hyphen, where
 * a line may break; measured with a Range over each word's characters).
 */
export async function wordBreaks(page: Page, selector: string): Promise<{ text: string; lines: number; split: string[] }[]> {
  return page.locator(selector).evaluateAll((els) => els.map((el) => {
    const lineTops = new Set<number>();
    const split: string[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const word of (n.textContent ?? '').matchAll(/[^\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(n, word.index!);
        range.setEnd(n, word.index! + word[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        tops.forEach((t) => lineTops.add(t));
        if (tops.size > 1) split.push(word[0]);
      }
    }
    return { text: (el.textContent ?? '').trim(), lines: lineTops.size, split };
  }));
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

  // Layout at desktop and phone widths: no sideways scrolling of the page, nothing past the
  // viewport's edge but inside a scroller that says so, no cut text.
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
    const findings = await layoutFindings(page);
    expect.soft(scrollWidth, `${page.url()} at ${vp.width}×${vp.height} scrolls sideways:\n  ${findings.join('\n  ')}`).toBeLessThanOrEqual(innerWidth);
    expect.soft(findings, `${page.url()} at ${vp.width}×${vp.height}: overflow outside a scroller that says so, or cut text`).toEqual([]);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}
