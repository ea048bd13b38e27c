// The refusal-letter builder: the letter's words and order, the mail link,
// copying, and the packet of saved letters.

import { readFile } from 'node:fs/promises';
import { check, contains, equal, waitForStatus } from './lib.mjs';

const PAGE = 'worksheets/refusal-packet/';

const EXPECTED = `Hi Daniel,

Thank you for getting in touch, and for trusting me with your request.

I’ve thought it over, and I’m not going to take this on. The results you describe depend on many things outside my control, and I won’t promise an outcome nobody can honestly guarantee.

If you’d like to make a start on your own, here are a few things you could try:
- Ask five recent customers what almost stopped them buying.
- Write down what "success" would look like in a year.

For the work itself, a growth marketer & analyst would be a better fit than me, and I’d encourage you to contact them.

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
    contains(text, "I’m not going to take this on.\n\nIf you’d like", 'no reason, no extra sentence');
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
    await page.locator('.rajat-packet-list .rajat-ask').getByRole('button', { name: 'Delete' }).click();
    await page.reload();
    equal((await page.locator('.rajat-packet-name').allTextContents()).join(' | '), 'Wants a guarantee', 'a deleted letter stays deleted');
    await context.close();
  },

  async 'letter: a letter from the self-check starts fresh, with no leftovers of a saved one'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await page.getByLabel('Their name').fill('Jordan');
    await page.getByLabel('Their email address').fill('jordan@example.com');
    await page.getByLabel('Someone who would suit them better').fill('a colleague of mine');
    await page.getByRole('textbox', { name: 'Your name (required)' }).fill('Ella');
    await page.getByLabel('Name this letter').fill('Jordan');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    await waitForStatus(page, 'saved in your packet');

    await page.goto(`${base}self-check/`);
    for (const id of ['guarantee', 'outside-your-skills', 'already-helped', 'third-party', 'no-respect', 'private-time', 'wont-pay']) {
      const yes = id === 'guarantee' || id === 'wont-pay';
      await page.locator(`#${id}`).getByRole('radio', { name: yes ? /^Yes/ : 'No', exact: !yes }).first().check();
    }
    await page.getByRole('link', { name: 'Prepare a refusal letter' }).click();
    await waitForStatus(page, 'from your self-check');
    equal(await page.getByLabel('Their name').inputValue(), '', 'no name left over from the saved letter');
    equal(await page.getByLabel('Their email address').inputValue(), '', 'no address left over');
    equal(await page.getByLabel('Someone who would suit them better').inputValue(), '', 'no referral left over');
    equal(await page.getByLabel('Name this letter').inputValue(), '', 'the new letter has no name yet');
    equal(await page.getByLabel('Your clear no (required)').inputValue(), "I’ve thought it over, and I’m not going to take this on.", 'the standard sentences');
    const text = await page.locator('.rajat-letter-text').textContent();
    check(text.startsWith('Hello,\n\n'), `the greeting names nobody: ${text.slice(0, 20)}`);
    check(await page.getByLabel("They can’t or won’t pay").isChecked() && await page.getByLabel('They want a guarantee').isChecked(), 'the self-check’s reasons are ticked');
    equal((await page.locator('.rajat-packet-name').allTextContents()).join(), 'Jordan', 'the saved letter is still in the packet');

    // An unsaved draft is not thrown away unasked when the self-check sends a new letter.
    await page.getByLabel('Their name').fill('Someone unsaved');
    await page.goto(`${base}self-check/`);
    await page.goto(`${base}${PAGE}#reasons=third-party`);
    const ask = page.locator('form .rajat-ask');
    contains(await ask.textContent(), 'not in your packet', 'the builder asks first');
    equal(await page.getByLabel('Their name').inputValue(), 'Someone unsaved', 'and meanwhile keeps the draft');
    await ask.getByRole('button', { name: 'Keep writing' }).click();
    equal(await page.getByLabel('Their name').inputValue(), 'Someone unsaved', '“Keep writing” keeps it');
    check(!(await page.getByLabel('The request comes through a third party').isChecked()), 'and ticks nothing');
    await page.goto(`${base}self-check/`);
    await page.goto(`${base}${PAGE}#reasons=third-party`);
    await ask.getByRole('button', { name: 'Start the new letter' }).click();
    equal(await page.getByLabel('Their name').inputValue(), '', 'a new letter, when asked for');
    check(await page.getByLabel('The request comes through a third party').isChecked(), 'with the reason ticked');
    await context.close();
  },

  async 'letter: opening a saved letter or starting a new one never drops unsaved changes unasked'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await page.getByLabel('Their name').fill('Alex');
    await page.getByLabel('Name this letter').fill('For Alex');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    await page.getByRole('button', { name: 'Start a new letter' }).click();
    equal(await page.getByLabel('Their name').inputValue(), '', 'a saved letter makes way for a new one without a question');
    await page.getByLabel('Their name').fill('Blake');
    await page.getByRole('button', { name: 'Open “For Alex”' }).click();
    const ask = page.locator('.rajat-letter .rajat-ask');
    contains(await ask.textContent(), 'not in your packet', 'opening asks first');
    await ask.getByRole('button', { name: 'Keep writing' }).click();
    equal(await page.getByLabel('Their name').inputValue(), 'Blake', '“Keep writing” keeps the draft');
    await page.getByRole('button', { name: 'Start a new letter' }).click();
    await ask.getByRole('button', { name: 'Keep writing' }).click();
    equal(await page.getByLabel('Their name').inputValue(), 'Blake', 'a new letter asks too');
    await page.getByRole('button', { name: 'Open “For Alex”' }).click();
    await ask.getByRole('button', { name: 'Open “For Alex”' }).click();
    equal(await page.getByLabel('Their name').inputValue(), 'Alex', 'the saved letter opens when the reader says so');
    equal(await page.getByLabel('Name this letter').inputValue(), 'For Alex', 'under its name');
    await context.close();
  },

  async 'letter: saving under a name already in the packet asks before replacing'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await page.getByLabel('Their name').fill('First');
    await page.getByLabel('Name this letter').fill('Same name');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    await page.getByRole('button', { name: 'Start a new letter' }).click();
    await page.getByLabel('Their name').fill('Second');
    await page.getByLabel('Name this letter').fill('Same name');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    const ask = page.locator('.rajat-packet .rajat-ask');
    contains(await ask.textContent(), 'already has a letter named “Same name”', 'the builder asks');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    const saved = async () => page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith('/packet'));
      return JSON.parse(localStorage.getItem(key)).map((l) => `${l.name}: ${l.answers.recipient}`).join(' | ');
    });
    equal(await saved(), 'Same name: First', 'cancelling keeps the saved letter');
    await page.getByRole('button', { name: 'Save to packet' }).click();
    await ask.getByRole('button', { name: 'Replace “Same name”' }).click();
    equal(await saved(), 'Same name: Second', 'replacing, when asked for, leaves one letter of that name');
    await context.close();
  },

  async 'letter: one short reason or none, as the guide advises, unless the reader chooses'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    const GUARANTEE = 'The results you describe depend on many things';
    const PAY = 'My prices are fixed';
    const RESPECT = "I don’t believe we would work well together";
    const letter = () => page.locator('.rajat-letter-text').textContent();
    check(await page.getByLabel('As the guide advises (one short reason, or none with a pushy client)').isChecked(), 'the builder starts as the guide advises');
    await page.getByLabel('They want a guarantee').check();
    contains(await letter(), GUARANTEE, 'one reason ticked: it is given');
    await page.getByLabel("They can’t or won’t pay").check();
    let text = await letter();
    check(text.includes(GUARANTEE) && !text.includes(PAY), 'two reasons ticked: only one is given');
    contains(await page.locator('.rajat-letter-advice').textContent(), 'one short reason', 'the builder says why');
    await page.getByLabel("They don’t respect your space").check();
    text = await letter();
    check(!text.includes(GUARANTEE) && !text.includes(PAY) && !text.includes(RESPECT), `a pushy client gets no reason:\n${text}`);
    contains(await page.locator('.rajat-letter-advice').textContent(), 'gives no reason', 'the builder says why');
    await page.getByLabel('Every reason I ticked').check();
    text = await letter();
    check(text.includes(GUARANTEE) && text.includes(PAY) && text.includes(RESPECT), 'the reader can give every reason');
    check(!(await page.locator('.rajat-letter-advice').isVisible()), 'and is not lectured about it');
    await page.getByLabel('One short reason', { exact: true }).check();
    text = await letter();
    check(text.includes(GUARANTEE) && !text.includes(PAY) && !text.includes(RESPECT), 'or one');
    await page.getByLabel('No reason at all').check();
    text = await letter();
    check(!text.includes(GUARANTEE) && text.includes("I’m not going to take this on.\n\n"), 'or none');
    await context.close();
  },

  async 'letter: the subject and the recipient’s address go into the mail link'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    const mail = page.getByRole('link', { name: 'Open in your mail app' });
    equal(await page.getByLabel('The subject line').inputValue(), 'Your request', 'the subject starts as the guide’s');
    await page.getByLabel('The subject line').fill('Your launch & the campaign');
    await page.getByLabel('Their email address').fill('daniel@example.com');
    let href = await mail.getAttribute('href');
    check(href.startsWith('mailto:daniel@example.com?subject=Your%20launch%20%26%20the%20campaign&body='), `the mail link: ${href.slice(0, 80)}`);
    await page.getByLabel('Their email address').fill('daniel at example');
    href = await mail.getAttribute('href');
    check(href.startsWith('mailto:?subject='), `an unusable address is left out: ${href.slice(0, 40)}`);
    contains(await page.locator('.rajat-letter-mail-note').textContent(), 'does not look like an email address', 'and the reader is told');
    await context.close();
  },

  async 'letter: a printed letter is the letter alone, on one page'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await write(page);
    await page.emulateMedia({ media: 'print' });
    const shown = (selector) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).display !== 'none');
    check(await shown('.rajat-letter-text'), 'the letter prints');
    check(!(await shown('.rajat-fields')) && !(await shown('.page-header')), 'the questions and the page do not');
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
    equal(pages, 1, 'pages in the printed letter');
    await context.close();
  },

  async 'letter: without JavaScript the questions still make a paper letter'({ browser, watch, base }) {
    const context = await watch.context(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base + PAGE);
    equal(await page.getByLabel('Your clear no').inputValue(), "I’ve thought it over, and I’m not going to take this on.", 'the standard sentences are filled in');
    check(!(await page.getByRole('button', { name: 'Save to packet' }).isVisible()), 'the packet needs the script and is hidden');
    contains(await page.locator('.rajat-letter-text').textContent(), 'Write it out using the questions above', 'the letter area says what to do');
    await context.close();
  },
};
