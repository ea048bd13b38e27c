// The Finnish edition as a Finnish reader uses it: no English word on the
// page whatever they do, answers kept apart from the English pages', the
// self-check handing over to the Finnish letter page, and a link shared in
// English that says where its answers belong.

import { readFile } from 'node:fs/promises';
import { check, contains, equal, status, waitForStatus } from './lib.mjs';
import { encodeShareV2 } from './share-codec.mjs';

const WORKSHEET = 'fi/tyokirjat/ihanneasiakas/';
const FAVOURITES = '#rajat-favourite-clients--input';

/** Every English sentence the forms' scripts and the theme can show (their words, split at `{placeholders}`). */
async function englishPhrases() {
  const files = ['src/front-end/words/en.yaml', 'themes/default/strings/en.yaml'];
  const phrases = new Set();
  for (const file of files) {
    const text = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
    for (const line of text.split('\n')) {
      const m = /^[A-Za-z_]+: "?(.*?)"?$/.exec(line);
      if (!m) continue;
      for (const part of m[1].split(/\{\w+\}/)) {
        const phrase = part.replace(/^[\s.,:;()“”"]+|[\s.,:;()“”"]+$/g, '');
        // Words such as "Markdown" or "PDF" read the same in Finnish; a phrase of two English words does not.
        if (/[a-z]{2,} [a-z]{2,}/i.test(phrase)) phrases.add(phrase);
      }
    }
  }
  return [...phrases];
}

/** The English phrases on the page, in its text and in what it says to screen readers. */
async function englishOn(page, phrases) {
  const said = await page.evaluate(() => {
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      texts.push(el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder'), el.getAttribute('alt'));
    }
    return texts.filter(Boolean).join('\n');
  });
  return phrases.filter((p) => said.includes(p));
}

export default {
  async 'languages: a Finnish worksheet shows no English, and keeps its answers apart from the English one'({ browser, watch, base }) {
    const phrases = await englishPhrases();
    check(phrases.length > 100, `the English words were read (${phrases.length})`);
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + WORKSHEET);
    equal(await page.locator('html').getAttribute('lang'), 'fi', 'the page is Finnish');
    await page.locator(FAVOURITES).fill('Oma vastaukseni: Aino ja Eero');
    await page.getByRole('button', { name: 'Kopioi vastaukset' }).click();
    await waitForStatus(page, 'kopioitu');
    await page.getByRole('button', { name: 'Jaa linkkinä' }).click();
    await page.getByText('Lähetä työkirja asiakkaalle').click();
    equal((await englishOn(page, phrases)).join(' | '), '', 'no English after copying, sharing and opening the invitation');

    await page.reload();
    equal(await page.locator(FAVOURITES).inputValue(), 'Oma vastaukseni: Aino ja Eero', 'the answer came back');
    contains(await status(page), 'Tervetuloa takaisin', 'the reader is welcomed back in Finnish');
    equal((await englishOn(page, phrases)).join(' | '), '', 'no English after a reload');

    await page.goto(base + 'worksheets/ideal-client/');
    equal(await page.locator(FAVOURITES).inputValue(), '', 'the English worksheet has answers of its own (none yet)');
    check((await englishOn(page, phrases)).length > 5, 'on the English page the check does find English');
    await page.locator(FAVOURITES).fill('My English answer');
    await page.goto(base + WORKSHEET);
    equal(await page.locator(FAVOURITES).inputValue(), 'Oma vastaukseni: Aino ja Eero', 'the Finnish answer is untouched');

    // Received answers say whose they are and when, as Finnish writes a date.
    const code = encodeShareV2('ideal-client', 'Annukka', '2026-12-01', { 'favourite-clients': 'Annukan vastaus' });
    await page.goto(`${base}${WORKSHEET}#answers=${code}`);
    const banner = page.locator('.rajat-received');
    await banner.waitFor();
    contains(await banner.textContent(), 'Annukka', 'the name');
    contains(await banner.textContent(), '1. joulukuuta 2026', 'the date, the Finnish way');
    equal(await englishOn(page, phrases).then((p) => p.join(' | ')), '', 'no English about received answers');
    await context.close();
  },

  async 'languages: the Finnish self-check hands its reasons to the Finnish letter page'({ browser, watch, base }) {
    const phrases = await englishPhrases();
    const context = await watch.context(browser);
    const page = await context.newPage();
    await page.goto(base + 'fi/pikatesti/');
    for (const id of ['guarantee', 'outside-your-skills', 'already-helped', 'third-party', 'no-respect', 'private-time', 'wont-pay']) {
      await page.locator(`#${id}`).getByRole('radio', { name: id === 'guarantee' ? 'Kyllä' : 'Ei', exact: true }).check();
    }
    const live = page.locator('.rajat-result-live');
    contains(await live.textContent(), 'Pisteet: 1', 'the result, in Finnish');
    equal((await englishOn(page, phrases)).join(' | '), '', 'no English in the result');
    await page.getByRole('link', { name: 'Kirjoita kieltäytymiskirje' }).click();
    await page.waitForURL('**/fi/tyokirjat/vastauspankki/**');
    await waitForStatus(page, 'pikatestin');
    check(await page.getByLabel('Asiakas vaatii takuuta').isChecked(), 'the reason is ticked on the Finnish letter page');
    check(!(await page.getByLabel('Asiakas ei voi tai halua maksaa').isChecked()), 'and only that one');
    const letter = await page.locator('.rajat-letter-text').textContent();
    check(letter.startsWith('Hei,'), `the letter is Finnish: ${letter.slice(0, 60)}`);
    equal((await englishOn(page, phrases)).join(' | '), '', 'no English on the letter page');
    await context.close();
  },

  async 'languages: a link shared on the English worksheet, opened on the Finnish one, says where it belongs'({ browser, watch, base }) {
    const client = await watch.context(browser);
    const theirs = await client.newPage();
    await theirs.goto(base + 'worksheets/ideal-client/');
    await theirs.locator(FAVOURITES).fill('Annukka’s answer');
    await theirs.getByRole('button', { name: 'Share as a link' }).click();
    const link = await theirs.getByLabel('A link with your answers').inputValue();
    await client.close();

    const owner = await watch.context(browser);
    const page = await owner.newPage();
    await page.goto(base + WORKSHEET);
    await page.locator(FAVOURITES).fill('Omani');
    await page.goto(link.replace('worksheets/ideal-client/', WORKSHEET));
    const notice = page.getByText('toisessa kieliversiossa');
    await notice.waitFor();
    equal(await page.locator(FAVOURITES).inputValue(), 'Omani', 'the owner’s own answer is still there');
    const there = page.getByRole('link', { name: /English/ }).filter({ has: page.locator('xpath=self::*[contains(@href, "answers=")]') });
    check((await there.count()) === 1, 'a link opens the answers on the English page');
    await there.click();
    await page.waitForURL('**/worksheets/ideal-client/**');
    await page.getByText('Annukka’s answer', { exact: false }).or(page.locator(FAVOURITES)).first().waitFor();
    equal(await page.locator(FAVOURITES).inputValue(), 'Annukka’s answer', 'the answers show where they were given');
    await owner.close();
  },
};
