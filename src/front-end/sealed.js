// Sealed answers as the page shows them: what anyone sees of answers sealed
// for the guide's owner (whom they are for, and how that person opens them;
// never the answers), the owner's key file loaded once in each browser, the
// keys this browser holds and a way to forget them, and answers that came
// as a file.

import * as keys from './keys.js';
import * as share from './share.js';
import { KeyFileError, canSeal, keyId, open, openKeyFile, parsePublicKey } from './seal.js';
import { formatDate, say } from './strings.js';
import { ask, button, element, phrase, textInput } from './dom.js';

/** A key file is small; anything bigger is none. */
const MAX_KEY_FILE = 64 * 1024;

/** An answers file is its few words and the longest code a file may carry; anything bigger is none. */
const MAX_ANSWERS_FILE = share.MAX_FILE_CODE + 8 * 1024;

/** Opens an envelope with the key of that id, if this browser holds it: the `open` of `share.decode`. */
export async function openWithKeys(id, envelope) {
  const key = await keys.byId(id);
  return key ? open(envelope, key.privateKey, key.point) : null;
}

/** The id of the guide's current key (site.yaml's `contact: key:`), or `null`. */
async function siteKeyId(def) {
  const point = parsePublicKey(def.contact?.key);
  return point && canSeal() ? keyId(point) : null;
}

/** A file's text, or `null` when it is bigger than `limit`, too big to be what it should be. */
async function readSmall(file, limit) {
  if (!file || file.size > limit) return null;
  try {
    return await file.text();
  } catch {
    return null;
  }
}

/**
 * Starts the sealed-answers parts of a form's page. `openCode(code, from)`
 * opens answers (from `link` or `file`) the way a link does. Returns
 * `{ showLocked(id, retry), hideLocked() }`.
 */
export function startSealed(ctrl, openCode) {
  const { form, def } = ctrl;
  const owner = def.contact?.name ?? say('sealedOwnerUnknown');
  const banner = element('section', 'rajat-sealed');
  banner.setAttribute('aria-labelledby', 'rajat-sealed-title');
  banner.hidden = true;
  ctrl.pageTop.append(banner);
  const end = form.closest('.form') ?? form.parentElement;
  const manager = keyManager(ctrl);
  end.append(fileOpener(ctrl, openCode), manager.section);

  async function showLocked(id, retry) {
    const current = await siteKeyId(def);
    const kicker = element('p', 'rajat-received-kicker', say('sealedKicker'));
    const title = phrase('h2', 'rajat-sealed-title', 'sealedTitle', { owner });
    title.id = 'rajat-sealed-title';
    const parts = [kicker, title, phrase('p', 'rajat-sealed-explain', 'sealedExplain', { owner })];
    if (current && current !== id) parts.push(element('p', 'rajat-sealed-explain', say('sealedOldKey', { id })));
    parts.push(keyLoader({ owner, wanted: id, onLoaded: retry, manager, notice: (message) => ctrl.notice(message) }));
    banner.replaceChildren(...parts);
    banner.hidden = false;
  }

  function hideLocked() {
    banner.hidden = true;
    banner.replaceChildren();
  }

  return { showLocked, hideLocked };
}

/**
 * The owner's key file and passphrase, asked for where sealed answers wait
 * for them. `onLoaded()` opens them, resolving to whether it did; `notice`
 * says what must outlive this form, which the answers replace.
 */
function keyLoader({ owner, wanted, onLoaded, manager, notice }) {
  const details = element('details', 'rajat-key-loader');
  details.append(phrase('summary', '', 'sealedIfOwner', { owner }));
  const formEl = element('form', 'rajat-key-form');
  formEl.noValidate = true;
  const help = element('p', 'rajat-note', say('keyLoaderHelp'));
  // No `accept`: some phones grey out a file whose type they do not know. The file's content is checked.
  const { box: fileRow, input: file } = textInput('rajat-key-file', say('keyFileLabel'), { type: 'file' });
  const { box: passRow, input: passphrase } = textInput('rajat-key-passphrase', say('passphraseLabel'), { type: 'password' });
  passphrase.autocomplete = 'current-password';
  const submit = element('button', 'rajat-button', say('openWithKey'));
  submit.type = 'submit';
  const status = element('p', 'rajat-share-status');
  status.setAttribute('role', 'status');
  formEl.append(help, fileRow, passRow, submit, status);
  details.append(formEl);

  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = await readSmall(file.files?.[0], MAX_KEY_FILE);
    if (text === null) {
      status.textContent = say(file.files?.length ? 'keyNotAKeyFile' : 'keyChooseFile');
      return;
    }
    if (!canSeal()) {
      // WebCrypto exists only on a secure page (https, localhost, a file): elsewhere no key can open anything.
      status.textContent = say('keyNeedsSecurePage');
      return;
    }
    submit.disabled = true;
    status.textContent = say('keyOpening');
    try {
      const key = await openKeyFile(text, passphrase.value);
      passphrase.value = '';
      const kept = await keys.keep(key);
      await manager.render();
      if (key.id !== wanted) {
        status.textContent = say('keyOtherKey', { id: key.id, wanted });
        return;
      }
      status.textContent = say(kept ? 'keyLoaded' : 'keyNotKept');
      if ((await onLoaded()) && !kept) notice(say('keyNotKept'));
    } catch (error) {
      const reason = error instanceof KeyFileError ? error.reason : 'damaged';
      status.textContent = say({ passphrase: 'keyWrongPassphrase', 'not-a-key-file': 'keyNotAKeyFile' }[reason] ?? 'keyDamaged');
    } finally {
      submit.disabled = false;
    }
  });
  return details;
}

/** The keys this browser holds, each with a way to forget it; shown only when there are some. */
function keyManager(ctrl) {
  const { def } = ctrl;
  const section = element('section', 'rajat-keys');
  section.setAttribute('aria-labelledby', 'rajat-keys-title');
  section.hidden = true;

  async function render() {
    const held = await keys.all();
    if (held.length === 0) {
      section.hidden = true;
      section.replaceChildren();
      return;
    }
    const current = await siteKeyId(def);
    const title = element('h2', 'rajat-keys-title', say('keysTitle'));
    title.id = 'rajat-keys-title';
    const list = element('ul', 'rajat-keys-list');
    const status = element('p', 'rajat-share-status');
    status.setAttribute('role', 'status');
    for (const key of held) {
      const item = element('li');
      const date = formatDate(key.loaded) ?? '';
      const which = key.id === current ? say('keyCurrent') : say('keyEarlier');
      const question = element('div', 'rajat-kept-ask');
      const forget = button(say('forgetKey'), async () => {
        const yes = await ask(question, say('forgetKeyQuestion', { id: key.id }), say('forgetKey'));
        if (!yes) {
          forget.focus();
          return;
        }
        await keys.forget(key.id);
        await render();
        ctrl.say(say('keyForgotten', { id: key.id }));
        // Its button is gone: the next key's, else the form's first question, as for kept answers.
        (section.querySelector('button') ?? ctrl.form.querySelector('.rajat-fields input, .rajat-fields textarea'))?.focus();
      }, { quiet: true, label: say('forgetKeyLabel', { id: key.id }) });
      item.append(element('span', 'rajat-keys-name', say('keyItem', { id: key.id, date, which })), forget, question);
      list.append(item);
    }
    section.replaceChildren(title, element('p', 'rajat-note', say('keysIntro')), list, status);
    section.hidden = false;
  }

  render();
  return { section, render };
}

/** Answers that came as a file: chosen here, or dropped anywhere on the page. */
function fileOpener(ctrl, openCode) {
  const details = element('details', 'rajat-open-file');
  details.append(element('summary', '', say('openFileSummary')));
  const help = element('p', 'rajat-note', say('openFileHelp'));
  const { box: row, input } = textInput('rajat-answers-file', say('answersFileLabel'), { type: 'file' });
  input.accept = '.txt,text/plain';
  const status = element('p', 'rajat-share-status');
  status.setAttribute('role', 'status');
  details.append(help, row, status);

  async function openFile(file) {
    const code = share.codeInFile(await readSmall(file, MAX_ANSWERS_FILE));
    if (!code) {
      status.textContent = say('answersFileUnreadable');
      details.open = true;
      return;
    }
    status.textContent = '';
    await openCode(code, 'file');
  }
  input.addEventListener('change', () => {
    if (input.files?.[0]) openFile(input.files[0]);
    input.value = '';
  });
  // Dropped on the page: taken here, instead of the browser opening the file in place of the page.
  // A file box takes what is dropped on it itself: the key file onto "Your key file".
  const carriesFiles = (event) =>
    !event.target.closest?.('input[type="file"]') && Array.from(event.dataTransfer?.types ?? []).includes('Files');
  document.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const file = event.dataTransfer.files?.[0];
    if (file) openFile(file);
  });
  return details;
}
