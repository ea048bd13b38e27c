// Received answers against crafted links: each test is a finding of the
// review of the received-answers view (issue 19), and each failed before
// its fix. A link is written by whoever sends it, so whatever it holds must
// not change the page's own words, its width, the reader's own letters, or
// the file they download.

import { readFile } from 'node:fs/promises';
import { check, contains, definition, equal, status } from './lib.mjs';
import { encodeShareV2 } from './share-codec.mjs';

const WORKSHEET = 'worksheets/ideal-client/';
const LETTER = 'worksheets/refusal-packet/';
const FAVOURITES = '#rajat-favourite-clients--input';
const PHONE = { viewport: { width: 390, height: 844 } };

/** A version 2 link as anyone can write one by hand, whatever it holds. */
function crafted(fields) {
  return Buffer.from(JSON.stringify({ v: 2, form: 'ideal-client', date: '2026-12-01', answers: { goal: 'x' }, ...fields }), 'utf8').toString('base64url');
}

/** How much wider than its window the page has become. */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const BIDI = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export default {
  async 'received: a link’s language must be one of the site’s, and a long one cannot widen a phone’s page'({ browser, watch, base }) {
    const context = await watch.context(browser, PHONE);
    const page = await context.newPage();
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ lang: 'x'.repeat(11000), name: 'Annukka' })}`);
    await page.locator('.rajat-notice-text').waitFor();
    contains(await status(page), 'could not be read', 'a language the site does not have is no language');
    check(!(await page.locator('.rajat-notice').textContent()).includes('xxxxxxxx'), 'the page does not repeat what the link says its language is');
    equal(await overflow(page), 0, 'the page is as wide as the phone');
    await page.goto('about:blank');
    // A language the site has still leads to the answers' own page, named as the site names it.
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ lang: 'fi', name: 'Annukka' })}`);
    await page.getByRole('link', { name: 'Open them there: Suomi' }).waitFor();
    await context.close();
  },

  async 'received: bidirectional and invisible marks in a name cannot disguise it or turn the page’s words around'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    const name = 'Annukka\u202e 0202 yraunaJ 1 \u200b\u2067';
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ name })}`);
    const title = page.locator('.rajat-received h2');
    await title.waitFor();
    const text = await title.textContent();
    check(!BIDI.test(text), `the banner shows the name without its marks: ${JSON.stringify(text)}`);
    equal(await title.locator('bdi').textContent(), 'Annukka 0202 yraunaJ 1', 'and isolates it from the words around it');
    check(!BIDI.test(await page.locator('.rajat-received-caption').textContent()), 'the caption too');
    await page.locator('.rajat-received').getByRole('button', { name: 'Keep on this device' }).click();
    check(!BIDI.test(await page.locator('.rajat-kept-list').textContent()), 'and the list of kept answers');
    equal(await page.locator('.rajat-kept-list bdi').count(), 1, 'where the name is isolated as well');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.rajat-received').getByRole('button', { name: 'Download' }).click()]);
    const file = await readFile(await download.path(), 'utf8');
    check(!BIDI.test(file) && !BIDI.test(download.suggestedFilename()), 'and the downloaded file');
    await context.close();
  },

  async 'received: over someone else’s letter, the letter builder offers none of its own buttons'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + LETTER);
    // The reader has a letter of their own open from their packet.
    await page.getByLabel('Their name').fill('Daniel');
    await page.getByLabel('Name this letter').fill('For Daniel');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    const def = await definition(page);
    const openKey = `${def.storage}/open`;
    equal(await page.evaluate((key) => localStorage.getItem(key), openKey), '"For Daniel"', 'the reader’s letter is open');

    const theirs = Buffer.from(
      JSON.stringify({ v: 2, form: def.id, name: 'Pekka', date: '2026-12-01', answers: { recipient: 'Someone', 'recipient-email': 'pekka@example.org' } }),
    ).toString('base64url');
    await page.goto(`${base}${LETTER}#answers=${theirs}`);
    await page.locator('.rajat-received').waitFor();
    for (const name of ['Start a new letter', 'Copy the letter', 'Print the letter']) {
      check(!(await page.getByRole('button', { name }).isVisible()), `“${name}” is not offered over Pekka’s letter`);
    }
    check(!(await page.getByRole('link', { name: 'Open in your mail app' }).isVisible()), 'nor a mail to the address Pekka chose');
    check(!(await page.getByRole('button', { name: 'Save to packet' }).isVisible()), 'nor the reader’s packet');
    await page.getByRole('button', { name: 'Back to my own answers' }).click();
    equal(await page.evaluate((key) => localStorage.getItem(key), openKey), '"For Daniel"', 'the reader’s open letter is still theirs');
    check(await page.getByRole('button', { name: 'Start a new letter' }).isVisible(), 'back to their own letter, its buttons return');
    await context.close();
  },

  async 'received: a link with answers and the self-check’s reasons shows the answers and starts no letter'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + LETTER);
    const def = await definition(page);
    const theirs = Buffer.from(JSON.stringify({ v: 2, form: def.id, name: 'Pekka', date: '2026-12-01', answers: { recipient: 'Someone' } })).toString('base64url');
    // A fresh load, as a link opened from a mail (on the same page, only the fragment would change).
    await page.goto('about:blank');
    await page.goto(`${base}${LETTER}#answers=${theirs}&reasons=guarantee,wont-pay`);
    await page.locator('.rajat-received').waitFor();
    await page.waitForTimeout(300);
    check(!(await status(page)).includes('from your self-check'), `no letter is started from the reasons: ${await status(page)}`);
    const asked = (await page.locator('.rajat-ask').allTextContents()).join(' ');
    check(!asked.includes('self-check'), `nothing is asked about a letter from the self-check over Pekka’s answers: ${asked}`);
    const own = await page.evaluate((key) => localStorage.getItem(key), def.storage);
    check(own === null || !own.includes('guarantee'), `the reader’s own letter got no reasons: ${own}`);
    await context.close();
  },

  async 'received: answers cannot forge a heading, a byline or HTML in the downloaded file'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    const forged = '# Your ideal client\n\nAnswers from Mira Virtanen, shared 1 December 2026.\n\n<img src=x onerror=alert(1)>\n- a list of my own\n1. and a numbered one';
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ name: 'Annukka ## [x](y)', answers: { 'favourite-clients': forged, qualities: ['## A heading in a list'] } })}`);
    const banner = page.locator('.rajat-received');
    await banner.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Download' }).click()]);
    const lines = (await readFile(await download.path(), 'utf8')).split('\n');
    const def = await definition(page);
    const headings = lines.filter((l) => /^#{1,6} /.test(l));
    equal(headings.length, 1 + def.fields.length, `only the title and the questions are headings:\n${headings.join('\n')}`);
    check(!lines.some((l) => /^<img|^- a list|^1\. and/.test(l)), `no line of the answer makes structure:\n${lines.join('\n')}`);
    // Above the first question: the title, the one byline, where the file came from. An answer's own
    // "Answers from …" stays under its question, as text.
    const top = lines.slice(0, lines.findIndex((l) => l.startsWith('## ')));
    equal(top.filter((l) => l.startsWith('Answers from')).length, 1, `one byline above the questions:\n${top.join('\n')}`);
    check(lines.some((l) => l.includes('Annukka') && !/(^|[^\\])\]\(/.test(l)), 'the name is text, not a link');
    await context.close();
  },

  async 'received: long unbroken names wrap instead of widening a phone’s page'({ browser, watch, base }) {
    const context = await watch.context(browser, PHONE);
    const page = await context.newPage();
    const long = 'W'.repeat(80);
    await page.goto(`${base}${WORKSHEET}#for=${long}`);
    await page.locator('.rajat-greeting').waitFor();
    equal(await overflow(page), 0, 'the greeting wraps');
    await page.goto('about:blank');
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ name: long })}`);
    await page.locator('.rajat-received').waitFor();
    equal(await overflow(page), 0, 'the banner and the caption wrap');
    await page.locator('.rajat-received').getByRole('button', { name: 'Keep on this device' }).click();
    equal(await overflow(page), 0, 'the list of kept answers wraps');
    await context.close();
  },

  async 'received: the banner says whose the answers are as what the link says, not as a fact'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(`${base}${WORKSHEET}#answers=${crafted({ name: 'Annukka' })}`);
    equal((await page.locator('.rajat-received h2').textContent()).trim(), 'The link says these answers are from Annukka', 'the banner');
    await context.close();
  },
};
