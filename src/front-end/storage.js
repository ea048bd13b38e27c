// Answers kept on this device, in localStorage. Storage can be missing
// (disabled cookies, a private window) or full; the forms keep working then,
// they just cannot remember.

/** Reads and parses the JSON stored under `key`; `null` when absent or unreadable. */
export function load(key) {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** Stores `value` as JSON under `key`; returns whether it worked. */
export function save(key, value) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Forgets `key`. */
export function remove(key) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing stored, nothing to forget.
  }
}
