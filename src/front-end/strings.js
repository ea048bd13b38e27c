// Every word the forms' scripts show comes from the page: rajat writes the
// words of the page's language into the form's definition (`words`), from
// `src/front-end/words/<language>.yaml`. `{name}` marks a value filled in
// when a string is used (see `say`). Dates are written by `formatDate`, in
// the page's locale (`en-GB`: 1 December 2026; `fi`: 1. joulukuuta 2026).

export const words = {};

/**
 * Takes the words of the page's language, which the page carries in its
 * form's definition (`src/front-end/words/<language>.yaml`, as the site
 * changed them); the scripts have none of their own.
 */
export function useWords(fromPage) {
  if (fromPage && typeof fromPage === 'object') Object.assign(words, fromPage);
}

/** The string `key` with its `{placeholders}` filled in from `values`. */
export function say(key, values = {}) {
  const text = words[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

let locale = null;

/** The locale dates are written in (the form's `locale`, from site.yaml); the page's language without one. */
export function useLocale(fromPage) {
  if (typeof fromPage === 'string' && fromPage) locale = fromPage;
}

/** The page's language, for dates and sorting. */
export function language() {
  return locale || document.documentElement.lang || 'en';
}

/** `2026-12-01` as the page's language writes a date ("December 1, 2026"); `null` when not a date. */
export function formatDate(isoDate) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate ?? '');
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  try {
    return new Intl.DateTimeFormat(language(), { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return isoDate.slice(0, 10);
  }
}
