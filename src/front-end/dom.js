// Small helpers for the elements the scripts add. Text is always set with
// `textContent`: answers and names come from anyone.

import { say } from './strings.js';

/** An element with a class and text. */
export function element(tag, className = '', text = undefined) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
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

/** A labelled text input: `{ box, input }`. */
export function textInput(id, labelText, { readOnly = false, help = null } = {}) {
  const box = element('div', 'rajat-share-row');
  const label = element('label', 'rajat-label', labelText);
  label.htmlFor = id;
  const input = element('input', 'rajat-input');
  input.type = 'text';
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
