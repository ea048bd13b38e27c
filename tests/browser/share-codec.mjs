// Share links as the page makes them, for tests that craft or read their own.

/** A version 1 `#answers=` payload, as links made before names and dates: base64url of `{ form, answers }`. */
export function encodeShare(form, answers) {
  return Buffer.from(JSON.stringify({ form, answers }), 'utf8').toString('base64url');
}

/** A version 2 payload: `{ v: 2, form, name, date, answers }`. */
export function encodeShareV2(form, name, date, answers) {
  return Buffer.from(JSON.stringify({ v: 2, form, name, date, answers }), 'utf8').toString('base64url');
}

/** What a share link carries. */
export function decodeLink(link) {
  const code = new URL(link).hash.replace(/^#answers=/, '');
  return JSON.parse(Buffer.from(code, 'base64url').toString('utf8'));
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
