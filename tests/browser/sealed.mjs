// Sealed answers, as three people meet them on a guide whose owner made a
// key with `rajat key new` (tests/browser.rs builds it so): the client, who
// sends; the owner, with the key file; and a stranger who gets hold of the
// link. Each is a browser context of its own, like a device of their own.
//
// What is checked is what each of them would notice: the stranger never sees
// an answer, nothing that leaves the client's browser holds one, the owner
// reads every answer and keeps their own, and answers too long for a mail
// link arrive whole, as a file.

import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, check, contains, definition, equal } from './lib.mjs';
import { findSecret, frontEnd, makeKey } from './share-codec.mjs';

const PAGE = 'worksheets/ideal-client/';
const FAVOURITES = '#rajat-favourite-clients--input';
const OWNER = 'Mira Virtanen';
const KEY_FILE = process.env.RAJAT_OWNER_KEY;
const PASSPHRASE = process.env.RAJAT_OWNER_PASSPHRASE;

/** What the client writes: nothing of it may leave their browser unsealed. */
const SECRETS = {
  [FAVOURITES]: 'The Lindqvist bakery, before the divorce',
  '#rajat-situation--input': 'Her brother owes the bank forty thousand',
  '#rajat-goal--input': 'To sleep through the night again',
};

/**
 * Long, varied answers, as a client who takes the worksheet seriously
 * writes them: each box a different 450 characters of the guide's own prose.
 * Sealed, they no longer fit the 2,000 characters of a mail link.
 */
async function longAnswers(count) {
  const files = ['guarantee', 'wont-pay', 'private-time', 'third-party', 'no-respect', 'already-helped', 'outside-your-skills', 'guarantee', 'wont-pay'];
  const out = [];
  for (const [i, name] of files.slice(0, count).entries()) {
    const text = await readFile(new URL(`../../content/situations/${name}.md`, import.meta.url), 'utf8');
    const prose = text.split('\n---\n')[1].replace(/[#*>\[\]()]/g, '').replace(/\s+/g, ' ');
    out.push(prose.slice(200 + i * 450, 650 + i * 450).trim());
  }
  return out;
}

/** The prose of every situation in the guide, in both languages, in one line: text that compresses as answers do. */
async function essays() {
  const names = ['guarantee', 'wont-pay', 'private-time', 'third-party', 'no-respect', 'already-helped', 'outside-your-skills'];
  const files = names.flatMap((name) => [`${name}.md`, `${name}.fi.md`]);
  const texts = await Promise.all(files.map((file) => readFile(new URL(`../../content/situations/${file}`, import.meta.url), 'utf8')));
  return texts.map((t) => t.split('\n---\n')[1].replace(/[#*>\[\]()]/g, '')).join(' ').replace(/\s+/g, ' ');
}

/** A context of its own: a device of its own. */
async function person(browser, watch, options = {}) {
  const context = await watch.context(browser, options);
  const page = await context.newPage();
  return { context, page };
}

/** The "Send to" mail link, once it is made for the answers as they are now. */
async function mailLink(page) {
  const send = page.getByRole('link', { name: `Send to ${OWNER}` });
  await page.waitForFunction(() => {
    const a = [...document.querySelectorAll('.rajat-share a.rajat-button')].find((e) => e.textContent.startsWith('Send to'));
    return a && a.getAttribute('href') !== 'mailto:' && a.dataset.fits;
  });
  // Two readings a moment apart agree: no update is still on its way.
  let href = await send.getAttribute('href');
  for (;;) {
    await page.waitForTimeout(150);
    const again = await send.getAttribute('href');
    if (again === href) return { send, href };
    href = again;
  }
}

/** The client fills in the worksheet they were invited to and opens the share box. */
async function clientWrites(page, base, answers = SECRETS) {
  await page.goto(`${base}${PAGE}#for=Annukka`);
  for (const [selector, text] of Object.entries(answers)) await page.locator(selector).fill(text);
  await page.getByLabel('A search').check();
  await page.getByRole('button', { name: 'Share as a link' }).click();
}

/** No answer of `answers` is in `text` (a link, a mail link, a file), however it is read. */
function noAnswerIn(text, what, answers = SECRETS) {
  for (const secret of Object.values(answers)) {
    const found = findSecret(text, secret);
    check(found === null, `${what} holds the answer “${secret}”: …${found}…`);
  }
}

/** The owner loads the key file on a page where sealed answers wait. */
async function loadKey(page, file = KEY_FILE, passphrase = PASSPHRASE) {
  const banner = page.locator('.rajat-sealed');
  const loader = banner.locator('details.rajat-key-loader');
  if (!(await loader.evaluate((d) => d.open))) await banner.getByText(`Are you ${OWNER}? Open them with your key file`).click();
  await page.locator('#rajat-key-file').setInputFiles(file);
  await page.getByLabel('Its passphrase').fill(passphrase);
  await banner.getByRole('button', { name: 'Open the answers' }).click();
}

/** The owner's own answers, as saved on their device. */
async function ownSaved(page) {
  const def = await definition(page);
  const raw = await page.evaluate((key) => localStorage.getItem(key), def.storage);
  return raw === null ? null : JSON.parse(raw).answers;
}

async function expectNoViolations(page, what) {
  const violations = await axeViolations(page);
  check(violations.length === 0, `${what}: axe-core found ${violations.length}:\n      ${violations.join('\n      ')}`);
}

export default {
  async 'sealed: the client sends, the owner alone reads, a stranger sees whom the answers are for'({ browser, watch, base }) {
    const owner = await person(browser, watch);
    await owner.page.goto(base + PAGE);
    await owner.page.locator(FAVOURITES).fill('Mine: Ana and Leo');

    const client = await person(browser, watch);
    await clientWrites(client.page, base);
    const box = client.page.locator('.rajat-share');
    contains(await box.textContent(), `Your answers are sealed here in your browser so that only ${OWNER} can open them.`, 'the client is told');
    check(!(await client.page.getByLabel('A link with your answers').isVisible()), 'the link anyone can read is not what the client is offered first');
    await expectNoViolations(client.page, 'the sealed share box');
    const { href } = await mailLink(client.page);
    check(href.startsWith('mailto:mira@example.org?subject='), `a mail to the owner: ${href.slice(0, 60)}`);
    check(href.length <= 2000, `the whole mail link fits 2,000 characters: ${href.length}`);
    noAnswerIn(href, 'the mail link');
    check(!decodeURIComponent(href).includes('Annukka'), 'the client’s name travels inside the seal only, not in the subject or a signature');
    const link = /https?:\/\/\S+#answers=[A-Za-z0-9_-]+/.exec(decodeURIComponent(href))[0];
    check(new URL(link).hash.startsWith('#answers=B'), 'the mail holds a sealed link');
    await client.page.getByRole('button', { name: 'Copy a sealed link' }).click();
    const copied = await client.page.evaluate(() => navigator.clipboard.readText());
    noAnswerIn(copied, 'the copied sealed link');
    check(copied.length <= 1000, `a short sealed link for three answers: ${copied.length} characters`);
    const [saved] = await Promise.all([client.page.waitForEvent('download'), client.page.getByRole('button', { name: 'Save as a sealed file' }).click()]);
    noAnswerIn(await readFile(await saved.path(), 'utf8'), 'the sealed file');
    await client.context.close();

    // A stranger who gets hold of the link: whom it is for, how they open it, and no answer.
    const stranger = await person(browser, watch);
    await stranger.page.goto(link);
    const banner = stranger.page.locator('.rajat-sealed');
    equal((await banner.locator('h2').textContent()).trim(), `These answers are sealed for ${OWNER}`, 'the stranger sees whom they are for');
    contains(await banner.textContent(), `Only ${OWNER} can open them, with their key file`, 'and how that person opens them');
    const text = await stranger.page.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
    noAnswerIn(text, 'the stranger’s page');
    equal(await stranger.page.locator('.rajat-notice').textContent(), '', 'no error is shown');
    equal(await stranger.page.locator('.rajat-received:visible').count(), 0, 'no received answers');
    await expectNoViolations(stranger.page, 'the sealed banner');
    const databases = await stranger.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    check(!databases.includes('rajat-keys'), `a visitor who loads no key gets no key store made for them: ${databases}`);
    await banner.getByText(`Are you ${OWNER}? Open them with your key file`).click();
    await expectNoViolations(stranger.page, 'the key loader');
    await stranger.context.close();

    // The owner opens the link in a new tab: first the key file, once.
    const tab = await owner.context.newPage();
    await tab.goto(link);
    await loadKey(tab, KEY_FILE, 'not the passphrase');
    await tab.locator('.rajat-sealed').getByText('That passphrase does not open this key file').waitFor();
    equal(await tab.locator('.rajat-received:visible').count(), 0, 'a wrong passphrase opens nothing');
    await tab.getByLabel('Its passphrase').fill(PASSPHRASE);
    await tab.locator('.rajat-sealed').getByRole('button', { name: 'Open the answers' }).click();
    const received = tab.locator('.rajat-received');
    await received.waitFor();
    equal((await received.locator('h2').textContent()).trim(), 'The link says these answers are from Annukka', 'whose answers the link says they are');
    contains(await received.textContent(), 'They were sealed for you and opened with your key', 'the owner is told they were sealed');
    check(!(await tab.locator('.rajat-sealed').isVisible()), 'the sealed banner gives way to the answers');
    for (const [selector, secret] of Object.entries(SECRETS)) equal(await tab.locator(selector).inputValue(), secret, `the owner reads ${selector}`);
    check(await tab.getByLabel('A search').isChecked(), 'and the client’s tick');
    equal((await ownSaved(tab))['favourite-clients'], 'Mine: Ana and Leo', 'the owner’s own answers are untouched');
    await expectNoViolations(tab, 'sealed answers, opened');

    // The browser keeps the key: a reload opens the answers at once.
    await tab.reload();
    await received.waitFor();
    equal(await tab.locator(FAVOURITES).inputValue(), SECRETS[FAVOURITES], 'after a reload, the key opens them again');
    equal((await ownSaved(tab))['favourite-clients'], 'Mine: Ana and Leo', 'the owner’s own answers are untouched across a reload');
    await received.getByRole('button', { name: 'Back to my own answers' }).click();
    equal(await tab.locator(FAVOURITES).inputValue(), 'Mine: Ana and Leo', 'back to the owner’s own answers');

    // The owner can make the browser forget the key.
    const keys = tab.locator('.rajat-keys');
    contains(await keys.textContent(), 'this guide’s key', 'the key is listed');
    await expectNoViolations(tab, 'the keys this browser holds');
    await keys.getByRole('button', { name: /^Forget this key, / }).click();
    await keys.locator('.rajat-kept-ask').getByRole('button', { name: 'Forget this key' }).click();
    await keys.waitFor({ state: 'hidden' });
    await tab.goto('about:blank');
    await tab.goto(link);
    await tab.locator('.rajat-sealed').waitFor();
    equal(await tab.locator('.rajat-received:visible').count(), 0, 'a forgotten key opens nothing');
    await owner.context.close();
  },

  async 'sealed: answers too long for a mail link go as a sealed file, which the owner opens'({ browser, watch, base }) {
    const client = await person(browser, watch);
    const long = {};
    const ids = ['favourite-clients', 'situation', 'goal', 'shared-work', 'respect', 'good-ending', 'gaps'];
    const texts = await longAnswers(ids.length);
    ids.forEach((id, i) => {
      long[`#rajat-${id}--input`] = texts[i];
    });
    const page = client.page;
    await clientWrites(page, base, long);
    const { send, href } = await mailLink(page);
    check(href.length <= 2000, `the mail link stays short: ${href.length}`);
    contains(decodeURIComponent(href), 'are in the attached file', 'the mail says the answers are attached');
    // The mail app itself does not open in a test; the page's own part of the click does.
    await page.evaluate(() => window.addEventListener('click', (e) => e.target.closest('a[href^="mailto:"]') && e.preventDefault(), true));
    const [download] = await Promise.all([page.waitForEvent('download'), send.click()]);
    const name = download.suggestedFilename();
    check(/^ideal-client-answers-\d{4}-\d{2}-\d{2}\.txt$/.test(name), `the file's name: ${name}`);
    // Kept past the client's context, as the owner's mail app keeps the attachment.
    const attachment = join(mkdtempSync(join(tmpdir(), 'rajat-mail-')), name);
    await download.saveAs(attachment);
    const file = await readFile(attachment, 'utf8');
    noAnswerIn(file, 'the answers file', long);
    contains(file, `sealed for ${OWNER}`, 'the file says whom it is for');
    contains(await page.locator('.rajat-share .rajat-share-status').textContent(), `too long for a mail link, so they are saved as a sealed file, ${name}`, 'the client is told in one sentence');
    await client.context.close();

    // The owner, key loaded, opens the file on the worksheet page.
    const owner = await person(browser, watch);
    await owner.page.goto(`${base}${PAGE}#answers=${/#answers=([A-Za-z0-9_-]+)/.exec(file)[1]}`);
    await loadKey(owner.page);
    await owner.page.locator('.rajat-received').waitFor();
    await owner.page.goto(base + PAGE);
    await owner.page.getByText('Open answers that came as a file').click();
    await owner.page.locator('#rajat-answers-file').setInputFiles(attachment);
    await owner.page.locator('.rajat-received').waitFor();
    for (const [selector, text] of Object.entries(long)) equal(await owner.page.locator(selector).inputValue(), text, `the file carries ${selector} whole`);
    await owner.page.getByRole('button', { name: 'Back to my own answers' }).click();
    // Dropped onto the page, the same file opens too.
    await owner.page.evaluate((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'answers.txt', { type: 'text/plain' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, file);
    await owner.page.locator('.rajat-received').waitFor();
    equal(await owner.page.locator(FAVOURITES).inputValue(), long[FAVOURITES], 'a dropped file opens');
    await owner.context.close();
  },

  async 'sealed: answers too long even for a link arrive whole as a file, and no sealed link is offered that cannot open'({ browser, watch, base }) {
    // Seven boxes of 5,000 characters, each a different stretch of the guide's own prose: a client
    // who pastes in notes. Sealed, they no longer fit the 16 KB a page reads from a link.
    const prose = (await essays()).slice(0, 7 * 5000);
    const ids = ['favourite-clients', 'situation', 'goal', 'shared-work', 'respect', 'good-ending', 'gaps'];
    const long = Object.fromEntries(ids.map((id, i) => [`#rajat-${id}--input`, prose.slice(i * 5000, (i + 1) * 5000)]));
    const client = await person(browser, watch);
    const page = client.page;
    await clientWrites(page, base, long);
    const { send } = await mailLink(page);
    const owner = await person(browser, watch);
    await owner.page.goto(base + PAGE);

    // "Copy a sealed link" never hands over a link the owner's page refuses.
    const copy = page.getByRole('button', { name: 'Copy a sealed link' });
    if ((await copy.isVisible()) && (await copy.isEnabled())) {
      await copy.click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      await owner.page.goto(copied);
      await owner.page.locator('.rajat-sealed, .rajat-notice-text').first().waitFor();
      equal(await owner.page.locator('.rajat-notice').textContent(), '', `the copied sealed link (${copied.length} characters) opens on the owner's page`);
      await owner.page.goto(base + PAGE);
    } else {
      contains(await page.locator('.rajat-share').textContent(), 'too long for a link', 'the client is told why there is no sealed link to copy');
    }

    // "Send to" saves the sealed file, and the file opens whole on the owner's page.
    await page.evaluate(() => window.addEventListener('click', (e) => e.target.closest('a[href^="mailto:"]') && e.preventDefault(), true));
    const [download] = await Promise.all([page.waitForEvent('download'), send.click()]);
    const attachment = join(mkdtempSync(join(tmpdir(), 'rajat-mail-')), download.suggestedFilename());
    await download.saveAs(attachment);
    noAnswerIn(await readFile(attachment, 'utf8'), 'the long answers file', long);
    await client.context.close();
    await owner.page.getByText('Open answers that came as a file').click();
    await owner.page.locator('#rajat-answers-file').setInputFiles(attachment);
    await owner.page.locator('.rajat-sealed, .rajat-notice-text').first().waitFor();
    equal(await owner.page.locator('.rajat-notice').textContent(), '', 'the owner’s page reads the file it was sent');
    await loadKey(owner.page);
    await owner.page.locator('.rajat-received').waitFor();
    for (const [selector, text] of Object.entries(long)) equal(await owner.page.locator(selector).inputValue(), text, `the file carries ${selector} whole`);
    await owner.context.close();
  },

  async 'sealed: after a new key, answers sealed to the old one open with the old file'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const old = await makeKey('old');
    const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Pekka', date: '2026-11-02', answers: { goal: 'An answer from before the new key' } }, old.public);
    const owner = await person(browser, watch);
    const page = owner.page;
    await page.goto(`${base}${PAGE}#answers=${code}`);
    contains(await page.locator('.rajat-sealed').textContent(), `sealed to an earlier key (${old.id})`, 'the page says which key they need');
    // The current key does not open them: the page says which file does.
    await loadKey(page);
    await page.locator('.rajat-sealed').getByText(`these answers are sealed to key ${old.id}`).waitFor();
    await loadKey(page, old.file, old.passphrase);
    await page.locator('.rajat-received').waitFor();
    equal(await page.locator('#rajat-goal--input').inputValue(), 'An answer from before the new key', 'the old file opens the old answers');
    const keys = await page.locator('.rajat-keys li').allTextContents();
    equal(keys.length, 2, 'both keys are kept');
    check(keys.some((k) => k.includes(old.id) && k.includes('an earlier key')), `the old key is named as earlier: ${keys}`);
    await owner.context.close();
  },

  async 'sealed: in Finnish, the same: the client sends, a stranger sees no answer, the owner reads and keeps their own'({ browser, watch, base }) {
    const fiPage = 'fi/tyokirjat/ihanneasiakas/';
    const secrets = {
      [FAVOURITES]: 'Lindqvistin leipomo ennen eroa',
      '#rajat-situation--input': 'Veli on pankille velkaa neljäkymmentätuhatta',
      '#rajat-goal--input': 'Nukkua taas yönsä hyvin',
    };
    const owner = await person(browser, watch);
    await owner.page.goto(base + fiPage);
    await owner.page.locator(FAVOURITES).fill('Omani: Aino ja Leo');

    const client = await person(browser, watch);
    await client.page.goto(`${base}${fiPage}#for=Annukka`);
    for (const [selector, text] of Object.entries(secrets)) await client.page.locator(selector).fill(text);
    await client.page.getByRole('button', { name: 'Jaa linkkinä' }).click();
    contains(await client.page.locator('.rajat-share').textContent(), `niin, että vain ${OWNER} voi avata ne`, 'the client is told in Finnish');
    await client.page.waitForFunction(() => /#answers=B/.test(decodeURIComponent(document.querySelector('.rajat-share a.rajat-button')?.href ?? '')));
    const href = await client.page.getByRole('link', { name: `Lähetä: ${OWNER}` }).getAttribute('href');
    check(href.length <= 2000, `the whole Finnish mail link fits 2,000 characters: ${href.length}`);
    noAnswerIn(href, 'the Finnish mail link', secrets);
    const link = /https?:\/\/\S+#answers=[A-Za-z0-9_-]+/.exec(decodeURIComponent(href))[0];
    const [saved] = await Promise.all([client.page.waitForEvent('download'), client.page.getByRole('button', { name: 'Tallenna sinetöitynä tiedostona' }).click()]);
    const name = saved.suggestedFilename();
    check(/^ihanneasiakas-vastaukset-\d{4}-\d{2}-\d{2}\.txt$/.test(name), `the Finnish file’s name: ${name}`);
    const attachment = join(mkdtempSync(join(tmpdir(), 'rajat-mail-')), name);
    await saved.saveAs(attachment);
    noAnswerIn(await readFile(attachment, 'utf8'), 'the Finnish sealed file', secrets);
    await client.context.close();

    const stranger = await person(browser, watch);
    await stranger.page.goto(link);
    equal((await stranger.page.locator('.rajat-sealed h2').textContent()).trim(), `Nämä vastaukset on sinetöity. Vastaanottaja: ${OWNER}`, 'a Finnish stranger sees whom they are for');
    const text = await stranger.page.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
    noAnswerIn(text, 'the Finnish stranger’s page', secrets);
    await stranger.context.close();

    const tab = await owner.context.newPage();
    await tab.goto(link);
    await tab.locator('.rajat-sealed').getByText(`Oletko ${OWNER}? Avaa vastaukset avaintiedostollasi`).click();
    await tab.locator('#rajat-key-file').setInputFiles(KEY_FILE);
    await tab.getByLabel('Avaintiedoston salalause').fill(PASSPHRASE);
    await tab.getByRole('button', { name: 'Avaa vastaukset' }).click();
    await tab.locator('.rajat-received').waitFor();
    equal((await tab.locator('.rajat-received h2').textContent()).trim(), 'Linkin mukaan vastaaja on Annukka', 'the Finnish banner');
    for (const [selector, secret] of Object.entries(secrets)) equal(await tab.locator(selector).inputValue(), secret, `the owner reads ${selector}`);
    await tab.reload();
    await tab.locator('.rajat-received').waitFor();
    equal((await ownSaved(tab))['favourite-clients'], 'Omani: Aino ja Leo', 'the owner’s own Finnish answers are untouched across a reload');
    // The file the client saved opens on the Finnish page too.
    await tab.goto(base + fiPage);
    await tab.getByText('Avaa tiedostona tulleet vastaukset').click();
    await tab.locator('#rajat-answers-file').setInputFiles(attachment);
    await tab.locator('.rajat-received').waitFor();
    equal(await tab.locator(FAVOURITES).inputValue(), secrets[FAVOURITES], 'the file opens on the Finnish page');
    await tab.getByRole('button', { name: 'Palaa omiin vastauksiini' }).click();
    equal(await tab.locator(FAVOURITES).inputValue(), 'Omani: Aino ja Leo', 'and back to the owner’s own');
    await owner.context.close();
  },

  async 'sealed: a key that finishes loading after another link came opens nothing over it'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const probe = await person(browser, watch);
    await probe.page.goto(base + PAGE);
    const def = await definition(probe.page);
    await probe.context.close();
    const sealedLink = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers: { goal: 'Annukka’s sealed goal' } }, def.contact.key);
    const plainLink = await share.encode({ form: 'ideal-client', lang: 'en', name: 'Pekka', date: '2026-12-01', answers: { goal: 'Pekka’s plain goal' } });
    const owner = await person(browser, watch);
    const page = owner.page;
    await page.goto(base + PAGE);
    await page.locator('#rajat-goal--input').fill('My own goal');

    // The owner starts opening Annukka's sealed answers, and before the key file is open
    // (PBKDF2 takes a moment) follows Pekka's link in the same tab.
    for (const [next, shown, what] of [
      [`answers=${plainLink}`, 'Pekka’s plain goal', 'Pekka’s link, which came last'],
      ['', 'My own goal', 'the owner’s own answers, which they went back to'],
    ]) {
      await page.goto('about:blank');
      await page.goto(`${base}${PAGE}#answers=${sealedLink}`);
      await page.locator('.rajat-sealed summary').click();
      await page.locator('#rajat-key-file').setInputFiles(KEY_FILE);
      await page.getByLabel('Its passphrase').fill(PASSPHRASE);
      await page.evaluate((hash) => {
        document.querySelector('.rajat-sealed button[type="submit"]').click();
        window.location.hash = hash;
      }, next);
      // The key is kept (listed at the end of the page); whatever it would open has had time to.
      await page.locator('.rajat-keys').waitFor();
      await page.waitForTimeout(1000);
      equal(await page.locator('#rajat-goal--input').inputValue(), shown, `the page shows ${what}`);
      await page.evaluate(() => new Promise((resolve) => {
        const request = indexedDB.deleteDatabase('rajat-keys');
        request.onsuccess = request.onerror = request.onblocked = resolve;
      }));
    }
    await owner.context.close();
  },

  async 'sealed: by keyboard, the key opens the answers where the focus is, and the owner hears when it was not kept'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const probe = await person(browser, watch);
    await probe.page.goto(base + PAGE);
    const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers: { goal: 'x' } }, (await definition(probe.page)).contact.key);
    await probe.context.close();
    // A browser that will not store the key (IndexedDB refused, as in some private windows).
    const context = await watch.context(browser);
    await context.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('refused here', 'SecurityError');
      };
    });
    const page = await context.newPage();
    await page.goto(`${base}${PAGE}#answers=${code}`);
    await page.locator('.rajat-sealed summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('#rajat-key-file').setInputFiles(KEY_FILE);
    await page.getByLabel('Its passphrase').focus();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.locator('.rajat-received').waitFor();
    await page.waitForTimeout(300);
    const focused = await page.evaluate(() => (document.activeElement.closest('.rajat-received') ? document.activeElement.textContent : `${document.activeElement.tagName}, outside the answers`));
    equal(focused, 'The link says these answers are from Annukka', 'the focus is on the answers it opened, as when a file opens');
    const said = (await page.locator('[role="status"]:visible').allTextContents()).join(' ');
    contains(said, 'this browser would not keep the key', 'the owner is told they will need the key file again');
    await context.close();
  },

  async 'sealed: a key file dragged onto “Your key file” goes into it, and is not read as answers'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const owner = await person(browser, watch);
    const page = owner.page;
    await page.goto(base + PAGE);
    const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers: { goal: 'Dropped in' } }, (await definition(page)).contact.key);
    await page.goto(`${base}${PAGE}#answers=${code}`);
    await page.locator('.rajat-sealed summary').click();
    // A real drag from the desktop, through the browser's own drag and drop (not a script's event).
    const box = await page.locator('#rajat-key-file').boundingBox();
    const cdp = await owner.context.newCDPSession(page);
    const drag = { x: box.x + box.width / 2, y: box.y + box.height / 2, data: { items: [], files: [KEY_FILE], dragOperationsMask: 1 } };
    for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...drag });
    await page.waitForTimeout(300);
    equal(await page.locator('.rajat-open-file .rajat-share-status').textContent(), '', 'the key file is not taken for an answers file');
    equal(await page.locator('#rajat-key-file').evaluate((input) => input.files.length), 1, 'the key file is in “Your key file”');
    await page.getByLabel('Its passphrase').fill(PASSPHRASE);
    await page.locator('.rajat-sealed').getByRole('button', { name: 'Open the answers' }).click();
    await page.locator('.rajat-received').waitFor();
    equal(await page.locator('#rajat-goal--input').inputValue(), 'Dropped in', 'the dropped key file opens the answers');
    await owner.context.close();
  },

  async 'sealed: a browser without CompressionStream (Safari before 16.4) is told what it cannot do, never left with a silent button'({ browser, watch, base }) {
    const context = await watch.context(browser);
    await context.addInitScript(() => {
      delete window.CompressionStream;
      delete window.DecompressionStream;
    });
    const page = await context.newPage();
    const uncaught = [];
    page.on('pageerror', (error) => uncaught.push(error.message));
    await page.goto(`${base}${PAGE}#for=Annukka`);
    await page.locator('#rajat-goal--input').fill('To sleep through the night');
    await page.getByRole('button', { name: 'Share as a link' }).click();
    await page.waitForTimeout(500);
    const send = page.getByRole('link', { name: `Send to ${OWNER}` });
    if (await send.isVisible()) {
      const href = await send.getAttribute('href');
      check(href.startsWith('mailto:mira@example.org?') && /#answers=/.test(decodeURIComponent(href)), `“Send to” mails the answers, not an empty mail: ${href}`);
    } else {
      check(!(await page.locator('.rajat-share').textContent()).includes('Your answers are sealed here'), 'without a way to send, the box promises no sealing');
    }
    equal(uncaught.join('\n'), '', 'no uncaught error on the page');
    await context.close();
  },

  async 'sealed: forgetting a key by keyboard keeps the focus on the page'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const owner = await person(browser, watch);
    const page = owner.page;
    await page.goto(base + PAGE);
    const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers: { goal: 'x' } }, (await definition(page)).contact.key);
    await page.goto(`${base}${PAGE}#answers=${code}`);
    await loadKey(page);
    await page.locator('.rajat-received').waitFor();
    const focused = () => page.evaluate(() => (document.activeElement === document.body ? 'nothing (the page itself)' : document.activeElement.textContent));
    const forget = page.locator('.rajat-keys').getByRole('button', { name: /^Forget this key, / });
    await forget.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // the safe answer has the focus: Cancel
    equal(await focused(), 'Forget this key', 'after Cancel, the focus is back on the button that asked');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab'); // to "Forget this key" in the question
    await page.keyboard.press('Enter');
    await page.locator('.rajat-keys').waitFor({ state: 'hidden' });
    check((await focused()) !== 'nothing (the page itself)', 'after forgetting, the focus is somewhere on the page, not lost');
    await owner.context.close();
  },

  async 'sealed: every state of the page passes axe in the dark too'({ browser, watch, base }) {
    const { share } = await frontEnd();
    const def = await (async () => {
      const probe = await person(browser, watch);
      await probe.page.goto(base + PAGE);
      const d = await definition(probe.page);
      await probe.context.close();
      return d;
    })();
    const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers: { goal: 'x' } }, def.contact.key);
    const dark = await person(browser, watch, { colorScheme: 'dark' });
    const page = dark.page;
    await page.goto(`${base}${PAGE}#for=Annukka`);
    await page.getByRole('button', { name: 'Share as a link' }).click();
    await page.getByText('Share with someone else: a plain link anyone can read').click();
    await expectNoViolations(page, 'the share box, dark');
    await page.goto(`${base}${PAGE}#answers=${code}`);
    await page.locator('.rajat-sealed').getByText(`Are you ${OWNER}?`).click();
    await expectNoViolations(page, 'the sealed banner, dark');
    await page.locator('.rajat-sealed').getByText(`Are you ${OWNER}?`).click();
    await loadKey(page);
    await page.locator('.rajat-received').waitFor();
    await expectNoViolations(page, 'sealed answers opened, dark');
    await page.getByText('Open answers that came as a file').click();
    await expectNoViolations(page, 'the file opener and the keys, dark');
    await dark.context.close();
  },
};
