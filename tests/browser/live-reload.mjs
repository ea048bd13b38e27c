// `rajat serve` in a real browser: an author edits the Markdown of an open
// page and sees the change without reloading; a stylesheet edit is swapped in
// without a reload; a broken edit shows an overlay that goes when fixed.
//
//   node tests/browser/live-reload.mjs http://127.0.0.1:PORT/ SITE_DIR
//
// tests/browser.rs starts the server on a copy of a fixture site and runs this.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, Watch, check, contains } from './lib.mjs';

const [base, site] = process.argv.slice(2);
if (!base || !site) {
  console.error('usage: node live-reload.mjs BASE_URL SITE_DIR');
  process.exit(2);
}

function edit(rel, from, to) {
  const path = join(site, rel);
  const text = readFileSync(path, 'utf8');
  check(text.includes(from), `${rel} does not contain ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

const started = Date.now();
const browser = await launch();
const watch = new Watch(base);
const failures = [];
const test = async (name, body) => {
  const t0 = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    failures.push(name);
    console.log(`FAIL ${name}\n     ${String(error.stack || error).replace(/\n/g, '\n     ')}`);
  }
};

const context = await watch.context(browser, { viewport: { width: 800, height: 400 } });
const page = await context.newPage();
// The live-reload script connects to the event stream once the page has loaded.
const connected = page.waitForResponse((r) => r.url().endsWith('/rajat/events'));
await page.goto(new URL('situations/alpha/', base).href);
await connected;

await test('an edit to the Markdown appears without a manual reload, at the same scroll position', async () => {
  await page.evaluate(() => window.scrollTo(0, 120));
  const before = await page.evaluate(() => window.scrollY);
  const reconnected = page.waitForResponse((r) => r.url().endsWith('/rajat/events'), { timeout: 10000 });
  edit('content/situations/alpha.md', '- one', '- one, now edited live');
  await page.waitForFunction(() => document.body.innerText.includes('one, now edited live'), null, { timeout: 10000 });
  await page.waitForFunction((y) => window.scrollY === y, before, { timeout: 5000 });
  // The reloaded page listens again before the next edit.
  await reconnected;
});

await test('a stylesheet edit is swapped in without reloading the page', async () => {
  await page.evaluate(() => { window.rajatMarker = 'still here'; });
  edit('static/style.css', 'body { color: black; }', 'body { color: rgb(0, 128, 0); }');
  await page.waitForFunction(() => getComputedStyle(document.body).color === 'rgb(0, 128, 0)', null, { timeout: 10000 });
  const marker = await page.evaluate(() => window.rajatMarker);
  check(marker === 'still here', 'the page was reloaded instead of swapping the stylesheet');
});

await test('a broken edit shows the error over the page until it is fixed', async () => {
  edit('content/situations/alpha.md', 'title: Alpha', 'title: [Alpha');
  const overlay = page.locator('.rajat-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 10000 });
  contains(await overlay.innerText(), 'content/situations/alpha.md:2', 'the overlay names the file and line');
  contains(await page.locator('main').innerText(), 'one, now edited live', 'the last good page stays under the overlay');
  edit('content/situations/alpha.md', 'title: [Alpha', 'title: Alpha fixed');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Alpha fixed'), null, { timeout: 10000 });
  check((await overlay.count()) === 0, 'the overlay is gone once the page builds again');
});

await browser.close();
if (watch.foreign().length) {
  failures.push('no request to any other origin');
  console.log(`FAIL no request to any other origin: ${watch.foreign().join(', ')}`);
}
if (watch.errors.length) {
  failures.push('no console errors');
  console.log(`FAIL no console errors\n     ${watch.errors.join('\n     ')}`);
}
console.log(`${failures.length === 0 ? 'all passed' : `${failures.length} failed`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failures.length === 0 ? 0 : 1);
