// Share links: the answers travel in the URL fragment (`#answers=…`), which
// browsers never send to a server, as base64url of bytes whose first byte
// says what follows:
//
//   3  deflate-raw of {"f":form,"l":lang,"n":name,"d":date,"a":{answers}}
//   4  the same, sealed for the guide's owner (see seal.js)
//   5  sealed, the JSON not deflated: from a browser without CompressionStream
//   {  a link of an earlier version: UTF-8 JSON, read as it always was
//      (v2: {"v":2,"form","lang","name","date","answers"}; v1: {"form","answers"})
//
// Compressed, a worksheet's answers take a third of the room they did, so
// a link fits in a mail. `lang` is the language of the page the answers
// were given on: a translated worksheet has the same form id, and its
// answers are kept apart. What comes in is only ever inflated and parsed as
// JSON, never evaluated; anything unexpected is refused or left out. This
// module touches the page only in `fragment` and `forget`, so it can be
// tested on its own (`tests/browser/share-link.test.mjs`).

import { SEALED, SEALED_PLAIN, envelopeKeyId, fromBase64url, parsePublicKey, seal, toBase64url } from './seal.js';

/** Fragments longer than this are refused rather than decoded. */
export const MAX_FRAGMENT = 16 * 1024;

/**
 * The longest code an answers file may carry. A file is never cut, and it
 * is how answers too long for a link travel, so it holds any code whose
 * answers inflate to at most `MAX_INFLATED` (deflate never grows them by
 * more than a few bytes; base64url by a third).
 */
export const MAX_FILE_CODE = 720 * 1024;

/** Answers inflate to at most this many bytes; more is not a worksheet's. */
const MAX_INFLATED = 512 * 1024;

/** The version of the links this script writes. */
export const VERSION = 3;

const PLAIN = 3;

/** Names longer than this are cut: a name, not a message. */
const MAX_NAME = 80;

/**
 * Characters that change how text around them is shown without being seen:
 * bidirectional embeddings, overrides, isolates and marks, and the
 * zero-width ones. A name holding them could pass for another name, or turn
 * the page's own words around it.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A name as it may appear on the page: one visible line, trimmed, not too long; `null` when empty. */
export function cleanName(name) {
  if (typeof name !== 'string') return null;
  // Control characters and line breaks become spaces, so a name stays one line.
  const clean = name
    .replace(INVISIBLE, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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

/** Bytes through a compression stream, stopping once more than `limit` bytes come out. */
async function pipe(bytes, stream, limit = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Whether this browser compresses: Safari before 16.4 (iOS 15) has WebCrypto
 * but no CompressionStream. There links are written as version 2 and sealed
 * answers are sealed whole, longer but readable everywhere.
 */
export function canCompress() {
  return typeof globalThis.CompressionStream === 'function' && typeof globalThis.DecompressionStream === 'function';
}

/** What a link carries, as the compact JSON inside it. */
function payload({ form, lang = null, name = null, date = today(), answers }) {
  const json = { f: form, l: lang, n: cleanName(name), d: isDate(date) ? date : null, a: answers };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** The `#answers=` value for `answers` of the form `form` in `lang`, shared by `name` (or nobody) on `date`. */
export async function encode(share) {
  if (!canCompress()) {
    const { form, lang = null, name = null, date = today(), answers } = share;
    const v2 = { v: 2, form, lang, name: cleanName(name), date: isDate(date) ? date : null, answers };
    return toBase64url(new TextEncoder().encode(JSON.stringify(v2)));
  }
  const packed = await pipe(payload(share), new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(packed.length + 1);
  bytes[0] = PLAIN;
  bytes.set(packed, 1);
  return toBase64url(bytes);
}

/** The same, sealed so that only the owner of `publicKey` (`rajat-p256.…`) can read it. */
export async function encodeSealed(share, publicKey) {
  const point = parsePublicKey(publicKey);
  if (!point) throw new Error('not a public key');
  if (!canCompress()) return toBase64url(await seal(payload(share), point, SEALED_PLAIN));
  return toBase64url(await seal(await pipe(payload(share), new CompressionStream('deflate-raw')), point));
}

/** Whether a code is sealed, without reading it. */
export function isSealed(code) {
  return typeof code === 'string' && code.startsWith('B');
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Reads the `#answers=` value of a link for the form `formId` on a page in
 * `lang`, on a site whose language codes are `languages`; a code longer than
 * `max` (a link's `MAX_FRAGMENT`, or a file's `MAX_FILE_CODE`) is refused.
 *
 * Returns `{ answers, name, date, version, sealed }` (answers still to be
 * checked against the form; name and date `null` when the link has none;
 * `sealed` the id of the key that opened them, or `false`),
 * `{ locked: keyId }` for answers sealed to a key `open` does not have, or
 * `{ error }`: `too-long`, `damaged`, `other-form`, `other-language`
 * (with the link's `lang`, always one of `languages`), or `old-browser`
 * (compressed, and this browser cannot inflate). A link that names no
 * language fits any page.
 *
 * `open(keyId, envelope)` resolves to the envelope's opened bytes, `null`
 * when this browser has no key of that id, and rejects when the key does not
 * open it.
 */
export async function decode(text, formId, { lang = null, languages = null, open = async () => null, max = MAX_FRAGMENT } = {}) {
  if (typeof text !== 'string' || text.length > max) return { error: 'too-long' };
  const bytes = fromBase64url(text);
  if (!bytes || bytes.length === 0) return { error: 'damaged' };
  let data;
  let version;
  let sealed = false;
  try {
    if (bytes[0] === 0x7b) {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      if (!isObject(data)) return { error: 'damaged' };
      version = data.v === undefined ? 1 : data.v;
      data = { f: data.form, l: data.lang, n: version >= 2 ? data.name : null, d: version >= 2 ? data.date : null, a: data.answers };
    } else if (bytes[0] === PLAIN || bytes[0] === SEALED || bytes[0] === SEALED_PLAIN) {
      const deflated = bytes[0] !== SEALED_PLAIN;
      let packed = bytes.subarray(1);
      if (bytes[0] !== PLAIN) {
        const id = envelopeKeyId(bytes);
        if (!id) return { error: 'damaged' };
        const opened = await open(id, bytes);
        if (opened === null) return { locked: id };
        packed = opened;
        sealed = id;
      }
      // A browser that cannot inflate says so, rather than calling the link damaged.
      if (deflated && !canCompress()) return { error: 'old-browser' };
      if (packed.length > MAX_INFLATED) return { error: 'damaged' };
      const json = deflated ? await pipe(packed, new DecompressionStream('deflate-raw'), MAX_INFLATED) : packed;
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
      version = VERSION;
    } else {
      return { error: 'damaged' };
    }
  } catch {
    return { error: 'damaged' };
  }
  if (!isObject(data) || !isObject(data.a)) return { error: 'damaged' };
  if (data.f !== formId) return { error: 'other-form' };
  if (data.l !== undefined && data.l !== null) {
    // A language this site does not have is no language of the link's: such a link was made by hand.
    if (typeof data.l !== 'string' || (languages && !languages.includes(data.l))) return { error: 'damaged' };
    if (lang && data.l !== lang) return { error: 'other-language', lang: data.l };
  }
  return { answers: data.a, name: cleanName(data.n), date: isDate(data.d) ? data.d : null, version, sealed };
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

/** The code of the answers in a file a client sent (it holds their link); `null` when it holds none. */
export function codeInFile(text) {
  const match = /#answers=([A-Za-z0-9_-]+)/.exec(typeof text === 'string' ? text : '');
  return match ? match[1] : null;
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
