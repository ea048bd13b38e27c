// The refusal-letter builder: a live preview that follows thank → decline →
// a reason, if any → warm close with suggestions; copy, print, open in the
// mail app, and a packet of named letters kept on this device.
//
// Every letter is kept apart: a new one starts from the standard sentences,
// opening or starting a letter never throws away unsaved changes without
// asking, and saving under a name already in the packet asks first.

import * as storage from './storage.js';
import * as share from './share.js';
import { say } from './strings.js';
import { ask, button, element } from './dom.js';
import { isEmpty, sanitize } from './answers.js';
import { copyText, download, isAddress, mailto } from './export.js';

/** The answers of the `explanation` field the builder understands (see `EXPLANATIONS` in Rust). */
const EXPLANATIONS = ['advised', 'none', 'one', 'all'];

/** `{recipient}`, `{sender}` and `{referral}` replaced by what the reader typed. */
function fill(template, answers) {
  return (template ?? '').replace(/\{(recipient|sender|referral)\}/g, (_, key) => field(answers, key));
}

function field(answers, id) {
  const value = answers[id];
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Which of the ticked reasons the letter gives. As the guide advises, unless
 * the reader chose otherwise: none when a ticked reason is one the guide says
 * not to explain (`explain: false`), else one short reason.
 */
export function reasonsGiven(def, answers) {
  const options = def.fields.find((f) => f.id === 'reasons')?.options ?? [];
  const ticked = Array.isArray(answers.reasons) ? answers.reasons : [];
  const chosen = options.filter((o) => ticked.includes(o.value));
  const mode = EXPLANATIONS.includes(answers.explanation) ? answers.explanation : 'advised';
  const explainable = chosen.filter((o) => o.explain !== false);
  let given;
  if (mode === 'none') given = [];
  else if (mode === 'all') given = chosen;
  else if (mode === 'one') given = (explainable.length > 0 ? explainable : chosen).slice(0, 1);
  else given = explainable.length < chosen.length ? [] : chosen.slice(0, 1);
  return { chosen, given, mode };
}

/** The letter the answers make, as plain text with blank lines between paragraphs. */
export function compose(def, answers) {
  const words = def.letter;
  const parts = [];
  parts.push(field(answers, 'recipient') ? fill(words.greeting, answers) : words.greeting_without_name);
  if (field(answers, 'thanks')) parts.push(fill(field(answers, 'thanks'), answers));
  const because = reasonsGiven(def, answers).given.map((o) => o.text);
  parts.push([fill(field(answers, 'decline'), answers), ...because].filter(Boolean).join(' '));
  const suggestions = Array.isArray(answers.suggestions) ? answers.suggestions : [];
  if (suggestions.length > 0) {
    parts.push([fill(words.suggestions_intro, answers), ...suggestions.map((s) => `- ${s}`)].join('\n'));
  }
  if (field(answers, 'referral') && words.referral) parts.push(fill(words.referral, answers));
  if (field(answers, 'close')) parts.push(fill(field(answers, 'close'), answers));
  const signature = [field(answers, 'sign-off'), field(answers, 'sender')].filter(Boolean).join('\n');
  if (signature) parts.push(signature);
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

/** The subject line: the reader's own, or the one from the guide. */
function subject(def, answers) {
  return field(answers, 'subject') || fill(def.letter.subject, answers);
}

/** The saved letters, checked: each `{ name, saved, answers }`. */
function loadPacket(key) {
  const raw = storage.load(key);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((l) => l && typeof l.name === 'string' && l.name.trim() !== '' && l.answers && typeof l.answers === 'object')
    .slice(0, 200);
}

/**
 * Answers as the form would show them, in one comparable text: unanswered
 * questions count as their default, so a fresh letter equals the defaults.
 */
function canonical(def, answers) {
  const clean = sanitize(def, answers).answers;
  return JSON.stringify(def.fields.map((f) => (isEmpty(clean[f.id]) ? (f.default ?? null) : clean[f.id])));
}

/** Starts the letter behaviour of a form controller. */
export function startLetter(ctrl) {
  const { form, def } = ctrl;
  const section = document.querySelector(`[data-rajat-letter="${CSS.escape(form.id)}"]`);
  if (!section || !def.letter) return;
  const preview = section.querySelector('.rajat-letter-text');
  const advice = section.querySelector('.rajat-letter-advice');
  const mail = section.querySelector('[data-rajat-action="mailto"]');
  const status = section.querySelector('.rajat-letter-status');
  const packetBox = section.querySelector('.rajat-packet');
  const list = section.querySelector('.rajat-packet-list');
  const empty = section.querySelector('.rajat-packet-empty');
  const nameInput = section.querySelector('#rajat-letter-name');
  const packetKey = `${def.storage}/packet`;
  const openKey = `${def.storage}/open`;
  const explanation = def.fields.find((f) => f.id === 'explanation');
  let packet = loadPacket(packetKey);
  // The packet letter the form holds, if it came from or went to the packet.
  let openName = typeof storage.load(openKey) === 'string' ? storage.load(openKey) : null;
  if (!packet.some((l) => l.name === openName)) openName = null;
  for (const hidden of section.querySelectorAll('.rajat-actions, .rajat-packet')) hidden.hidden = false;
  if (openName) nameInput.value = openName;

  // Questions the builder asks before it replaces anything: by the letter's buttons, above the form, by the packet.
  const letterAsk = element('div', 'rajat-letter-ask');
  section.querySelector('.rajat-actions').after(letterAsk);
  const topAsk = element('div', 'rajat-letter-ask');
  form.querySelector('.rajat-status--top').after(topAsk);
  const saveAsk = element('div', 'rajat-letter-ask');
  section.querySelector('.rajat-packet-save').after(saveAsk);
  const mailNote = element('p', 'rajat-note rajat-letter-mail-note');
  mailNote.hidden = true;
  section.querySelector('.rajat-actions').after(mailNote);

  const tell = (message) => {
    status.textContent = message;
  };
  const setOpen = (name) => {
    openName = name;
    if (name) storage.save(openKey, name);
    else storage.remove(openKey);
  };
  const base = () => packet.find((l) => l.name === openName)?.answers ?? {};
  const dirty = () => canonical(def, ctrl.read()) !== canonical(def, base());

  ctrl.onChange((answers) => {
    const letter = compose(def, answers);
    preview.textContent = letter;
    const { chosen, given, mode } = reasonsGiven(def, answers);
    const fieldName = explanation?.label ?? '';
    if (mode === 'advised' && chosen.length > given.length) {
      advice.textContent = given.length === 0
        ? say('adviceNone', { field: fieldName })
        : say('adviceOne', { reason: given[0].label, count: chosen.length, field: fieldName });
      advice.hidden = false;
    } else {
      advice.hidden = true;
    }
    const address = field(answers, 'recipient-email');
    const usable = address !== '' && isAddress(address);
    mailNote.hidden = address === '' || usable;
    mailNote.textContent = mailNote.hidden ? '' : say('mailAddressUnusable', { address });
    mail.href = mailto(usable ? address : '', subject(def, answers), letter);
  });
  // Received answers are someone else's letter: the builder's own buttons
  // (new letter, mail to the sender's chosen address, the packet) are the reader's.
  const letterActions = section.querySelector('.rajat-actions');
  ctrl.onMode((mode) => {
    const own = mode === 'own';
    packetBox.hidden = !own;
    letterActions.hidden = !own;
    for (const place of [letterAsk, topAsk, saveAsk]) if (!own) place.replaceChildren();
    if (!own) tell('');
  });

  /** Replaces the form with `answers` after asking, in `place`, when that would lose unsaved changes. */
  async function replaceDraft(place, question, yes) {
    if (!dirty()) return true;
    tell('');
    return ask(place, question, yes, say('keepWriting'));
  }

  /** A fresh letter: the standard sentences, plus `answers` (the self-check's reasons). */
  function startNew(answers = {}) {
    ctrl.fill(answers);
    ctrl.save();
    setOpen(null);
    nameInput.value = '';
  }

  async function open(letter) {
    const ok = await replaceDraft(letterAsk, say('unsavedOpenQuestion', { name: letter.name }), say('unsavedOpenYes', { name: letter.name }));
    if (!ok) return;
    ctrl.fill(sanitize(def, letter.answers).answers);
    ctrl.save();
    setOpen(letter.name);
    nameInput.value = letter.name;
    tell(say('letterOpened', { name: letter.name }));
    form.querySelector('.rajat-fields input, .rajat-fields textarea')?.focus();
  }

  const render = () => {
    list.replaceChildren(
      ...packet.map((letter) => {
        const item = element('li');
        const buttons = element('span', 'rajat-packet-buttons');
        const question = element('div', 'rajat-letter-ask');
        buttons.append(
          button(say('open'), () => open(letter), { quiet: true, label: say('openOpen', { name: letter.name }) }),
          button(say('delete'), async () => {
            const yes = await ask(question, say('letterDeleteQuestion', { name: letter.name }), say('delete'));
            if (!yes) return;
            packet = packet.filter((l) => l !== letter);
            storage.save(packetKey, packet);
            if (openName === letter.name) setOpen(null);
            render();
            tell(say('letterDeleted', { name: letter.name }));
            nameInput.focus();
          }, { quiet: true, label: say('deleteNamed', { name: letter.name }) }),
        );
        item.append(element('span', 'rajat-packet-name', letter.name), buttons, question);
        return item;
      }),
    );
    empty.hidden = packet.length > 0;
    downloadPacket.hidden = packet.length === 0;
  };

  const downloadPacket = button(say('packetDownload'), null, { quiet: true });
  downloadPacket.dataset.rajatAction = 'download-packet';
  packetBox.append(downloadPacket);

  const actions = {
    async 'copy-letter'() {
      const ok = await copyText(compose(def, ctrl.read()));
      tell(ok ? say('letterCopied') : say('letterNotCopied'));
    },
    'print-letter'() {
      window.print();
    },
    async 'new-letter'() {
      const ok = await replaceDraft(letterAsk, say('unsavedNewQuestion'), say('unsavedNewYes'));
      if (!ok) return;
      startNew();
      tell(say('newLetter'));
      form.querySelector('.rajat-fields input, .rajat-fields textarea')?.focus();
    },
    async 'save-letter'() {
      const answers = ctrl.read();
      const name = nameInput.value.trim() || field(answers, 'recipient') || say('letterNumbered', { n: packet.length + 1 });
      if (packet.some((l) => l.name === name)) {
        tell('');
        const yes = await ask(saveAsk, say('replaceQuestion', { name }), say('replaceYes', { name }));
        if (!yes) return;
      }
      const letter = { name, saved: new Date().toISOString(), answers };
      const at = packet.findIndex((l) => l.name === name);
      packet = at >= 0 ? packet.map((l, i) => (i === at ? letter : l)) : [...packet, letter];
      const ok = storage.save(packetKey, packet);
      setOpen(name);
      nameInput.value = name;
      render();
      tell(ok ? say('letterSaved', { name }) : say('letterNotSaved'));
    },
    'download-packet'() {
      const body = packet.map((l) => `## ${l.name}\n\n${compose(def, sanitize(def, l.answers).answers)}\n`).join('\n');
      const file = `${def.id}-packet.md`;
      download(file, `# ${def.title}\n\n${body}`);
      tell(say('packetDownloaded', { file }));
    },
  };
  section.addEventListener('click', (event) => {
    const action = event.target.closest('[data-rajat-action]')?.dataset.rajatAction;
    if (action && actions[action]) actions[action]();
  });
  render();
  fromSelfCheck(ctrl, { dirty, startNew, topAsk });
}

/** `#reasons=guarantee,wont-pay` (from the self-check): a new letter with those reasons ticked. */
function fromSelfCheck(ctrl, { dirty, startNew, topAsk }) {
  const params = share.fragment();
  // A link with answers in it is someone else's letter, never the start of the reader's own.
  if (!params || !params.has('reasons') || params.has('answers')) return;
  const options = ctrl.def.fields.find((f) => f.id === 'reasons')?.options ?? [];
  const wanted = params.get('reasons').split(',').slice(0, 50);
  const chosen = options.filter((o) => wanted.includes(o.value));
  // Runs after the saved draft was restored, which it must not lose unasked.
  queueMicrotask(async () => {
    share.forget();
    if (chosen.length === 0) return;
    if (dirty()) {
      const yes = await ask(topAsk, say('unsavedReasonsQuestion'), say('unsavedReasonsYes'), say('keepWriting'));
      if (!yes) return;
    }
    startNew({ reasons: chosen.map((o) => o.value) });
    const names = chosen.map((o) => say('quoted', { text: o.label })).join(say('listSeparator'));
    ctrl.announce(chosen.length === 1 ? say('fromSelfCheckOne', { names: chosen[0].label }) : say('fromSelfCheckMany', { names }));
    // The reader came for the letter: show the form rather than the page's introduction.
    ctrl.form.scrollIntoView({ block: 'start' });
  });
}
