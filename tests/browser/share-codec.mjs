// Share links as the page makes them, for tests that craft or read their own.

import { inflateRawSync } from 'node:zlib';

/** A version 1 `#answers=` payload, as links made before names and dates: base64url of `{ form, answers }`. */
export function encodeShare(form, answers) {
  return Buffer.from(JSON.stringify({ form, answers }), 'utf8').toString('base64url');
}

/** A version 2 payload: `{ v: 2, form, name, date, answers }`. */
export function encodeShareV2(form, name, date, answers) {
  return Buffer.from(JSON.stringify({ v: 2, form, name, date, answers }), 'utf8').toString('base64url');
}

/**
 * What a share link carries, in the shape of version 2 whatever its version:
 * `{ v, form, lang, name, date, answers }`. Sealed links cannot be read here.
 */
export function decodeLink(link) {
  const code = new URL(link).hash.replace(/^#answers=/, '');
  const bytes = Buffer.from(code, 'base64url');
  if (bytes[0] === 0x7b) return JSON.parse(bytes.toString('utf8'));
  if (bytes[0] !== 3) throw new Error(`not a readable link (it starts with byte ${bytes[0]})`);
  const p = JSON.parse(inflateRawSync(bytes.subarray(1)).toString('utf8'));
  return { v: 3, form: p.f, lang: p.l, name: p.n, date: p.d, answers: p.a };
}

/**
 * Every way the text of `secret` could hide in what leaves a browser (a
 * link, a mail link, a file): as it is, percent-encoded, and inside any
 * base64url run, read as it is or inflated. Returns where it was found, or `null`.
 */
export function findSecret(text, secret) {
  const places = [text];
  try {
    places.push(decodeURIComponent(text));
  } catch {
    // Not percent-encoded text.
  }
  for (const run of text.match(/[A-Za-z0-9_-]{16,}/g) ?? []) {
    const bytes = Buffer.from(run, 'base64url');
    places.push(bytes.toString('utf8'));
    for (const start of [0, 1]) {
      try {
        places.push(inflateRawSync(bytes.subarray(start)).toString('utf8'));
      } catch {
        // Not deflated from here: sealed, or not a link at all.
      }
    }
  }
  const found = places.find((p) => p.includes(secret));
  return found === undefined ? null : found.slice(Math.max(0, found.indexOf(secret) - 40), found.indexOf(secret) + secret.length + 40);
}

/** Today's date where the browser runs, as the page writes it into links. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A date as the guide's English pages show it (its `locale: en-GB`: 1 December 2026). */
export function longDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The page's own share and seal modules, loaded in Node from a copy of src/front-end/ marked as ES modules. */
export async function frontEnd() {
  const { cpSync, mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const work = mkdtempSync(join(tmpdir(), 'rajat-front-end-'));
  cpSync(new URL('../../src/front-end/', import.meta.url), work, { recursive: true });
  writeFileSync(join(work, 'package.json'), '{"type":"module"}');
  return { share: await import(join(work, 'share.js')), seal: await import(join(work, 'seal.js')) };
}

/** A key made by `rajat key new` (RAJAT_BIN) for a throwaway site: `{ file, passphrase, public, id }`. */
export async function makeKey(name) {
  const { mkdtempSync, mkdirSync, readFileSync, writeFileSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'rajat-key-'));
  mkdirSync(join(dir, 'site'));
  writeFileSync(join(dir, 'site', 'site.yaml'), 'title: T\nbase_url: https://example.org/\ncontact:\n  name: Mira Virtanen\n');
  const passphrase = `the passphrase of ${name}`;
  const file = join(dir, `${name}.rajat-key`);
  execFileSync(process.env.RAJAT_BIN, ['key', 'new', '--root', join(dir, 'site'), '--out', file], { input: `${passphrase}\n` });
  const text = readFileSync(file, 'utf8');
  return { file, passphrase, public: JSON.parse(text).public, id: JSON.parse(text).id };
}
