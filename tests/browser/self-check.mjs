// The client self-check: live results for several sets of answers, the
// situations that apply, and the hand-over to the refusal-letter builder.

import { check, contains, equal, waitForStatus } from './lib.mjs';

const PAGE = 'self-check/';
const QUESTIONS = ['guarantee', 'outside-your-skills', 'already-helped', 'third-party', 'no-respect', 'private-time', 'wont-pay'];

/** Answers every question: `yes` lists the questions answered "Yes", the rest get "No". */
async function answer(page, yes, only = QUESTIONS) {
  for (const id of only) {
    // The no-respect question's yes is "Yes, clearly".
    const name = yes.includes(id) ? (id === 'no-respect' ? 'Yes, clearly' : 'Yes') : 'No';
    await page.locator(`#${id}`).getByRole('radio', { name, exact: true }).check();
  }
}

async function result(page) {
  const live = page.locator('.rajat-result-live');
  const heading = live.locator('.rajat-result-heading');
  return {
    heading: (await heading.count()) ? (await heading.textContent()).trim() : '',
    text: (await live.textContent()).replace(/\s+/g, ' ').trim(),
    situations: await live.locator('.rajat-situations a').allTextContents(),
    // Where the link leads: written relative to the page, as every link of the site.
    letter: (await live.locator('.rajat-letter-link').count()) ? await live.locator('.rajat-letter-link').evaluate((a) => a.href) : null,
  };
}

export default {
  async 'self-check: results for five sets of answers, a stop answer among them'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    equal(await page.locator('.rajat-result-live').getAttribute('aria-live'), 'polite', 'results are announced politely');

    await answer(page, []);
    let r = await result(page);
    equal(r.heading, 'Nothing stands in the way', 'all no');
    contains(r.text, 'Score: 0 · 7 of 7 questions answered', 'all no: the score');
    equal(r.situations.length, 0, 'all no: no situation applies');
    equal(r.letter, null, 'all no: no letter to prepare');

    await answer(page, ['guarantee']);
    r = await result(page);
    equal(r.heading, 'One yes. Take it seriously', 'one yes');
    equal(r.situations.join(' | '), 'They want a guarantee and hand you all the responsibility', 'one yes: the situation');
    check(r.letter.endsWith('/guide/worksheets/refusal-packet/#reasons=guarantee'), `one yes: the letter link: ${r.letter}`);
    equal(new URL(await page.locator('.rajat-result-live .rajat-situations a').first().evaluate((a) => a.href)).pathname, '/guide/situations/guarantee/', 'the situation links to its page');

    await answer(page, ['guarantee', 'outside-your-skills', 'private-time']);
    r = await result(page);
    equal(r.heading, 'This is very likely a no', 'three yes');
    contains(r.text, 'Score: 3', 'three yes: the score');
    equal(r.situations.length, 3, 'three yes: three situations apply');
    check(r.letter.endsWith('#reasons=guarantee,outside-your-skills,private-time'), `three yes: the letter link: ${r.letter}`);

    await answer(page, ['wont-pay']);
    r = await result(page);
    equal(r.heading, 'Say no', 'a stop answer says no whatever the score');
    contains(r.text, 'Score: 1', 'the stop answer scores only 1');
    contains(r.text, 'a no on its own', 'the stop text');
    check(r.letter.endsWith('#reasons=wont-pay'), `stop: the letter link: ${r.letter}`);
    check(await page.locator('[data-rajat-band="stop"]').evaluate((e) => e.classList.contains('rajat-band--current')), 'the stop band is marked in the list');

    await page.getByRole('button', { name: 'Clear answers' }).click();
    await answer(page, ['guarantee'], ['guarantee']);
    r = await result(page);
    equal(r.heading, '', 'a half-answered check names no band yet');
    contains(r.text, 'Answer the remaining 6 questions to see what your score means.', 'the reader is told what is missing');
    equal(r.situations.length, 1, 'but the situation that applies is already shown');
    await context.close();
  },

  async 'self-check: unease alone counts, but is not a stop answer'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await answer(page, []);
    await page.locator('#no-respect').getByRole('radio', { name: "I feel uneasy, but I’m not sure" }).check();
    let r = await result(page);
    equal(r.heading, 'One yes. Take it seriously', 'unease is one point to look at, not a “say no”');
    equal(r.situations.join(), "They ignore ethics and don’t respect your space and rights", 'the situation to read');
    await answer(page, ['no-respect'], ['no-respect']);
    r = await result(page);
    equal(r.heading, 'Say no', 'a clear yes is a stop answer');
    await context.close();
  },

  async 'self-check: "prepare a refusal letter" opens the letter with the reasons ticked'({ browser, watch, base }) {
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + PAGE);
    await answer(page, ['guarantee', 'wont-pay']);
    await page.getByRole('link', { name: 'Prepare a refusal letter' }).click();
    await page.waitForURL('**/worksheets/refusal-packet/**');
    await waitForStatus(page, 'self-check');
    check(await page.getByLabel('They want a guarantee').isChecked(), 'the guarantee reason is ticked');
    check(await page.getByLabel("They can’t or won’t pay").isChecked(), 'the payment reason is ticked');
    check(!(await page.getByLabel('You already helped them with this').isChecked()), 'other reasons are not');
    // Two reasons apply; as the guide advises, the letter gives one short reason.
    contains(await page.locator('.rajat-letter-text').textContent(), 'The results you describe depend on many things', 'the preview has one reason');
    contains(await page.locator('.rajat-letter-advice').textContent(), 'one short reason', 'and says why only one');
    equal(new URL(page.url()).hash, '', 'the reasons leave the address bar once applied');
    await page.reload();
    check(await page.getByLabel('They want a guarantee').isChecked(), 'the ticked reasons are saved');
    await context.close();
  },
};
