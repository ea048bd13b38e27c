// The default theme as a reader uses it: copy buttons on the lines to say,
// the light/dark/system switch, the contents on a phone, the booklet.

import { COLOUR_RULES, axeViolations, check, equal } from './lib.mjs';

const SITUATION = 'situations/guarantee/';

export default {
  async 'copy buttons copy the quotation, by mouse and keyboard, and say so'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + SITUATION);
    const quotes = page.locator('.content blockquote');
    const buttons = page.getByRole('button', { name: 'Copy this text' });
    equal(await buttons.count(), await quotes.count(), 'every quotation has a copy button');
    check((await buttons.count()) >= 4, 'the lines to say and the sample reply');

    await buttons.first().click();
    await page.waitForFunction(() => document.querySelector('.copy-button')?.textContent === 'Copied');
    const first = (await quotes.first().locator('p').allInnerTexts()).join('\n\n');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    equal(`“${copied}”`, first, 'the line is copied, without the quotation marks around it');
    await page.waitForFunction(() => document.querySelector('[role="status"].visually-hidden')?.textContent.includes('copied'));
    equal((await buttons.first().textContent()).trim(), 'Copied', 'the button says it worked');

    // The sample reply, several paragraphs, from the keyboard.
    const last = buttons.last();
    await last.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('Hi '));
    const reply = await page.evaluate(() => navigator.clipboard.readText());
    check(reply.startsWith('Hi Daniel,') && reply.includes('\n\nThank you'), `the whole reply, its paragraphs apart: ${reply.slice(0, 60)}`);
    check(!reply.includes('Copy'), 'and not the button’s own word');
    await context.close();
  },

  async 'copy buttons are not there without JavaScript'({ browser, watch, base }) {
    const context = await watch.context(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + SITUATION);
    equal(await page.locator('.copy-button').count(), 0, 'no button that could not work');
    check(!(await page.locator('.theme-switch').isVisible()), 'nor a colour switch that could not');
    await context.close();
  },

  async 'the colour switch is remembered across a reload, with no flash of the other colours'({ browser, watch, base }) {
    const context = await watch.context(browser, { colorScheme: 'light' });
    // Notes the colours the page has when its body first appears: what the reader would see first.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body) {
          window.firstTheme = document.documentElement.dataset.theme ?? 'none';
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(base + SITUATION);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    const select = page.getByLabel('Colours');
    equal(await select.inputValue(), 'system', 'it starts by following the system');
    await select.selectOption('dark');
    check((await background()) !== light, 'dark applies at once');
    const dark = await background();

    await page.reload();
    equal(await page.evaluate(() => window.firstTheme), 'dark', 'dark from the first moment the page is drawn');
    equal(await background(), dark, 'and stays dark after a reload');
    equal(await page.getByLabel('Colours').inputValue(), 'dark', 'the switch shows the choice');
    for (const v of await axeViolations(page, COLOUR_RULES)) throw new Error(`dark by choice: ${v}`);

    await page.goto(`${base}worksheets/ideal-client/`);
    equal(await background(), dark, 'on every page of the site');
    for (const v of await axeViolations(page, COLOUR_RULES)) throw new Error(`a worksheet, dark by choice: ${v}`);

    await page.getByLabel('Colours').selectOption('system');
    await page.reload();
    equal(await background(), light, 'back to the system’s light');
    await context.close();

    // Light chosen on a dark system.
    const darkSystem = await watch.context(browser, { colorScheme: 'dark' });
    const other = await darkSystem.newPage();
    await other.goto(base + SITUATION);
    const systemDark = await other.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await other.getByLabel('Colours').selectOption('light');
    await other.reload();
    check((await other.evaluate(() => getComputedStyle(document.body).backgroundColor)) !== systemDark, 'light wins over a dark system');
    for (const v of await axeViolations(other, COLOUR_RULES)) throw new Error(`light by choice on a dark system: ${v}`);
    await darkSystem.close();
  },

  async 'on a phone the contents are one tap from the top of every page'({ browser, watch, base }) {
    const context = await watch.context(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const path of ['', SITUATION, 'worksheets/ideal-client/', 'self-check/']) {
      await page.goto(base + path);
      const link = page.getByRole('link', { name: 'Contents', exact: true });
      const box = await link.boundingBox();
      check(box && box.y + box.height <= 740, `${path || 'home'}: the contents link is on the first screen (${JSON.stringify(box)})`);
      const nav = page.getByRole('navigation', { name: 'Guide contents' });
      check(!(await nav.isVisible()), `${path || 'home'}: the contents wait until asked for`);
      await link.tap();
      await nav.waitFor({ state: 'visible' });
      const navBox = await nav.boundingBox();
      check(navBox.y < 740, `${path || 'home'}: one tap shows them (at ${navBox.y}px)`);
      check(await nav.getByRole('link', { name: 'Your ideal client' }).isVisible(), 'with the guide’s pages');
    }
    // Breadcrumbs stay on one line.
    await page.goto(base + SITUATION);
    const crumbs = await page.locator('.breadcrumbs ol').boundingBox();
    check(crumbs.height < 30, `the breadcrumbs are one line (${crumbs.height}px)`);
    await context.close();
  },

  async 'the booklet is linked from every page and never prints by itself'({ browser, watch, base }) {
    const context = await watch.context(browser);
    await context.addInitScript(() => {
      window.printed = 0;
      window.print = () => {
        window.printed += 1;
      };
    });
    const page = await context.newPage();
    for (const path of ['', SITUATION, 'worksheets/', '404.html']) {
      await page.goto(base + path);
      check((await page.getByRole('link', { name: 'The whole guide on one page, to print' }).count()) >= 1, `${path || 'home'} links to the booklet`);
    }
    await page.getByRole('link', { name: 'The whole guide on one page, to print' }).first().click();
    await page.waitForURL(/booklet\/$/);
    await page.waitForTimeout(500);
    equal(await page.evaluate(() => window.printed), 0, 'opening the booklet prints nothing');
    check((await page.locator('.booklet-page').count()) >= 17, 'every page is in it');
    // A link between pages stays within the booklet.
    const link = page.locator('.booklet-page a[href^="#p"]').first();
    const target = (await link.getAttribute('href')).slice(1);
    await link.click();
    equal(await page.evaluate(() => decodeURIComponent(location.hash.slice(1))), target, 'a link to another page jumps within the booklet');
    // A worksheet's own Print still prints the worksheet.
    await page.goto(`${base}worksheets/ideal-client/`);
    await page.getByRole('button', { name: 'Print' }).click();
    equal(await page.evaluate(() => window.printed), 1, 'a worksheet’s Print button prints');
    await context.close();
  },

  async 'opened from disk: styled, its links open pages, and worksheets say what they need'({ browser, site }) {
    check(site, 'run.mjs was given the built site’s folder');
    // Not watched: a page opened from a file may not load module scripts, which the browser reports.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(`file://${site}/index.html`);
    equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(251, 248, 243)', 'the stylesheet is found');
    await page.getByRole('navigation', { name: 'Guide contents' }).getByRole('link', { name: 'Worksheets' }).click();
    check(page.url().endsWith('/worksheets/index.html'), `a link opens the page, not a folder: ${page.url()}`);
    await page.getByRole('link', { name: 'Your ideal client' }).first().click();
    check(page.url().endsWith('/worksheets/ideal-client/index.html'), `and the next: ${page.url()}`);
    await page.locator('.file-note').waitFor({ state: 'visible' });
    check(!(await page.locator('.rajat-no-script').isVisible()), 'instead of the note about JavaScript');
    await page.goto(`file://${site}/booklet/index.html`);
    equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(251, 248, 243)', 'the booklet is styled too');
    await context.close();
  },

  async 'a page carries its own policy: with no server to send one, code written into it does not run'({ browser, site }) {
    check(site, 'run.mjs was given the built site’s folder');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    // From disk there is no server and no header: only the page's <meta> can hold the policy.
    await page.goto(`file://${site}/worksheets/ideal-client/index.html`);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.head.append(script);
      const img = document.createElement('img');
      img.src = 'https://example.org/tracker.png';
      document.body.append(img);
      await new Promise((r) => setTimeout(r, 200));
      return window.__injected === true;
    });
    check(!ran, 'inline code added to the page does not run');
    check(violations.some((v) => v.includes('Content Security Policy')), `the browser says the policy refused it: ${violations.join(' | ')}`);
    // The page's own files still work under it: the theme's script shows the note about files.
    await page.locator('.file-note').waitFor({ state: 'visible' });
    await context.close();
  },
};
