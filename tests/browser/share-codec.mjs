// Share links as the page makes them, for tests that craft their own.

/** `#answers=` payload: base64url of the JSON `{ form, answers }`. */
export function encodeShare(form, answers) {
  return Buffer.from(JSON.stringify({ form, answers }), 'utf8').toString('base64url');
}
