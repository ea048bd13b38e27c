// rajat's forms: worksheets, the client self-check and the refusal-letter
// builder. The page holds the form's HTML and its definition as JSON; this
// module brings them to life: answers saved on the device, restored on
// return, exported, printed and shared as a link. Nothing is ever sent to a
// server.

import * as storage from './storage.js';
import * as share from './share.js';
import { addLine, mirror, read, sanitize, toMarkdown, toText, write } from './answers.js';
import { startSelfCheck } from './self-check.js';
import { startLetter } from './letter.js';
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

/** What a form's behaviours share: its definition, answers and messages. */
function controller(form, def) {
  const status = form.querySelector('.rajat-status:not(.rajat-status--top)');
  const top = form.querySelector('.rajat-status--top');
  const listeners = [];
  const ctrl = {
    form,
    def,
    /** Export blocks other modules add (the self-check's result). */
    extras: [],
    read: () => read(form, def),
    /** Answers what the reader just did, next to the buttons. */
    say(message) {
      if (top) top.textContent = '';
      if (status) status.textContent = message;
    },
    /** Says how the page opened (answers restored, a shared link), above the questions. */
    announce(message) {
      if (top) top.textContent = message;
    },
    onChange(listener) {
      listeners.push(listener);
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
    save() {
      const answers = ctrl.read();
      if (Object.keys(answers).length === 0) {
        storage.remove(def.storage);
        return;
      }
      storage.save(def.storage, { format: def.format, schema: def.schema, saved: new Date().toISOString(), answers });
    },
  };
  return ctrl;
}

/** Fills the form from a share link, or else from the answers saved on this device. */
function restore(ctrl) {
  const { def } = ctrl;
  const params = share.fragment();
  if (params === null) {
    ctrl.announce('The link is too long to hold answers (more than 16 KB), so it was ignored.');
  } else if (params.has('answers')) {
    const shared = share.decode(params.get('answers'), def.id);
    if (shared.answers) {
      const { answers, dropped } = sanitize(def, shared.answers);
      ctrl.fill(answers);
      const skipped = dropped > 0 ? ` ${dropped} answer${dropped === 1 ? '' : 's'} did not fit this form and ${dropped === 1 ? 'was' : 'were'} left out.` : '';
      ctrl.announce(`The answers from the link you opened are filled in. They are not saved on this device unless you change something.${skipped}`);
      return true;
    }
    ctrl.announce(shared.error);
  }
  const saved = storage.load(def.storage);
  if (saved && typeof saved === 'object') {
    const { answers, dropped } = sanitize(def, saved.answers);
    if (Object.keys(answers).length > 0) {
      ctrl.fill(answers);
      if (params !== null && !params.has('answers')) {
        const changed = saved.schema !== def.schema && dropped > 0;
        ctrl.announce(changed
          ? 'Welcome back: your earlier answers are filled in. This form has changed since, so answers to questions that no longer exist were left out.'
          : 'Welcome back: your earlier answers are filled in.');
      }
      return false;
    }
  }
  ctrl.fill({});
  return false;
}

/** The export, print, share and clear buttons. */
function wireActions(ctrl) {
  const { form, def } = ctrl;
  const url = window.location.origin + window.location.pathname;
  let cleared = null;
  const undo = form.querySelector('[data-rajat-action="undo"]');
  const actions = {
    async copy() {
      const ok = await copyText(toText(def, ctrl.read(), ctrl.extras.map((e) => e())));
      ctrl.say(ok ? 'Your answers are copied. Paste them wherever you keep notes.' : 'Your browser did not allow copying. Use “Download as Markdown” instead.');
    },
    download() {
      download(`${def.id}.md`, toMarkdown(def, ctrl.read(), url, ctrl.extras.map((e) => e())));
      ctrl.say(`Your answers are downloaded as ${def.id}.md.`);
    },
    print() {
      window.print();
    },
    async share() {
      const link = `${url}#answers=${share.encode(def.id, ctrl.read())}`;
      if (link.length - url.length > share.MAX_FRAGMENT) {
        ctrl.say('Your answers are too long to fit in a link. Download them as Markdown and send the file instead.');
        return;
      }
      const box = form.querySelector('.rajat-share');
      const input = box.querySelector('input');
      input.value = link;
      box.hidden = false;
      input.focus();
      input.select();
      const ok = await copyText(link);
      ctrl.say(ok ? 'The link is copied. Anyone who opens it sees these answers.' : 'Copy the link below. Anyone who opens it sees these answers.');
    },
    clear() {
      cleared = ctrl.read();
      ctrl.fill({});
      storage.remove(def.storage);
      form.querySelector('.rajat-share').hidden = true;
      if (undo) undo.hidden = false;
      ctrl.say('Your answers are cleared from this page and this device.');
    },
    undo() {
      if (cleared) ctrl.fill(cleared);
      ctrl.save();
      cleared = null;
      if (undo) undo.hidden = true;
      ctrl.say('Your answers are back.');
    },
  };
  form.addEventListener('click', (event) => {
    const button = event.target.closest('[data-rajat-action], [data-rajat-add-line]');
    if (!button || !form.contains(button)) return;
    if (button.dataset.rajatAddLine) {
      const field = def.fields.find((f) => f.id === button.dataset.rajatAddLine);
      const box = form.querySelector(`#${CSS.escape(field.id)}`);
      addLine(box, field).focus();
      return;
    }
    const action = actions[button.dataset.rajatAction];
    if (action) action();
  });
}

/** Starts one form. */
function start(form) {
  const def = definitionOf(form);
  if (!def) return;
  form.classList.add('rajat-js');
  for (const hidden of form.querySelectorAll('.rajat-actions, .rajat-saved-note, [data-rajat-add-line]')) {
    hidden.hidden = false;
  }
  const undo = document.createElement('button');
  undo.type = 'button';
  undo.className = 'rajat-button rajat-button--quiet';
  undo.dataset.rajatAction = 'undo';
  undo.textContent = 'Undo clear';
  undo.hidden = true;
  form.querySelector('.rajat-actions').append(undo);

  const ctrl = controller(form, def);
  // Behaviours listen before the first fill, so they show the restored answers.
  if (def.kind === 'self-check') startSelfCheck(ctrl);
  if (def.kind === 'letter') startLetter(ctrl);
  let fromLink = restore(ctrl);

  form.addEventListener('submit', (event) => event.preventDefault());
  const onEdit = () => {
    if (fromLink) {
      // The shared answers become the reader's own once they change them.
      fromLink = false;
      share.forget();
    }
    // Once the reader writes again, "Undo clear" would throw that away.
    undo.hidden = true;
    mirror(form, def);
    ctrl.save();
    ctrl.changed();
  };
  // Typing, ticking and choosing all fire `input`.
  form.addEventListener('input', onEdit);
  wireActions(ctrl);
}

for (const form of document.querySelectorAll('form.rajat-form[data-rajat-definition]')) {
  start(form);
}
