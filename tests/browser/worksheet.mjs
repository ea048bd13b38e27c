// A worksheet as a reader uses it: answers survive a reload, leave as text,
// Markdown and a share link, and bad links or old saved answers never break it.

import { readFile } from 'node:fs/promises';
import { check, contains, definition, equal, status, waitForStatus } from './lib.mjs';
import { encodeShare, encodeShareV2 } from './share-codec.mjs';

const PAGE = 'worksheets/ideal-client/';

/** Fills a few questions of every kind on the ideal-client worksheet. */
async function fill(page) {
  await page.getByLabel('Who are the two or three clients you have most enjoyed working with').fill('Ana, who did her homework.\nLeo & “Sam” <3');
  await page.getByLabel('What qualities does your ideal client have?, line 1').fill('Curious');
  await page.getByLabel('What qualities does your ideal client have?, line 2').fill('Decisive');
  await page.locator('#qualities').getByRole('button', { name: 'Add a line' }).click();
  await page.getByLabel('What qualities does your ideal client have?, line 4').fill('Pays on time');
  await page.getByLabel('A recommendation from someone they trust').check();
  await page.getByLabel('A search').check();
  await page.locator('#match').getByLabel('4').check();
}

async function expectFilled(page) {
  equal(await page.locator('#rajat-favourite-clients--input').inputValue(), 'Ana, who did her homework.\nLeo & “Sam” <3', 'the long answer');
  const lines = await page.locator('#qualities input').evaluateAll((inputs) => inputs.map((i) => i.value).filter(Boolean));
  equal(lines.join(' | '), 'Curious | Decisive | Pays on time', 'the list lines, the added one included');
  check(await page.getByLabel('A recommendation from someone they trust').isChecked(), 'a ticked answer is ticked again');
  check(!(await page.getByLabel('Social media').isChecked()), 'an answer not ticked stays unticked');
  check(await page.locator('#match').getByLabel('4').isChecked(), 'the scale answer is chosen again');
}

export default {
  async 'worksheet: answers persist after a reload'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    const response = await page.goto(base + PAGE);
    equal(response.headers()['content-security-policy'], "default-src 'self'", 'the test server sends the CSP header');
    check(await page.getByRole('button', { name: 'Copy answers' }).isVisible(), 'the script shows the buttons');
    await fill(page);
    await page.reload();
    await expectFilled(page);
    contains(await status(page), 'Welcome back', 'the reader is told their answers came back');
    const js = await watch.context(browser);
    check(!(await js.newPage().then(async (p) => { await p.goto(base + PAGE); return p.locator('.rajat-no-script').count(); })), 'with the script, the note about JavaScript goes');
    await js.close();
    await context.close();
  },

  async 'worksheet: copy as text and download as Markdown'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await fill(page);
    await page.getByRole('button', { name: 'Copy answers' }).click();
    await waitForStatus(page, 'copied');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    contains(text, '1. Who are the two or three clients', 'copied text has the questions');
    contains(text, 'Ana, who did her homework.', 'copied text has the answers');
    contains(text, '- Pays on time', 'copied text lists the lines');
    contains(text, '- A search', 'copied text names the ticked answers');
    contains(text, '3. What situation are they in when they come to you?\n(no answer)', 'unanswered questions say so');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as Markdown' }).click()]);
    equal(download.suggestedFilename(), 'ideal-client.md', 'the file name');
    const markdown = await readFile(await download.path(), 'utf8');
    contains(markdown, '# Your ideal client', 'Markdown title');
    contains(markdown, '## 2. What qualities does your ideal client have?\n\n- Curious\n- Decisive\n- Pays on time', 'Markdown lists');
    contains(markdown, '## 10. How closely does your current client list match this picture?\n\n4', 'Markdown scale answer');
    await context.close();
  },

  async 'worksheet: a shared link’s answers that do not fit the form are left out, the rest shown'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    const mixed = encodeShare('ideal-client', {
      'favourite-clients': 'Kept',
      qualities: 'not a list',
      match: '9',
      'first-contact': ['a-search', '<img src=x onerror=alert(1)>'],
      'no-such-question': 'x',
    });
    await page.goto(`${base}${PAGE}#answers=${mixed}`);
    equal(await page.locator('#rajat-favourite-clients--input').inputValue(), 'Kept', 'a fitting answer is used');
    check(await page.getByLabel('A search').isChecked(), 'a known choice is ticked');
    check(!(await page.locator('#match input:checked').count()), 'an impossible scale value is ignored');
    contains(await page.locator('.rajat-received').textContent(), 'did not fit this form', 'the reader is told some answers were left out');
    await context.close();
  },

  async 'worksheet: saved answers from an older form or garbage do not break it'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    const def = await definition(page);
    const old = { format: 1, schema: 'an-old-version', answers: { 'favourite-clients': 'From before', 'old-question': 'gone', qualities: [1, 'Kind', null], 'first-contact': 'a-search' } };
    await page.evaluate(([key, value]) => localStorage.setItem(key, JSON.stringify(value)), [def.storage, old]);
    await page.reload();
    equal(await page.locator('#rajat-favourite-clients--input').inputValue(), 'From before', 'a still-valid answer is restored');
    equal(await page.getByLabel('What qualities does your ideal client have?, line 1').inputValue(), 'Kind', 'valid list lines are kept');
    contains(await status(page), 'This form has changed', 'the reader is told about the change');
    for (const garbage of ['{not json', '"a string"', '[1,2,3]', 'null', '{"answers": 42}']) {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [def.storage, garbage]);
      await page.reload();
      equal(await page.locator('#rajat-favourite-clients--input').inputValue(), '', `a blank form after ${garbage}`);
    }
    await context.close();
  },

  async 'worksheet: clear and undo'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await fill(page);
    await page.getByRole('button', { name: 'Clear answers' }).click();
    equal(await page.locator('#rajat-favourite-clients--input').inputValue(), '', 'clear empties the form');
    await page.reload();
    equal(await page.locator('#rajat-favourite-clients--input').inputValue(), '', 'clear forgets the saved answers');
    await page.goBack().catch(() => {});
    await page.goto(base + PAGE);
    await fill(page);
    await page.getByRole('button', { name: 'Clear answers' }).click();
    await page.getByRole('button', { name: 'Undo clear' }).click();
    await expectFilled(page);
    await context.close();
  },

  async 'worksheet: printing shows every question and answer, no buttons'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await fill(page);
    await page.emulateMedia({ media: 'print' });
    const shown = (selector) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).display !== 'none');
    check(!(await shown('.rajat-actions')), 'buttons are not printed');
    check(!(await shown('.site-header')), 'the site header is not printed');
    check(await shown('#favourite-clients .rajat-print-answer'), 'a long answer prints in full');
    equal((await page.locator('#favourite-clients .rajat-print-answer').textContent()), 'Ana, who did her homework.\nLeo & “Sam” <3', 'the printed answer');
    check(await shown('#goal textarea'), 'an unanswered long question prints as lines to write on');
    check(!(await shown('button')) && !(await shown('.rajat-share')), 'no button prints');
    await page.locator('#rajat-situation--input').focus();
    const printed = await page.evaluate(() => {
      const input = document.querySelector('#rajat-situation--input');
      const style = getComputedStyle(input);
      return {
        outline: style.outlineStyle,
        height: input.getBoundingClientRect().height,
      };
    });
    equal(printed.outline, 'none', 'the focus ring does not print');
    check(printed.height >= 100, `an empty long answer leaves room to write (${printed.height}px)`);
    const pdf = await page.pdf({ format: 'A4' });
    check(pdf.length > 10000, 'the page prints to a PDF');
    await context.close();
  },

  async 'worksheet: placeholders never print'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(`${base}worksheets/red-lines/`);
    await page.emulateMedia({ media: 'print' });
    const colour = await page.locator('#rajat-hours--input').evaluate((e) => getComputedStyle(e, '::placeholder').color);
    equal(colour, 'rgba(0, 0, 0, 0)', 'the placeholder "e.g. Monday to Thursday" is transparent on paper');
    await context.close();
  },

  async 'worksheet: received answers print with whose they are'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(`${base}${PAGE}#answers=${encodeShareV2('ideal-client', 'Annukka', '2026-12-01', { 'favourite-clients': 'Theirs' })}`);
    await page.emulateMedia({ media: 'print' });
    const visible = async (selector) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).display !== 'none');
    check(await visible('.rajat-received-title'), 'the name prints');
    check(await visible('.rajat-received-meta'), 'the date prints');
    check(!(await visible('.rajat-received-actions')), 'the banner’s buttons do not');
    equal(await page.locator('#favourite-clients .rajat-print-answer').textContent(), 'Theirs', 'their answer prints');
    await context.close();
  },

  async 'worksheet: without JavaScript every question shows and no button does'({ browser, watch, base }) {
    const context = await watch.context(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + PAGE);
    equal(await page.locator('.rajat-field').count(), 11, 'questions on the page');
    check(await page.locator('#qualities input').first().isVisible(), 'list lines are there to fill in');
    check(!(await page.getByRole('button', { name: 'Copy answers' }).isVisible()), 'buttons that need the script are hidden');
    check(!(await page.getByRole('button', { name: 'Add a line' }).isVisible()), 'so is “Add a line”');
    await context.close();
  },

  async 'without JavaScript no form page promises what only the script does'({ browser, watch, base }) {
    const context = await watch.context(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    // Words that promise saving, sharing, live results or the builder.
    const promises = [/remembers/i, /kept in this browser/i, /stays? in this browser/i, /as you type/i, /take shape/i, /watch the letter/i,
      /links you to/i, /brings you back/i, /with your reasons already ticked/i, /share as a link/i, /saved/i, /appears here/i, /packet is kept/i];
    for (const path of ['worksheets/ideal-client/', 'worksheets/red-lines/', 'worksheets/refusal-packet/', 'self-check/']) {
      await page.goto(base + path);
      const text = await page.locator('main').innerText();
      for (const promise of promises) {
        check(!promise.test(text), `${path}: without JavaScript the page says something matching ${promise}:\n${text.split('\n').find((l) => promise.test(l))}`);
      }
      const note = page.locator('.rajat-no-script');
      check(await note.isVisible(), `${path}: a note says answers are not kept`);
      contains(await note.textContent(), 'cannot keep your answers', `${path}: the note`);
      contains(await note.textContent(), 'print', `${path}: and that printing works`);
    }
    await context.close();
  },
};
