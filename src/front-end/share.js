// Share links: the answers travel in the URL fragment (`#answers=…`), which
// browsers never send to a server. What comes in is only ever decoded and
// parsed as JSON, never evaluated, and anything unexpected is ignored.

/** Fragments longer than this are ignored rather than decoded. */
export const MAX_FRAGMENT = 16 * 1024;

/** `answers` for the form `formId` as base64url-encoded UTF-8 JSON. */
export function encode(formId, answers) {
  const bytes = new TextEncoder().encode(JSON.stringify({ form: formId, answers }));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Reads the answers of a share link. Returns `{ answers }` (still to be
 * checked against the form) or `{ error }`, a sentence for the reader.
 */
export function decode(text, formId) {
  if (text.length > MAX_FRAGMENT) {
    return { error: 'The link holds too many answers to read (more than 16 KB), so it was ignored.' };
  }
  const broken = { error: 'The answers in this link could not be read, so they were ignored. It may have been cut short when it was copied.' };
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return broken;
  let data;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return broken;
  }
  if (data === null || typeof data !== 'object' || typeof data.answers !== 'object' || data.answers === null) {
    return broken;
  }
  if (data.form !== formId) {
    return { error: 'This link holds answers for a different form, so they were ignored.' };
  }
  return { answers: data.answers };
}

/** The parameters of the page's fragment (`#answers=…&reasons=…`), or `null` when it is too long to trust. */
export function fragment() {
  const hash = window.location.hash.slice(1);
  if (hash.length > MAX_FRAGMENT + 64) return null;
  return new URLSearchParams(hash);
}

/** Removes the fragment from the address bar, so a reload shows the saved answers. */
export function forget() {
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}
