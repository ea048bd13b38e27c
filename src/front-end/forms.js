// rajat's forms: worksheets, the client self-check and the refusal-letter
// builder. The page holds the form's HTML and its definition as JSON; this
// module brings them to life. A reader's own answers are saved on the device
// and restored on return; answers that arrive in a link are *received*: shown
// as someone else's, read-only, and never written over the reader's own
// (`received.js`). Nothing is ever sent to a server.

import * as storage from './storage.js';
import * as share from './share.js';
import { say, useLocale, useWords } from './strings.js';
import { element } from './dom.js';
import { addLine, mirror, read, sanitize, toMarkdown, toText, write } from './answers.js';
import { startSelfCheck } from './self-check.js';
import { startLetter } from './letter.js';
import { startReceived } from './received.js';
import { startSharing } from './sharing.js';
import { openWithKeys, startSealed } from './sealed.js';
import { copyText, download } from './export.js';

/** The parsed definition a form points at, or `null`. */
function definitionOf(form) {
  const script = document.getElementById(form.dataset.rajatDefinition || '');
  try {
    const def = JSON.parse(script ? script.textContent : 'null');
    return def && Array.isArray(def.fields) ? def : null;
  } catch {
    return null;
  }
}

/** The place at the top of the page, above its title, where the forms speak first. */
function topOfPage(form) {
  const main = form.closest('main') ?? document.querySelector('main') ?? document.body;
  let top = main.querySelector(':scope > .rajat-top');
  if (!top) {
    top = element('div', 'rajat-top');
    main.prepend(top);
  }
  return top;
}

/** What a form's behaviours share: its definition, answers, mode and messages. */
function controller(form, def) {
  const status = form.querySelector('.rajat-status:not(.rajat-status--top)');
  const top = form.querySelector('.rajat-status--top');
  const pageTop = topOfPage(form);
  // A notice about a link that could not be read, at the very top; a live region from the start.
  const notice = element('div', 'rajat-notice');
  notice.setAttribute('role', 'status');
  pageTop.append(notice);
  const listeners = [];
  const modeListeners = [];
  const ctrl = {
    form,
    def,
    /** `own`: the reader's answers, saved as they type; `received`: someone else's, read-only. */
    mode: 'own',
    /** The page's address without the fragment. */
    url: window.location.origin + window.location.pathname,
    /** Where banners above the page title go. */
    pageTop,
    /** Export blocks other modules add (the self-check's result). */
    extras: [],
    read: () => read(form, def),
    /** Answers what the reader just did, next to the buttons. */
    say(message) {
      if (top) top.textContent = '';
      if (status) status.textContent = message;
    },
    /** Says how the page opened (answers restored), above the questions. */
    announce(message) {
      if (top) top.textContent = message;
    },
    /** Says, at the top of the page, why a link changed nothing; `link` (`{ href, text }`) leads on. */
    notice(message, link = null) {
      const text = element('p', 'rajat-notice-text', message);
      const close = element('button', 'rajat-button rajat-button--quiet', say('dismiss'));
      close.type = 'button';
      close.addEventListener('click', () => notice.replaceChildren());
      const parts = [text];
      if (link) {
        const a = element('a', 'rajat-button', link.text);
        a.href = link.href;
        parts.push(a);
      }
      notice.replaceChildren(...parts, close);
    },
    clearNotice() {
      notice.replaceChildren();
    },
    onChange(listener) {
      listeners.push(listener);
    },
    onMode(listener) {
      modeListeners.push(listener);
    },
    /** Shows `answers` in the form and tells every behaviour. */
    fill(answers) {
      write(form, def, answers);
      ctrl.changed();
    },
    changed() {
      const answers = ctrl.read();
      listeners.forEach((listener) => listener(answers));
    },
    /** Saves the form's answers as the reader's own; never while it shows someone else's. */
    save() {
      if (ctrl.mode !== 'own') return;
      const answers = ctrl.read();
      if (Object.keys(answers).length === 0) {
        storage.remove(def.storage);
        return;
      }
      storage.save(def.storage, { format: def.format, schema: def.schema, saved: new Date().toISOString(), answers });
    },
    /** Switches between the reader's own answers and received ones: read-only, own buttons hidden. */
    setMode(mode) {
      ctrl.mode = mode;
      const received = mode === 'received';
      form.classList.toggle('rajat-form--received', received);
      for (const input of form.querySelectorAll('.rajat-fields input, .rajat-fields textarea')) {
        if (input.type === 'radio' || input.type === 'checkbox') input.disabled = received;
        else input.readOnly = received;
      }
      for (const hidden of form.querySelectorAll('.rajat-actions, .rajat-saved-note, [data-rajat-add-line]')) {
        hidden.hidden = received;
      }
      if (top) top.textContent = '';
      if (status) status.textContent = '';
      modeListeners.forEach((listener) => listener(mode));
    },
    /** The reader's own answers as saved on this device: `{ answers, changed }`. */
    loadOwn() {
      const saved = storage.load(def.storage);
      if (!saved || typeof saved !== 'object') return { answers: {}, changed: false };
      const { answers, dropped } = sanitize(def, saved.answers);
      return { answers, changed: saved.schema !== def.schema && dropped > 0 };
    },
  };
  return ctrl;
}

/** The message for a link that could not be read. */
function linkError(error) {
  const words = { 'too-long': 'linkTooLong', damaged: 'linkDamaged', 'other-form': 'linkOtherForm', 'old-browser': 'linkOldBrowser' };
  return say(words[error] ?? 'linkDamaged');
}

/**
 * How a form's page opens answers someone sent: from its link (the
 * fragment) or from a file. Answers sealed for the owner open only in a
 * browser holding the owner's key; anywhere else the page says whom they
 * are for, and nothing changes. Returns `{ fragment(), code(code, from) }`,
 * each resolving to whether the page now shows received answers.
 */
function answersOpener(ctrl, received) {
  const { def } = ctrl;
  const languages = (def.languages ?? []).map((l) => l.code);
  let opening = 0;

  async function code(text, from) {
    const n = ++opening;
    // A file carries what is too long for a link.
    const max = from === 'file' ? share.MAX_FILE_CODE : share.MAX_FRAGMENT;
    const shared = await share.decode(text, def.id, { lang: def.lang ?? null, languages, open: openWithKeys, max });
    // A newer link arrived while this one was read: it speaks instead.
    if (n !== opening) return false;
    if (shared.locked) {
      ctrl.clearNotice();
      if (ctrl.mode === 'received') received.leave();
      // Once the key is loaded, these answers open, unless another link (or none) came meanwhile;
      // the owner asked for them just now, so the focus goes to them, as for a file.
      await sealed.showLocked(shared.locked, async () => {
        if (n !== opening || !(await code(text, from))) return false;
        received.focus();
        return true;
      });
      return false;
    }
    sealed.hideLocked();
    if (shared.error === 'other-language') {
      // The same worksheet in the link's language, where these answers belong.
      const there = (def.translations ?? []).find((t) => t.lang === shared.lang);
      const language = (def.languages ?? []).find((l) => l.code === shared.lang)?.name ?? shared.lang;
      // Answers too long for a link (from a file) are opened on that page from the file.
      const fits = text.length <= share.MAX_FRAGMENT;
      const link = there && fits ? { href: `${there.url}#answers=${text}`, text: say('openInLanguage', { language }) } : null;
      ctrl.notice(say('linkOtherLanguage', { language }), link);
      return false;
    }
    if (shared.error) {
      ctrl.notice(linkError(shared.error));
      return false;
    }
    ctrl.clearNotice();
    const { answers, dropped } = sanitize(def, shared.answers);
    received.show({ name: shared.name, date: shared.date, answers, sealed: shared.sealed || null }, { source: from, dropped });
    if (from !== 'link') received.focus();
    return true;
  }

  async function fragment() {
    const params = share.fragment();
    if (params === null) {
      ctrl.notice(say('linkTooLong'));
      return false;
    }
    if (!params.has('answers')) {
      // The fragment no longer holds answers (the reader went back): their own answers again.
      opening += 1;
      sealed.hideLocked();
      if (ctrl.mode === 'received' && received.source() === 'link') received.leave();
      return false;
    }
    return code(params.get('answers'), 'link');
  }

  const sealed = startSealed(ctrl, code);
  return { fragment, code };
}

/** The export, print and clear buttons of the reader's own answers. */
function wireActions(ctrl, sharing) {
  const { form, def } = ctrl;
  let cleared = null;
  const undo = form.querySelector('[data-rajat-action="undo"]');
  const actions = {
    async copy() {
      const ok = await copyText(toText(def, ctrl.read(), ctrl.extras.map((e) => e())));
      ctrl.say(ok ? say('copied') : say('notCopied'));
    },
    download() {
      const file = `${def.id}.md`;
      download(file, toMarkdown(def, ctrl.read(), ctrl.url, ctrl.extras.map((e) => e())));
      ctrl.say(say('ownDownloaded', { file }));
    },
    print() {
      window.print();
    },
    share() {
      sharing.open();
    },
    clear() {
      cleared = ctrl.read();
      ctrl.fill({});
      storage.remove(def.storage);
      sharing.close();
      if (undo) undo.hidden = false;
      ctrl.say(say('cleared'));
    },
    undo() {
      if (cleared) ctrl.fill(cleared);
      ctrl.save();
      cleared = null;
      if (undo) undo.hidden = true;
      ctrl.say(say('restored'));
    },
  };
  form.addEventListener('click', (event) => {
    const button = event.target.closest('[data-rajat-action], [data-rajat-add-line]');
    if (!button || !form.contains(button) || ctrl.mode !== 'own') return;
    if (button.dataset.rajatAddLine) {
      const field = def.fields.find((f) => f.id === button.dataset.rajatAddLine);
      const box = form.querySelector(`#${CSS.escape(field.id)}`);
      addLine(box, field).focus();
      return;
    }
    const action = actions[button.dataset.rajatAction];
    if (action) action();
  });
  return { hideUndo: () => undo && (undo.hidden = true) };
}

/** Starts one form. */
function start(form) {
  const def = definitionOf(form);
  if (!def) return;
  useWords(def.words);
  useLocale(def.locale);
  form.classList.add('rajat-js');
  for (const note of form.querySelectorAll('.rajat-no-script')) note.remove();
  for (const hidden of form.querySelectorAll('.rajat-actions, .rajat-saved-note, [data-rajat-add-line]')) {
    hidden.hidden = false;
  }
  const undo = element('button', 'rajat-button rajat-button--quiet', say('undoClear'));
  undo.type = 'button';
  undo.dataset.rajatAction = 'undo';
  undo.hidden = true;
  form.querySelector('.rajat-actions')?.append(undo);

  const ctrl = controller(form, def);
  // Behaviours listen before the first fill, so they show the restored answers.
  if (def.kind === 'self-check') startSelfCheck(ctrl);
  if (def.kind === 'letter') startLetter(ctrl);
  const sharing = startSharing(ctrl);
  const received = startReceived(ctrl);
  const opener = answersOpener(ctrl, received);

  // The reader's own answers first, so that they are there to go back to.
  const own = ctrl.loadOwn();
  ctrl.fill(own.answers);
  if (Object.keys(own.answers).length > 0) {
    ctrl.announce(own.changed ? say('welcomeBackChanged') : say('welcomeBack'));
  }
  opener.fragment();
  // A link pasted into the address bar of this tab changes only the fragment.
  window.addEventListener('hashchange', async () => {
    if (await opener.fragment()) received.focus();
  });

  form.addEventListener('submit', (event) => event.preventDefault());
  const actions = wireActions(ctrl, sharing);
  // Typing, ticking and choosing all fire `input`.
  form.addEventListener('input', (event) => {
    if (ctrl.mode !== 'own' || !event.target.closest('.rajat-fields')) return;
    // Once the reader writes again, "Undo clear" would throw that away.
    actions.hideUndo();
    mirror(form, def);
    ctrl.save();
    ctrl.changed();
  });
}

for (const form of document.querySelectorAll('form.rajat-form[data-rajat-definition]')) {
  start(form);
}
