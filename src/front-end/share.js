// Share links: the answers travel in the URL fragment (`#answers=…`), which
// browsers never send to a server, as base64url of UTF-8 JSON:
//
//   {"v":2,"form":"ideal-client","lang":"fi","name":"Annukka","date":"2026-12-01","answers":{…}}
//
// `lang` is the language of the page the answers were given on: a
// translated worksheet has the same form id, and its answers are kept apart.
// Links made before names and dates (version 1: `{"form","answers"}`) are
// still read. What comes in is only ever decoded and parsed as JSON, never
// evaluated; anything unexpected is refused or left out. This module touches
// the page only in `fragment` and `forget`, so it can be tested on its own.

/** Fragments longer than this are refused rather than decoded. */
export const MAX_FRAGMENT = 16 * 1024;

/** The version of the links this script writes. */
export const VERSION = 2;

/** Names longer than this are cut: a name, not a message. */
const MAX_NAME = 80;

/** A name as it may appear on the page: one line, trimmed, not too long; `null` when empty. */
export function cleanName(name) {
  if (typeof name !== 'string') return null;
  // Control characters and line breaks become spaces, so a name stays one line.
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  return clean === '' ? null : Array.from(clean).slice(0, MAX_NAME).join('');
}

/** Whether `text` is a real calendar date written `YYYY-MM-DD`. */
export function isDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof text === 'string' ? text : '');
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The sharer's date today, `YYYY-MM-DD`, in their own time zone. */
export function today(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function toBase64url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The `#answers=` value for `answers` of the form `form` in `lang`, shared by `name` (or nobody) on `date`. */
export function encode({ form, lang = null, name = null, date = today(), answers }) {
  const payload = { v: VERSION, form, lang, name: cleanName(name), date: isDate(date) ? date : null, answers };
  return toBase64url(JSON.stringify(payload));
}

/**
 * Reads the `#answers=` value of a link for the form `formId` on a page in
 * `lang`. Returns `{ answers, name, date, version }` (answers still to be
 * checked against the form; name and date `null` when the link has none) or
 * `{ error }`: `too-long`, `damaged`, `other-form`, or `other-language` (with
 * the link's `lang`). A link that names no language fits any page.
 */
export function decode(text, formId, lang = null) {
  if (typeof text !== 'string' || text.length > MAX_FRAGMENT) return { error: 'too-long' };
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return { error: 'damaged' };
  let data;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { error: 'damaged' };
  }
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(data) || !isObject(data.answers)) return { error: 'damaged' };
  if (data.form !== formId) return { error: 'other-form' };
  if (typeof data.lang === 'string' && lang && data.lang !== lang) return { error: 'other-language', lang: data.lang };
  const version = data.v === undefined ? 1 : data.v;
  return {
    answers: data.answers,
    name: version >= 2 ? cleanName(data.name) : null,
    date: version >= 2 && isDate(data.date) ? data.date : null,
    version,
  };
}

/** The parameters of a fragment (`#answers=…&for=…`), or `null` when it is too long to trust. */
export function parseFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > MAX_FRAGMENT + 64) return null;
  return new URLSearchParams(text);
}

/** The parameters of the page's own fragment; see `parseFragment`. */
export function fragment() {
  return parseFragment(window.location.hash);
}

/** Removes `#answers=…` (or the whole fragment) from the address bar, keeping the history entry. */
export function forget(keep = []) {
  const params = fragment();
  const kept = new URLSearchParams();
  if (params) for (const key of keep) if (params.has(key)) kept.set(key, params.get(key));
  const hash = kept.toString();
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search + (hash ? `#${hash}` : ''));
}

/** A file name part: lowercase letters and digits with dashes, accents dropped. */
export function slug(text) {
  return (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/**
 * The name of the file received answers download as: `ideal-client-annukka-2026-12-01.md`;
 * `missing` holds the words for a missing name and date, in the page's language.
 */
export function fileName(formId, name, date, missing = { unnamed: 'unnamed', undated: 'undated' }) {
  const parts = [formId, slug(name) || (name ? '' : slug(missing.unnamed)), isDate(date) ? date : slug(missing.undated)].filter(Boolean);
  return `${parts.join('-')}.md`;
}
