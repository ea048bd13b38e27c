// Small helpers for the elements the scripts add. Text is always set with
// `textContent`: answers and names come from anyone.

import { say, words } from './strings.js';

/** An element with a class and text. */
export function element(tag, className = '', text = undefined) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * An element holding the words `key` with each `{placeholder}` filled in
 * from `values` inside a `<bdi>`: a name from a link is shown as it is
 * written, and whatever direction its letters run in, it cannot turn the
 * page's own words around it.
 */
export function phrase(tag, className, key, values = {}) {
  const node = element(tag, className);
  const text = words[key] ?? key;
  let at = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    node.append(text.slice(at, match.index));
    if (Object.hasOwn(values, match[1])) node.append(element('bdi', '', String(values[match[1]])));
    else node.append(match[0]);
    at = match.index + match[0].length;
  }
  node.append(text.slice(at));
  return node;
}

/** A button; `quiet` for the less important ones. */
export function button(text, onClick, { quiet = false, label = null } = {}) {
  const b = element('button', quiet ? 'rajat-button rajat-button--quiet' : 'rajat-button', text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/** A labelled input, text unless `type` says otherwise (`file`, `password`): `{ box, input }`. */
export function textInput(id, labelText, { readOnly = false, help = null, type = 'text' } = {}) {
  const box = element('div', 'rajat-share-row');
  const label = element('label', 'rajat-label', labelText);
  label.htmlFor = id;
  const input = element('input', type === 'file' ? 'rajat-input rajat-file' : 'rajat-input');
  input.type = type;
  input.id = id;
  input.readOnly = readOnly;
  box.append(label);
  if (help) {
    const note = element('p', 'rajat-note', help);
    note.id = `${id}--help`;
    input.setAttribute('aria-describedby', note.id);
    box.append(note);
  }
  box.append(input);
  return { box, input };
}

/**
 * Asks `question` in `place`, with a button for yes and one for no; resolves
 * to whether the reader said yes. Nothing happens until they answer.
 */
export function ask(place, question, yes, no = say('cancel')) {
  return new Promise((resolve) => {
    const box = element('div', 'rajat-ask');
    const text = element('p', 'rajat-ask-question', question);
    text.id = `rajat-ask-${Math.random().toString(36).slice(2, 10)}`;
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', text.id);
    const answer = (value) => {
      box.remove();
      resolve(value);
    };
    const noButton = button(no, () => answer(false), { quiet: true });
    const buttons = element('div', 'rajat-ask-buttons');
    buttons.append(button(yes, () => answer(true)), noButton);
    box.append(text, buttons);
    place.replaceChildren(box);
    place.hidden = false;
    // The safe answer has the focus: pressing Enter by accident loses nothing.
    noButton.focus();
  });
}
