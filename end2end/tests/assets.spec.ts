import { expect, settle, signIn, test } from './helpers';

// What the browser itself reports (Resource Timing) about the bundle it loads: the js, wasm
// and css arrive compressed under content-hashed names, and a later page takes them from its
// cache without asking the server again (immutable for a year). The first page's total is
// printed for the record; its goal (350 KB, issue 15) needs the bundle split by route first.

type Loaded = { name: string; transfer: number; encoded: number; decoded: number };

async function bundle(page: import('@playwright/test').Page): Promise<Loaded[]> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => new URL(e.name).pathname.startsWith('/pkg/'))
      .map((e) => ({
        name: new URL(e.name).pathname,
        transfer: e.transferSize,
        encoded: e.encodedBodySize,
        decoded: e.decodedBodySize,
      })),
  );
}

test('the bundle arrives compressed under hashed names and is cached across pages', async ({ page }) => {
  await page.goto('/login');
  await settle(page);
  const first = await bundle(page);
  const kinds = ['js', 'wasm', 'css'];
  for (const kind of kinds) {
    const file = first.find((f) => f.name.endsWith(`.${kind}`));
    expect(file, `the first page loads a .${kind} file: ${JSON.stringify(first)}`).toBeTruthy();
    expect(file!.name, 'a content-hashed name').toMatch(new RegExp(`^/pkg/rmc\\.[0-9a-f]{20}\\.${kind}$`));
    expect(file!.encoded, `${file!.name} arrives compressed`).toBeLessThan(file!.decoded * 0.6);
    expect(file!.transfer, `${file!.name} came over the network`).toBeGreaterThan(0);
  }
  const total = first.reduce((n, f) => n + f.transfer, 0);
  console.log(`[assets] first page (/login) bundle transferred: ${Math.round(total / 1024)} KB`);

  // A full load of another page: the same files, from the browser's cache.
  await signIn(page, 'owner@demo.example');
  await page.goto('/catalog');
  await settle(page);
  const again = await bundle(page);
  for (const kind of kinds) {
    const file = again.find((f) => f.name.endsWith(`.${kind}`));
    expect(file, `the next page loads the same .${kind}`).toBeTruthy();
    expect(file!.name).toBe(first.find((f) => f.name.endsWith(`.${kind}`))!.name);
    expect(file!.transfer, `${file!.name} comes from the cache, no request`).toBe(0);
  }
});
