import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:3950';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(base + '/login');
await page.fill('#email', 'owner@demo.example');
await page.fill('#password', 'demo-password');
await page.click('main button[type=submit]');
await page.waitForURL(/dashboard/);
await page.goto(base + '/offerings/new');
await page.waitForLoadState('networkidle');
await page.fill('#f-name', 'fast-postgres');
await page.click('main form button[type=submit]');
await page.waitForURL(/offerings\/[0-9a-f-]{36}$/);
const id = page.url().split('/').pop();
await page.goto(`${base}/offerings/${id}/text/en`);
await page.waitForLoadState('networkidle');
await page.fill('#f-display_name', 'Fast Postgres');
await page.fill('#f-long_description', '# Fast Postgres\n\nManaged **PostgreSQL** with point-in-time recovery.\n\n- Backups\n- Replicas');
await page.waitForTimeout(800);
for (const [name, path] of [['overview', ''], ['basics', '/basics'], ['text', '/text/en'], ['media', '/media'], ['announcement', '/announcement'], ['history', '/history']]) {
  for (const w of [1280, 390]) {
    await page.setViewportSize({ width: w, height: w === 1280 ? 800 : 844 });
    if (name !== 'text' || w === 390) { await page.goto(`${base}/offerings/${id}${path}`); await page.waitForLoadState('networkidle'); }
    await page.screenshot({ path: `/tmp/shots/${name}-${w}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (overflow) console.log('OVERFLOW', name, w);
  }
}
await page.setViewportSize({ width: 1280, height: 800 });
await page.goto(base + '/dashboard'); await page.waitForLoadState('networkidle');
await page.screenshot({ path: `/tmp/shots/dashboard-1280.png`, fullPage: true });
await browser.close();
