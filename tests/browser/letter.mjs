// The refusal-letter builder: the letter's words and order, the mail link,
// copying, and the packet of saved letters.

import { readFile } from 'node:fs/promises';
import { check, contains, equal, waitForStatus } from './lib.mjs';

const PAGE = 'worksheets/refusal-packet/';

const EXPECTED = `Hi Daniel,

Thank you for getting in touch, and for trusting me with your request.

I've thought it over, and I'm not going to take this on. The results you describe depend on many things outside my control, and I won't promise an outcome nobody can honestly guarantee.

If you'd like to make a start on your own, here are a few things you could try:
- Ask five recent customers what almost stopped them buying.
- Write down what "success" would look like in a year.

For the work itself, a growth marketer & analyst would be a better fit than me, and I'd encourage you to get in touch.

I hope you find exactly the right help, and I wish you every success with it.

Warm wishes,
Mira`;

async function write(page) {
  await page.getByLabel('Their name').fill('Daniel');
  await page.getByLabel('They want a guarantee').check();
  await page.getByLabel('Things they can do on their own, line 1').fill('Ask five recent customers what almost stopped them buying.');
  await page.getByLabel('Things they can do on their own, line 2').fill('Write down what "success" would look like in a year.');
  await page.getByLabel('Someone who would suit them better').fill('a growth marketer & analyst');
  await page.getByRole('textbox', { name: 'Your name (required)' }).fill('Mira');
}

export default {
  async 'letter: the preview follows thank, decline, reason, close; mailto carries it'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    contains(await page.locator('.rajat-letter-text').textContent(), 'Hello,', 'before anything is typed the letter greets without a name');
    await write(page);
    equal(await page.locator('.rajat-letter-text').textContent(), EXPECTED, 'the letter');

    const href = await page.getByRole('link', { name: 'Open in your mail app' }).getAttribute('href');
    check(href.startsWith('mailto:?subject='), `a mailto link without an address: ${href.slice(0, 40)}`);
    const params = new URLSearchParams(href.slice('mailto:?'.length).replace(/\+/g, '%2B'));
    equal(params.get('subject'), 'Your request', 'the mail subject');
    equal(params.get('body'), EXPECTED.replace(/\n/g, '\r\n'), 'the mail body, with CRLF line breaks');
    check(!href.includes(' ') && !href.includes('\n') && href.includes('%26'), 'the mailto link is fully encoded');

    await page.getByRole('button', { name: 'Copy the letter' }).click();
    await waitForStatus(page, 'copied');
    equal(await page.evaluate(() => navigator.clipboard.readText()), EXPECTED, 'the copied letter');

    // Without a name the greeting changes; without a reason the decline stands alone.
    await page.getByLabel('Their name').fill('');
    await page.getByLabel('They want a guarantee').uncheck();
    const text = await page.locator('.rajat-letter-text').textContent();
    check(text.startsWith("Hello,\n\nThank you"), `greeting without a name: ${text.slice(0, 30)}`);
    contains(text, "I'm not going to take this on.\n\nIf you'd like", 'no reason, no extra sentence');
    await context.close();
  },

  async 'letter: named letters are saved to a packet on the device'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    check(await page.getByText('No letters saved yet.').isVisible(), 'an empty packet says so');
    await write(page);
    await page.getByLabel('Name this letter').fill('Wants a guarantee');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    await page.getByLabel('Their name').fill('Someone else');
    await page.getByLabel('They want a guarantee').uncheck();
    await page.getByLabel('Name this letter').fill('Plain no');
    await page.getByRole('button', { name: 'Save to packet' }).click();

    await page.reload();
    equal((await page.locator('.rajat-packet-name').allTextContents()).join(' | '), 'Wants a guarantee | Plain no', 'the packet after a reload');
    await page.getByRole('button', { name: 'Open “Wants a guarantee”' }).click();
    equal(await page.getByLabel('Their name').inputValue(), 'Daniel', 'opening a letter fills the form');
    equal(await page.locator('.rajat-letter-text').textContent(), EXPECTED, 'and shows its letter');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the packet' }).click()]);
    const packet = await readFile(await download.path(), 'utf8');
    contains(packet, `## Wants a guarantee\n\n${EXPECTED}`, 'the downloaded packet');
    contains(packet, '## Plain no\n\nHi Someone else,', 'every letter is in it');

    await page.getByRole('button', { name: 'Delete “Plain no”' }).click();
    await page.reload();
    equal((await page.locator('.rajat-packet-name').allTextContents()).join(' | '), 'Wants a guarantee', 'a deleted letter stays deleted');
    await context.close();
  },

  async 'letter: without JavaScript the questions still make a paper letter'({ browser, watch, base }) {
    const context = await watch.context(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + PAGE);
    equal(await page.getByLabel('Your clear no').inputValue(), "I've thought it over, and I'm not going to take this on.", 'the standard sentences are filled in');
    check(!(await page.getByRole('button', { name: 'Save to packet' }).isVisible()), 'the packet needs the script and is hidden');
    contains(await page.locator('.rajat-letter-text').textContent(), 'write it out using the questions above', 'the letter area says what to do');
    await context.close();
  },
};
