// Every page of the built guide, in light and dark: it loads, and axe-core
// finds no accessibility violation, also once the forms show their results.

import { COLOUR_RULES, axeViolations, check, waitForStatus } from './lib.mjs';

/** Every page's URL, from the sitemap, plus the 404 page and the booklet (kept out of the sitemap). */
async function allPages(page, base) {
  const response = await page.request.get(`${base}sitemap.xml`);
  const xml = await response.text();
  const urls = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  check(urls.length >= 10, `the sitemap lists the guide’s pages (found ${urls.length})`);
  return [...urls, `${base}404.html`, `${base}booklet/`];
}

/** Loads every page in one colour scheme and runs axe-core on it: every rule
 * in light mode, the colour rules in dark mode. */
async function everyPage({ browser, watch, base }, colorScheme) {
  const rules = colorScheme === 'dark' ? COLOUR_RULES : null;
  const problems = [];
  const context = await watch.context(browser, { colorScheme });
  const page = await context.newPage();
  for (const url of await allPages(page, base)) {
    const response = await page.goto(url);
    if (response.status() !== 200) problems.push(`${url}: HTTP ${response.status()}`);
    for (const v of await axeViolations(page, rules)) problems.push(`${url} (${colorScheme}): ${v}`);
  }
  await context.close();
  check(problems.length === 0, `${problems.length} problems:\n${problems.join('\n')}`);
}

export default {
  async 'every page in light mode: axe-core finds no violations'(env) {
    await everyPage(env, 'light');
  },

  async 'every page in dark mode: axe-core finds no contrast problems'(env) {
    await everyPage(env, 'dark');
  },

  async 'forms with answers, results and a letter: axe-core finds no violations'({ browser, watch, base }) {
    const problems = [];
    for (const colorScheme of ['light', 'dark']) {
      const context = await watch.context(browser, { colorScheme, viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${base}self-check/`);
      await page.locator('#guarantee').getByRole('radio', { name: 'Yes', exact: true }).check();
      await page.locator('#wont-pay').getByRole('radio', { name: 'Yes', exact: true }).check();
      await page.getByRole('button', { name: 'Share as a link' }).click();
      for (const v of await axeViolations(page)) problems.push(`self-check with a result (${colorScheme}): ${v}`);
      await page.getByRole('link', { name: 'Prepare a refusal letter' }).click();
      await waitForStatus(page, 'self-check');
      await page.getByLabel('Their name').fill('Daniel');
      await page.getByLabel('Name this letter').fill('First');
      await page.getByRole('button', { name: 'Save to packet' }).click();
      await page.getByLabel("They don’t respect your space").check();
      await page.getByLabel('Their name').fill('Someone else');
      await page.getByRole('button', { name: 'Open “First”' }).click();
      for (const v of await axeViolations(page)) problems.push(`letter with a saved packet and a question (${colorScheme}): ${v}`);
      await page.goto(`${base}worksheets/ideal-client/#for=Annukka`);
      await page.getByLabel('A search').check();
      await page.getByRole('button', { name: 'Share as a link' }).click();
      for (const v of await axeViolations(page)) problems.push(`worksheet with a greeting and the share box (${colorScheme}): ${v}`);
      const link = await page.getByLabel('A link with your answers').inputValue();
      await page.goto('about:blank');
      await page.goto(link);
      await page.getByRole('button', { name: 'Keep on this device' }).click();
      await page.getByRole('button', { name: 'Make these my own answers' }).click();
      for (const v of await axeViolations(page)) problems.push(`received answers, kept, with a question (${colorScheme}): ${v}`);
      await page.getByRole('button', { name: 'Back to my own answers' }).click();
      await page.getByText('Send this worksheet to a client').click();
      for (const v of await axeViolations(page)) problems.push(`own answers with the kept list and the invitation (${colorScheme}): ${v}`);
      await context.close();
    }
    check(problems.length === 0, `${problems.length} problems:\n${problems.join('\n')}`);
  },
};
