// The default theme's script. A classic script loaded in <head>, so the
// reader's choice of colours applies before anything is drawn (no flash of
// the wrong ones) without inline code, which the pages' Content-Security-
// Policy forbids. The rest waits for the page: the light/dark/system switch,
// a copy button on every quotation, and what a page opened from disk needs.
// Every word it shows comes from its <script> tag's data attributes, which
// the templates fill from the theme's strings.

(() => {
  const KEY = 'rajat:colours';
  const CHOICES = ['system', 'light', 'dark'];
  const root = document.documentElement;
  const words = document.currentScript?.dataset ?? {};

  /** The reader's saved choice, or `system`. Storage may be refused (private modes). */
  function saved() {
    try {
      const choice = localStorage.getItem(KEY);
      return CHOICES.includes(choice) ? choice : 'system';
    } catch {
      return 'system';
    }
  }

  function apply(choice) {
    if (choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = choice;
  }

  apply(saved());
  const fromDisk = location.protocol === 'file:';
  if (fromDisk) root.classList.add('from-file');

  /** The select in the header, shown once there is a script to make it work. */
  function colourSwitch() {
    const select = document.getElementById('theme-choice');
    if (!select) return;
    select.value = saved();
    select.closest('.theme-switch')?.removeAttribute('hidden');
    select.addEventListener('change', () => {
      const choice = CHOICES.includes(select.value) ? select.value : 'system';
      try {
        if (choice === 'system') localStorage.removeItem(KEY);
        else localStorage.setItem(KEY, choice);
      } catch {
        // Not kept; it still applies to this page.
      }
      apply(choice);
    });
    // Another tab changed it.
    window.addEventListener('storage', (e) => {
      if (e.key === KEY || e.key === null) {
        select.value = saved();
        apply(select.value);
      }
    });
  }

  /** What a quotation says, without the quotation marks around the whole of it. */
  function quoteText(quote, button) {
    const parts = [...quote.children].filter((c) => c !== button).map((c) => c.innerText.trim());
    const text = parts.filter(Boolean).join('\n\n');
    const wrapped = /^[“"]([^“”"]*)[”"]$/.exec(text);
    return wrapped ? wrapped[1] : text;
  }

  async function copy(text) {
    if (navigator.clipboard?.writeText) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        // Fall back to the selection below.
      }
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'copy-scratch';
    document.body.append(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand('copy');
    } catch {
      done = false;
    }
    area.remove();
    return done;
  }

  /** A copy button on each quotation of the text: the lines to say, the sample replies. */
  function copyButtons() {
    const quotes = document.querySelectorAll('.content blockquote');
    if (quotes.length === 0) return;
    const status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    document.body.append(status);
    for (const quote of quotes) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = words.copy || 'Copy';
      button.setAttribute('aria-label', words.copyLabel || 'Copy this text');
      let timer = 0;
      button.addEventListener('click', async () => {
        const ok = await copy(quoteText(quote, button));
        status.textContent = '';
        // A fresh message each time, so that screen readers announce it again.
        window.setTimeout(() => {
          status.textContent = ok ? words.copiedStatus || 'Copied.' : words.copyFailed || 'Could not copy.';
        }, 50);
        if (ok) {
          button.textContent = words.copied || 'Copied';
          button.classList.add('copy-button--done');
          window.clearTimeout(timer);
          timer = window.setTimeout(() => {
            button.textContent = words.copy || 'Copy';
            button.classList.remove('copy-button--done');
          }, 2000);
        }
      });
      quote.classList.add('has-copy');
      quote.append(button);
    }
  }

  /** Opened from disk, a link to a folder shows the folder: point it at its page instead. */
  function linksFromDisk() {
    if (!fromDisk) return;
    for (const link of document.querySelectorAll('a[href]')) {
      const href = link.getAttribute('href');
      if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(href)) continue;
      const at = href.search(/[?#]/);
      const [path, rest] = at < 0 ? [href, ''] : [href.slice(0, at), href.slice(at)];
      if (path === '' || path.endsWith('/')) link.setAttribute('href', `${path}index.html${rest}`);
    }
    // Forms need a web server to keep answers: say so instead of the no-script note.
    for (const note of document.querySelectorAll('.file-note')) note.removeAttribute('hidden');
  }

  function start() {
    colourSwitch();
    copyButtons();
    linksFromDisk();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
