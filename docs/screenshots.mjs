// Photographs the built guide at BASE into OUT: the home page, a situation,
// and a worksheet on a phone (scrolled to its questions, one answered), each
// in light and dark. Run by docs/screenshots.sh; uses the browser tests'
// playwright-core (tests/browser/node_modules) and Debian's Chromium.
//
//   node docs/screenshots.mjs http://127.0.0.1:PORT/ docs/screenshots

import { createRequire } from 'node:module';


const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [base, out] = process.argv.slice(2);

const shots = [
  { name: 'home', path: '', viewport: { width: 1200, height: 860 } },
  { name: 'situation', path: 'situations/wont-pay/', viewport: { width: 1200, height: 860 } },
  {
    name: 'worksheet-phone',
    path: 'worksheets/red-lines/',
    viewport: { width: 390, height: 780 },
    phone: true,
    // The questions, with a first answer typed in, as a reader sees them.
    async prepare(page) {
      const form = page.locator('form.rajat-form').first();
      const field = form.locator('textarea, input[type="text"]').first();
      await field.fill('Says clearly what they need');
      await field.blur();
      // The theme scrolls smoothly; a picture wants the end of the scroll at once.
      await form.evaluate((f) => window.scrollTo({ top: f.getBoundingClientRect().top + window.scrollY - 16, behavior: 'instant' }));
      await page.waitForTimeout(300);
    },
  },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
for (const shot of shots) {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({
      viewport: shot.viewport,
      deviceScaleFactor: 1,
      colorScheme,
      isMobile: Boolean(shot.phone),
      hasTouch: Boolean(shot.phone),
    });
    const page = await context.newPage();
    await page.goto(new URL(shot.path, base).href, { waitUntil: 'networkidle' });
    if (shot.prepare) await shot.prepare(page);
    const file = `${out}/${shot.name}-${colorScheme}.png`;
    await page.screenshot({ path: file });
    console.log(file);
    await context.close();
  }
}
await browser.close();

