// Answers: read from and written to the form's controls, checked against the
// definition (saved or shared answers may come from an older version of the
// form, or from anyone), and turned into text or Markdown for export.

import { say } from './strings.js';

const MAX_TEXT = 20000;
const MAX_LINES = 100;

const CHOICE_KINDS = new Set(['single-choice', 'yes-no', 'scale']);

/** The controls of one question: its container and inputs. */
function controls(form, field) {
  const box = form.querySelector(`#${CSS.escape(field.id)}`);
  return box ? Array.from(box.querySelectorAll('input, textarea')) : [];
}

/** The reader's answers, by field id; unanswered questions are left out. */
export function read(form, def) {
  const answers = {};
  for (const field of def.fields) {
    const inputs = controls(form, field);
    let value;
    if (field.kind === 'short-text' || field.kind === 'long-text') {
      value = inputs[0] ? inputs[0].value : '';
    } else if (field.kind === 'list') {
      value = inputs.map((i) => i.value.trim()).filter((v) => v !== '');
    } else if (field.kind === 'multiple-choice') {
      value = inputs.filter((i) => i.checked).map((i) => i.value);
    } else {
      const checked = inputs.find((i) => i.checked);
      value = checked ? checked.value : '';
    }
    if (!isEmpty(value)) answers[field.id] = value;
  }
  return answers;
}

/** Whether an answer says nothing: empty text, no lines, nothing chosen. */
export function isEmpty(value) {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Puts `answers` into the form; questions without an answer get their default or nothing. */
export function write(form, def, answers) {
  for (const field of def.fields) {
    const value = answers[field.id];
    if (field.kind === 'short-text' || field.kind === 'long-text') {
      const input = controls(form, field)[0];
      if (input) input.value = typeof value === 'string' ? value : (field.default ?? '');
    } else if (field.kind === 'list') {
      const lines = Array.isArray(value) ? value : [];
      const box = form.querySelector(`#${CSS.escape(field.id)}`);
      while (box && box.querySelectorAll('.rajat-lines input').length < lines.length) addLine(box, field);
      controls(form, field).forEach((input, i) => {
        input.value = lines[i] ?? '';
      });
    } else {
      // An unanswered single choice starts at its default answer, if it has one.
      const chosen = Array.isArray(value) ? value : [value ?? field.default];
      for (const input of controls(form, field)) input.checked = chosen.includes(input.value);
    }
  }
  mirror(form, def);
}

/** Adds an empty line to a list question and returns its input. */
export function addLine(box, field) {
  const list = box.querySelector('.rajat-lines');
  const n = list.children.length + 1;
  const id = `rajat-${field.id}--${n}`;
  const item = document.createElement('li');
  const label = document.createElement('label');
  label.className = 'rajat-visually-hidden';
  label.htmlFor = id;
  label.textContent = say('addLineLabel', { label: field.label, n });
  const input = document.createElement('input');
  input.type = 'text';
  input.className = 'rajat-input';
  input.id = id;
  input.name = field.id;
  item.append(label, input);
  list.append(item);
  return input;
}

/** Copies long answers into print-only blocks: a textarea prints clipped, a block prints whole. */
export function mirror(form, def) {
  for (const field of def.fields) {
    if (field.kind !== 'long-text') continue;
    const box = form.querySelector(`#${CSS.escape(field.id)}`);
    const copy = box && box.querySelector('.rajat-print-answer');
    const input = box && box.querySelector('textarea');
    if (copy && input) copy.textContent = input.value.trim();
  }
}

function text(value) {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
}

/**
 * Keeps the answers of `raw` that fit the definition: known ids, the right
 * type, known choices. Returns them with the number of answers left out.
 */
export function sanitize(def, raw) {
  const answers = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { answers, dropped: 0 };
  let kept = 0;
  for (const field of def.fields) {
    if (!Object.hasOwn(raw, field.id)) continue;
    const value = raw[field.id];
    const allowed = new Set((field.options ?? []).map((o) => o.value));
    let clean = null;
    if (field.kind === 'short-text' || field.kind === 'long-text') {
      clean = text(value);
    } else if (field.kind === 'list') {
      clean = Array.isArray(value) ? value.map(text).filter((v) => v !== null && v.trim() !== '').slice(0, MAX_LINES) : null;
    } else if (field.kind === 'multiple-choice') {
      clean = Array.isArray(value) ? [...new Set(value.filter((v) => allowed.has(v)))] : null;
    } else if (CHOICE_KINDS.has(field.kind)) {
      clean = allowed.has(value) ? value : null;
    }
    if (clean !== null && !isEmpty(clean)) {
      answers[field.id] = clean;
      kept += 1;
    }
  }
  return { answers, dropped: Object.keys(raw).length - kept };
}

/** The answer as words: labels for choices, lines for lists. */
function describe(field, value) {
  const label = (v) => (field.options ?? []).find((o) => o.value === v)?.label ?? v;
  if (isEmpty(value)) return [];
  if (Array.isArray(value)) return value.map(field.kind === 'list' ? (v) => v : label);
  return [CHOICE_KINDS.has(field.kind) ? label(value) : value];
}

/** The answers as plain text, question by question; `byline` says whose they are, when not the reader's. */
export function toText(def, answers, extra = [], byline = null) {
  const parts = [def.title, ''];
  if (byline) parts.push(byline, '');
  def.fields.forEach((field, i) => {
    parts.push(`${i + 1}. ${field.label}`);
    const lines = describe(field, answers[field.id]);
    if (lines.length === 0) parts.push(say('noAnswerText'));
    else if (field.kind === 'list' || field.kind === 'multiple-choice') parts.push(...lines.map((l) => `- ${l}`));
    else parts.push(...lines);
    parts.push('');
  });
  for (const block of extra) parts.push(block.text, '');
  return parts.join('\n').trim() + '\n';
}

/**
 * Text as Markdown shows it, letter for letter: whatever an answer holds, it
 * cannot make a heading, a list, a quotation, a link or raw HTML of its own
 * in the downloaded file (someone else's answers could otherwise forge a
 * byline or a question).
 */
export function markdownText(text) {
  return String(text)
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s+/, '')
        .replace(/[\\`*_{}[\]<>#|~!&]/g, '\\$&')
        .replace(/^([-+=])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('\n');
}

/** The answers as a Markdown document; `byline` says whose they are, when not the reader's. */
export function toMarkdown(def, answers, url, extra = [], byline = null) {
  const parts = [`# ${def.title}`, ''];
  if (byline) parts.push(byline, '');
  parts.push(say('markdownSource', { url, date: new Date().toISOString().slice(0, 10) }), '');
  def.fields.forEach((field, i) => {
    parts.push(`## ${i + 1}. ${field.label}`, '');
    const lines = describe(field, answers[field.id]).map(markdownText);
    if (lines.length === 0) parts.push(say('noAnswerMarkdown'));
    else if (field.kind === 'list' || field.kind === 'multiple-choice') parts.push(...lines.map((l) => `- ${l.replace(/\n/g, ' ')}`));
    else parts.push(...lines.join('\n').split('\n').map((l) => (l.trim() === '' ? '' : l)));
    parts.push('');
  });
  for (const block of extra) parts.push(block.markdown, '');
  return parts.join('\n').trim() + '\n';
}
