// What a reader's browser loads to search a built guide: for each query,
// typed letter by letter into a fresh page opened from disk, the files of
// the search index the page had added by the time the results showed, and
// their bytes. Run by `cargo bench --bench pipeline -- search` where Node,
// Chromium and tests/browser's packages are installed:
//
//   node benches/pipeline/search-loads.mjs PUBLIC_FOLDER QUERY…

import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(new URL('../../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [folder, ...queries] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
try {
  for (const query of queries) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(`${folder}/index.html`).href);
    await page.locator('#search-input').focus();
    await page.keyboard.type(query);
    await page.waitForFunction((q) => {
      const status = document.getElementById('search-status')?.textContent ?? '';
      return document.getElementById('search-input').value === q && document.querySelector('.search--open') && status !== '' && !status.includes('…');
    }, query);
    const status = await page.locator('#search-status').textContent();
    const loaded = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter((src) => src.includes('/rajat/search/')));
    const parts = { index: [0, 0], stems: [0, 0], text: [0, 0] };
    for (const src of loaded) {
      const bytes = statSync(fileURLToPath(src)).size;
      const kind = /\/stems-\d+\.js$/.test(src) ? 'stems' : /\/text-\d+\.js$/.test(src) ? 'text' : 'index';
      parts[kind][0] += 1;
      parts[kind][1] += bytes;
    }
    const total = parts.index[1] + parts.stems[1] + parts.text[1];
    console.log(
      `  “${query}” (${status}): ${kb(total)} in ${loaded.length} files — index.js ${kb(parts.index[1])}, ` +
        `stems ${kb(parts.stems[1])} in ${parts.stems[0]}, pages and text ${kb(parts.text[1])} in ${parts.text[0]}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
