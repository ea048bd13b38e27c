// Received answers: answers someone else shared in a link, or kept from one.
// They are shown in the form, read-only, under a banner at the top of the
// page that says whose they are and when they were shared. From there the
// reader prints, downloads or keeps them, and goes back to their own answers
// in one step. The reader's own answers are never written while received
// ones are shown (the controller's `save` refuses), except by "Make these my
// own", which asks first and can be undone.

import * as storage from './storage.js';
import * as share from './share.js';
import { formatDate, say } from './strings.js';
import { ask, button, element, phrase } from './dom.js';
import { markdownText, sanitize, toMarkdown } from './answers.js';
import { download } from './export.js';

/** At most this many received sets are kept per form. */
const MAX_KEPT = 100;

/** "Annukka" or "Someone who gave no name", for the list of kept sets. */
function who(set) {
  return set.name ?? say('keptItemUnnamed');
}

/** "Annukka" or "someone who gave no name", within a sentence about a set. */
function whoInSentence(set) {
  return set.name ?? say('keptWhoUnnamed');
}

/** "shared December 1, 2026" or "date not given". */
function when(set) {
  const date = formatDate(set.date);
  return date ? say('keptItemShared', { date }) : say('keptItemUndated');
}

/** The line that says whose the answers are, for files and paper (a Markdown file: the name cannot add to it). */
function byline(set) {
  const date = formatDate(set.date);
  const name = set.name ? markdownText(set.name) : null;
  if (name && date) return say('markdownByline', { name, date });
  if (name) return say('markdownBylineUndated', { name });
  if (date) return say('markdownBylineNoName', { date });
  return say('markdownBylineUnknown');
}

/** The same set: same person, same day, same answers. */
function same(a, b) {
  return a.name === b.name && a.date === b.date && JSON.stringify(a.answers) === JSON.stringify(b.answers);
}

/** The kept sets of a form, checked: each `{ name, date, kept, answers }`. */
function loadKept(key) {
  const raw = storage.load(key);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((s) => s && typeof s === 'object' && s.answers && typeof s.answers === 'object')
    .map((s) => ({
      name: share.cleanName(s.name),
      date: share.isDate(s.date) ? s.date : null,
      kept: typeof s.kept === 'string' ? s.kept : null,
      answers: s.answers,
    }))
    .slice(0, MAX_KEPT);
}

/** Starts the received-answers behaviour of a form controller. */
export function startReceived(ctrl) {
  const { form, def } = ctrl;
  const keptKey = `${def.storage}/received`;
  let kept = loadKept(keptKey);
  // What is shown: the set, where it came from (`link` or `kept`), and the reader's own answers to go back to.
  let current = null;
  let source = null;
  let own = null;
  // After "Make these my own": the answers they replaced, until the reader moves on.
  let replaced = null;

  const banner = element('section', 'rajat-received');
  banner.setAttribute('aria-labelledby', 'rajat-received-title');
  banner.hidden = true;
  ctrl.pageTop.append(banner);

  const caption = element('p', 'rajat-received-caption');
  caption.hidden = true;
  form.prepend(caption);

  const list = element('section', 'rajat-kept');
  list.setAttribute('aria-labelledby', 'rajat-kept-title');
  (form.closest('.form') ?? form.parentElement).append(list);

  function renderBanner(dropped) {
    const kicker = element('p', 'rajat-received-kicker', say(current.sealed ? 'receivedSealedKicker' : 'receivedKicker'));
    // What the link says, not a fact: anyone can make a link that names anyone.
    const title = current.name ? phrase('h2', 'rajat-received-title', 'receivedFrom', { name: current.name }) : element('h2', 'rajat-received-title', say('receivedNoName'));
    title.id = 'rajat-received-title';
    title.tabIndex = -1;
    const date = formatDate(current.date);
    const lines = [date ? say('sharedOn', { date }) : say('sharedUndated')];
    const keptDate = source === 'kept' && current.kept ? formatDate(current.kept.slice(0, 10)) : null;
    if (keptDate) lines.push(say('keptOn', { date: keptDate }));
    if (current.sealed) lines.push(say('receivedSealed', { id: current.sealed }));
    const meta = element('p', 'rajat-received-meta', lines.join(' '));
    const explain = element('p', 'rajat-received-explain', say('receivedExplain'));
    const parts = [kicker, title, meta, explain];
    if (dropped > 0) {
      parts.push(element('p', 'rajat-received-explain', dropped === 1 ? say('receivedDroppedOne') : say('receivedDropped', { count: dropped })));
    }
    const status = element('p', 'rajat-received-status');
    status.setAttribute('role', 'status');
    const question = element('div', 'rajat-received-ask');
    const buttons = element('div', 'rajat-received-actions');
    buttons.append(
      button(say('backToOwn'), () => leave()),
      button(say('print'), () => window.print(), { quiet: true }),
      button(say('download'), () => {
        const file = share.fileName(def.id, current.name, current.date, { unnamed: say('fileUnnamed'), undated: say('fileUndated') });
        download(file, toMarkdown(def, ctrl.read(), ctrl.url, ctrl.extras.map((e) => e()), byline(current)));
        status.textContent = say('downloaded', { file });
      }, { quiet: true }),
    );
    if (source !== 'kept') {
      const keepButton = button(say('keep'), () => {
        if (kept.some((s) => same(s, current))) {
          status.textContent = say('alreadyKept');
          return;
        }
        const set = { name: current.name, date: current.date, answers: current.answers, kept: new Date().toISOString() };
        const next = [set, ...kept].slice(0, MAX_KEPT);
        if (!storage.save(keptKey, next)) {
          status.textContent = say('notKept');
          return;
        }
        kept = next;
        renderList();
        status.textContent = say('kept');
      }, { quiet: true });
      buttons.append(keepButton);
    }
    buttons.append(
      button(say('makeOwn'), async () => {
        const yes = await ask(question, say('makeOwnQuestion'), say('makeOwnYes'));
        if (yes) makeOwn();
        else buttons.querySelector('button')?.focus();
      }, { quiet: true }),
    );
    banner.replaceChildren(...parts, buttons, question, status);
  }

  function renderList() {
    if (kept.length === 0) {
      list.replaceChildren();
      list.hidden = true;
      return;
    }
    list.hidden = false;
    const title = element('h2', 'rajat-kept-title', say('keptTitle'));
    title.id = 'rajat-kept-title';
    const items = element('ul', 'rajat-kept-list');
    for (const set of kept) {
      const item = element('li');
      const label = element('span', 'rajat-kept-name');
      label.append(element('bdi', '', who(set)));
      const date = element('span', 'rajat-kept-date', when(set));
      const question = element('div', 'rajat-kept-ask');
      const buttons = element('span', 'rajat-kept-buttons');
      const names = { who: whoInSentence(set), when: when(set) };
      buttons.append(
        button(say('open'), () => show(set, { source: 'kept' }), { quiet: true, label: say('openLabel', names) }),
        button(say('delete'), async () => {
          const yes = await ask(question, say('deleteQuestion', names), say('delete'));
          if (!yes) return;
          kept = kept.filter((s) => s !== set);
          storage.save(keptKey, kept);
          if (current === set) source = 'link';
          renderList();
          ctrl.say(say('deleted', names));
          (list.querySelector('button') ?? form.querySelector('.rajat-fields input, .rajat-fields textarea'))?.focus();
          if (current && ctrl.mode === 'received') renderBanner(0);
        }, { quiet: true, label: say('deleteLabel', names) }),
      );
      item.append(label, date, buttons, question);
      items.append(item);
    }
    list.replaceChildren(title, element('p', 'rajat-note', say('keptIntro')), items);
  }

  /** Shows `set` read-only; the reader's own answers wait, untouched. */
  function show(set, { source: from, dropped = 0 }) {
    if (ctrl.mode === 'own') own = ctrl.read();
    replaced = null;
    current = set;
    source = from;
    ctrl.setMode('received');
    ctrl.fill(from === 'kept' ? sanitize(def, set.answers).answers : set.answers);
    caption.replaceChildren(
      ...phrase('span', '', 'receivedCaption', {
        whose: set.name ? say('receivedWhoseNamed', { name: set.name }) : say('receivedWhoseUnnamed'),
      }).childNodes,
    );
    caption.hidden = false;
    renderBanner(dropped);
    banner.hidden = false;
    if (from === 'kept') {
      share.forget();
      focus();
    }
  }

  /** Back to the reader's own answers, as they were. */
  function leave() {
    if (ctrl.mode !== 'received') return;
    current = null;
    source = null;
    banner.hidden = true;
    banner.replaceChildren();
    caption.hidden = true;
    ctrl.setMode('own');
    ctrl.fill(own ?? ctrl.loadOwn().answers);
    share.forget(['for']);
    ctrl.announce(say('ownBack'));
    form.querySelector('.rajat-status--top')?.scrollIntoView({ block: 'center' });
    form.querySelector('.rajat-fields input, .rajat-fields textarea')?.focus({ preventScroll: true });
  }

  /** The received answers become the reader's own; the ones they replace can come back. */
  function makeOwn() {
    replaced = own ?? ctrl.loadOwn().answers;
    const answers = ctrl.read();
    current = null;
    source = null;
    banner.hidden = true;
    caption.hidden = true;
    ctrl.setMode('own');
    ctrl.fill(answers);
    ctrl.save();
    share.forget(['for']);
    const top = form.querySelector('.rajat-status--top');
    const undo = button(say('undoMakeOwn'), () => {
      if (replaced) ctrl.fill(replaced);
      ctrl.save();
      replaced = null;
      ctrl.announce(say('madeOwnUndone'));
    }, { quiet: true });
    top.replaceChildren(element('span', '', say('madeOwn')), ' ', undo);
    undo.focus();
  }

  /** Moves the focus to the banner, so a reader of the screen hears whose answers these are. */
  function focus() {
    const title = banner.querySelector('#rajat-received-title');
    window.scrollTo({ top: 0 });
    title?.focus({ preventScroll: true });
  }

  renderList();
  return { show, leave, focus, source: () => source };
}
