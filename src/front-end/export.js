// Getting text out of the page: the clipboard and downloaded files.

/** Copies `text` to the clipboard; resolves to whether it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithSelection(text);
  }
}

/** The older way, for browsers that refuse the clipboard API (plain http, some settings). */
function copyWithSelection(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'rajat-visually-hidden';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Offers `text` as a file download named `name`; nothing leaves the device. */
export function download(name, text, type = 'text/markdown') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * A `mailto:` link to `to` (an address, or nobody) with a subject and a body;
 * line breaks as CRLF, as mail expects.
 */
export function mailto(to, subject, body) {
  const encode = (text) => encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
  const address = to ? encodeURIComponent(to).replace(/%40/g, '@') : '';
  return `mailto:${address}?subject=${encode(subject)}&body=${encode(body)}`;
}

/** Whether `text` looks like an email address a mail link can carry. */
export function isAddress(text) {
  return /^[^\s@?&#/<>"\\,;:]+@[^\s@?&#/<>"\\,;:]+\.[^\s@?&#/<>"\\,;:.]+$/.test(text);
}
