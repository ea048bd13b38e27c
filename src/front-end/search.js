// The search box of the default theme: the guide's pages in the page's
// language, found as the reader types, in inflected forms too ("rajoistani"
// finds "rajat"), with nothing sent anywhere.
//
// A classic script, like everything search loads, so that it works from disk
// (`file://`, where browsers run no module scripts and fetch nothing) and
// under `Content-Security-Policy: default-src 'self'`: the index is a script
// (`search/<language>/index.js`, made by rajat: see src/search/index.rs)
// added to the page when the reader first focuses the box, with the
// language's Snowball stemmer (`stemmers/`), the same algorithm that stemmed
// the index. Every address is made from this script's own: it works at any
// address, under a sub-path and from disk alike. Words come from the
// <script> tag's data attributes, which the theme fills from its strings.

(() => {
  const script = document.currentScript;
  if (!script) return;
  const words = script.dataset;
  const language = words.language || document.documentElement.lang;
  const here = new URL(script.src, location.href);
  const root = new URL('../', here);
  const fromDisk = location.protocol === 'file:';
  const search = (globalThis.rajatSearch ??= {});
  const received = { index: null, texts: new Map() };

  // The index's scripts call these as they run.
  search.index = (data) => {
    if (data.language === language) received.index = data;
  };
  search.text = (lang, n, chunk) => {
    if (lang === language) received.texts.set(n, chunk);
  };

  /** Adds the script at `path` (relative to this one); resolves once it ran. */
  function load(path) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = new URL(path, here).href;
      // Scripts added together run in the order they were added.
      tag.async = false;
      tag.addEventListener('load', () => resolve());
      tag.addEventListener('error', () => reject(new Error(`could not load ${tag.src}`)));
      document.head.append(tag);
    });
  }

  // ---- Words and stems: the same reading as src/search/mod.rs ----

  const LETTER = /[\p{Alphabetic}\p{N}]/u;
  const ALPHA = /\p{Alphabetic}/u;

  /**
   * The words of `text`, as rajat reads them for its index: runs of letters
   * and digits, lowercase; an apostrophe between letters is part of a word
   * (written '), quotation marks are not. A hyphenated compound gives its
   * parts, then the whole without hyphens (`compound: true`).
   */
  function wordsOf(text) {
    const chars = [...text];
    const offsets = [];
    let at = 0;
    for (const c of chars) {
      offsets.push(at);
      at += c.length;
    }
    offsets.push(at);
    const out = [];
    let run = 0;
    let i = 0;
    const join = () => {
      if (out.length > run + 1) {
        const parts = out.slice(run);
        out.push({ start: parts[0].start, end: parts[parts.length - 1].end, text: parts.map((w) => w.text).join(''), compound: true });
      }
    };
    while (i < chars.length) {
      if (!LETTER.test(chars[i])) {
        i += 1;
        continue;
      }
      const start = i;
      let word = '';
      while (i < chars.length) {
        const c = chars[i];
        if (LETTER.test(c)) word += c.toLowerCase();
        else if ((c === "'" || c === '’') && i > 0 && ALPHA.test(chars[i - 1]) && i + 1 < chars.length && ALPHA.test(chars[i + 1])) word += "'";
        else break;
        i += 1;
      }
      const hyphen = start >= 2 && (chars[start - 1] === '-' || chars[start - 1] === '‑') && LETTER.test(chars[start - 2]);
      if (!hyphen) {
        join();
        run = out.length;
      }
      out.push({ start: offsets[start], end: offsets[i], text: word });
    }
    join();
    return out;
  }
  search.wordsOf = wordsOf;

  /** The stem of a lowercase word in this language (the word itself where there is no stemmer). */
  let stem = (word) => word;

  // ---- The index, ready to search ----

  /** Shortest part of a compound looked for, in letters (as `MIN_PART` in src/search/index.rs). */
  const MIN_PART = 4;
  /** What a match is worth by where it is: the text, a heading, the page's title. */
  const FIELD = [1, 6, 30];

  function prepare(data) {
    const stems = [];
    let before = '';
    for (const coded of data.stems ? data.stems.split(',') : []) {
      const shared = parseInt(coded[0], 36);
      const word = [...before].slice(0, shared).join('') + coded.slice(1);
      stems.push(word);
      before = word;
    }
    const postings = data.postings ? data.postings.split(',') : [];
    const total = data.headings.length / 2;
    const pageOf = new Int32Array(total);
    data.pages.forEach(([, , , first, count], page) => pageOf.fill(page, first, first + count));
    return { data, stems, postings, pageOf, stemCache: new Map() };
  }

  /** Section → field of each place of stem number `n`. */
  function places(index, n) {
    const out = new Map();
    let section = 0;
    for (const coded of index.postings[n].split(' ')) {
      const value = parseInt(coded, 36);
      section += Math.floor(value / 3);
      out.set(section, value % 3);
    }
    return out;
  }

  /** The position of `word` among the sorted stems, or where it would be. */
  function position(stems, word) {
    let lo = 0;
    let hi = stems.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stems[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function cachedStem(index, word) {
    let s = index.stemCache.get(word);
    if (s === undefined) {
      s = stem(word);
      index.stemCache.set(word, s);
    }
    return s;
  }

  /**
   * The stems a query word stands for, each with what a match is worth:
   * its own stem; stems it begins (as the reader types: `asiak` finds
   * `asiakas`), worth less; the longest stem it begins with, for a stem
   * Snowball cut shorter than the reader's form (`Pikatesti` is `pikat`, as
   * if it ended in `-sti`, but `pikatestiin` is `pikatest`); in Finnish, the
   * singular of a plural stem in -o (`rajoistani` is `rajo`, `rajat` is
   * `raja`); and where nothing else matches, the parts of a compound
   * (`asiakassuhteessa` → `asiakas`).
   */
  function alternatives(index, word, typing) {
    const { stems } = index;
    const found = new Map();
    const s = cachedStem(index, word);
    const exact = position(stems, s);
    if (stems[exact] === s) found.set(exact, 1);
    const letters = [...word];
    for (let at = letters.length - 1; at >= Math.max(MIN_PART, Math.ceil(letters.length * 0.4)); at -= 1) {
      const prefix = letters.slice(0, at).join('');
      const n = position(stems, prefix);
      if (stems[n] === prefix && prefix !== s) {
        if (!found.has(n)) found.set(n, 0.5);
        break;
      }
    }
    if (index.data.stemmer === 'finnish' && /[oö]$/.test(s)) {
      const singular = s.slice(0, -1) + (s.endsWith('o') ? 'a' : 'ä');
      const n = position(stems, singular);
      if (stems[n] === singular && !found.has(n)) found.set(n, 0.8);
    }
    if (typing && [...word].length >= 2) {
      // What the reader has typed so far may be cut short of its stem.
      const prefix = [...s].length < [...word].length ? s : word;
      for (let n = position(stems, prefix), seen = 0; n < stems.length && stems[n].startsWith(prefix) && seen < 60; n += 1, seen += 1) {
        if (!found.has(n)) found.set(n, 0.5);
      }
    }
    if (found.size === 0) {
      for (let at = letters.length - 3; at >= MIN_PART; at -= 1) {
        const head = cachedStem(index, letters.slice(0, at).join(''));
        const n = position(stems, head);
        if (stems[n] !== head) continue;
        found.set(n, 0.4);
        const tail = cachedStem(index, letters.slice(at).join(''));
        const m = position(stems, tail);
        if (stems[m] === tail) found.set(m, 0.4);
        break;
      }
    }
    return found;
  }

  /**
   * The pages that match every word of `query`, best first: a title match
   * before a heading match before a match in the text. Each with the
   * section that matches best, and the stems that matched (to mark them).
   */
  function find(index, query) {
    const typed = wordsOf(query).filter((w) => !w.compound);
    if (typed.length === 0) return { results: [], matched: Object.assign(new Set(), { starts: new Set() }) };
    const typing = !/[\s\p{P}]$/u.test(query);
    const matched = new Set();
    // Per query word: section → score.
    const terms = [];
    typed.forEach((w, i) => {
      const sections = new Map();
      for (const [n, worth] of alternatives(index, w.text, typing && i === typed.length - 1)) {
        matched.add(index.stems[n]);
        for (const [section, field] of places(index, n)) {
          const score = FIELD[field] * worth;
          if ((sections.get(section) ?? 0) < score) sections.set(section, score);
        }
      }
      terms.push(sections);
    });
    // A word found nowhere in the guide does not hide what the others find.
    const useful = terms.filter((t) => t.size > 0);
    matched.starts = new Set([...matched].map((m) => m.slice(0, 2)));
    if (useful.length === 0) return { results: [], matched };
    const pages = new Map();
    useful.forEach((sections, t) => {
      for (const [section, score] of sections) {
        const page = index.pageOf[section];
        let entry = pages.get(page);
        if (!entry) {
          entry = { page, best: new Array(useful.length).fill(0), sections: new Map(), hits: 0 };
          pages.set(page, entry);
        }
        entry.best[t] = Math.max(entry.best[t], score);
        entry.sections.set(section, (entry.sections.get(section) ?? 0) + score);
        entry.hits += 1;
      }
    });
    const results = [];
    for (const entry of pages.values()) {
      if (entry.best.some((b) => b === 0)) continue;
      let section = -1;
      let top = -1;
      for (const [s, score] of entry.sections) {
        if (score > top || (score === top && s < section)) {
          top = score;
          section = s;
        }
      }
      const score = entry.best.reduce((a, b) => a + b, 0) + Math.min(0.9, 0.05 * entry.hits);
      results.push({ page: entry.page, section, score });
    }
    results.sort((a, b) => b.score - a.score || a.page - b.page);
    return { results, matched };
  }
  search.find = find;

  // ---- Showing results ----

  const MAX_RESULTS = 10;

  /** The address of page `path` (a site path), and of its heading `anchor`. */
  function address(path, anchor) {
    let url = new URL(path, root).href;
    if (fromDisk && (path === '' || path.endsWith('/'))) url += 'index.html';
    return anchor ? `${url}#${anchor}` : url;
  }

  /** Whether word `w` of a text is one the query matched. */
  function isMatch(index, w, matched) {
    if (w.compound) return false;
    // A stem keeps its word's first two letters: most words need no stemming to be ruled out.
    if (!matched.starts.has(w.text.slice(0, 2))) return false;
    const s = cachedStem(index, w.text);
    if (matched.has(s)) return true;
    // A compound the index split: its first part matched.
    for (const m of matched) if ([...m].length >= MIN_PART && w.text.startsWith(m)) return true;
    return false;
  }

  /** `text` into `into`, its matched words in <mark>: DOM nodes, never HTML. */
  function marked(into, index, text, matched, from = 0, to = text.length) {
    let at = from;
    for (const w of wordsOf(text.slice(from, to))) {
      const start = from + w.start;
      const end = from + w.end;
      if (!isMatch(index, w, matched)) continue;
      into.append(text.slice(at, start));
      const mark = document.createElement('mark');
      mark.textContent = text.slice(start, end);
      into.append(mark);
      at = end;
    }
    into.append(text.slice(at, to));
  }

  /** Words as a quick pattern finds them: enough to find where a snippet starts, in a long text. */
  const QUICK_WORD = /[\p{Alphabetic}\p{N}]+(?:['’]\p{Alphabetic}+)*/gu;

  /** The first word of `text` the query matched, if any. */
  function firstMatch(index, text, matched) {
    for (const m of text.matchAll(QUICK_WORD)) {
      const w = { start: m.index, end: m.index + m[0].length, text: m[0].toLowerCase().replace(/’/g, "'") };
      if (isMatch(index, w, matched)) return w;
    }
    return null;
  }

  /** A piece of `text` about 160 characters long around its first matched word. */
  function snippet(into, index, text, matched) {
    const first = firstMatch(index, text, matched);
    let from = first ? Math.max(0, first.start - 60) : 0;
    if (from > 0) {
      const space = text.indexOf(' ', from);
      from = space >= 0 && space < (first?.start ?? text.length) ? space + 1 : from;
    }
    let to = Math.min(text.length, from + 170);
    if (to < text.length) {
      const space = text.lastIndexOf(' ', to);
      if (space > from) to = space;
    }
    if (from > 0) into.append('… ');
    marked(into, index, text, matched, from, to);
    if (to < text.length) into.append(' …');
  }

  /** Loads the text of chunk `n`, once. */
  const chunkLoads = new Map();
  function textChunk(n) {
    if (!chunkLoads.has(n)) chunkLoads.set(n, load(`search/${language}/text-${n}.js`));
    return chunkLoads.get(n);
  }

  function sectionText(index, section) {
    const [, , , , , chunk] = index.data.pages[index.pageOf[section]];
    const text = received.texts.get(chunk);
    return text ? text.text[section - text.first] : null;
  }

  // ---- The box ----

  let ready = null;
  /** Loads the stemmer and the index, once; resolves with the index ready to search. */
  function start() {
    ready ??= load(`search/${language}/index.js`)
      .then(() => {
        const data = received.index;
        if (!data) throw new Error('the index did not arrive');
        if (!data.stemmer) return data;
        return Promise.all([load('stemmers/snowball.js'), load(`stemmers/${data.stemmer}.js`)]).then(() => {
          const stemmer = search.stemmers?.[data.stemmer];
          if (stemmer) stem = stemmer;
          return data;
        });
      })
      .then(prepare);
    return ready;
  }

  function say(key, values = {}) {
    let text = words[key] || '';
    // A function, so that what the reader typed is put in as it is (`$&` included).
    for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, () => value);
    return text;
  }

  /** One search box: its input, its live status and its list of results. */
  function box(element) {
    const input = element.querySelector('.search-input');
    const panel = element.querySelector('.search-panel');
    const status = element.querySelector('.search-status');
    const list = element.querySelector('.search-results');
    if (!input || !panel || !status || !list) return;
    element.removeAttribute('hidden');
    element.closest('[data-search-offer]')?.removeAttribute('hidden');
    let shown = '';

    const links = () => [...list.querySelectorAll('a')];
    // Closed, the panel keeps its status (screen readers hear a live region
    // only while it is rendered) but no results, so nothing out of sight takes focus.
    function open() {
      panel.classList.remove('search-panel--closed');
      element.classList.add('search--open');
    }
    function close() {
      panel.classList.add('search-panel--closed');
      element.classList.remove('search--open');
      list.replaceChildren();
      status.textContent = '';
      shown = '';
    }
    const isOpen = () => element.classList.contains('search--open');

    function render(index, query) {
      const { results, matched } = find(index, query);
      const items = [];
      const waiting = [];
      for (const result of results.slice(0, MAX_RESULTS)) {
        const [title, path, sectionTitle] = index.data.pages[result.page];
        const heading = index.data.headings[2 * result.section];
        const anchor = index.data.headings[2 * result.section + 1];
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.className = 'search-result';
        link.href = address(path, anchor);
        const name = document.createElement('span');
        name.className = 'search-result-title';
        marked(name, index, title, matched);
        link.append(name);
        const where = [sectionTitle, heading].filter(Boolean).join(' › ');
        if (where) {
          const place = document.createElement('span');
          place.className = 'search-result-section';
          marked(place, index, where, matched);
          link.append(place);
        }
        const text = document.createElement('span');
        text.className = 'search-result-snippet';
        link.append(text);
        const fill = () => {
          const body = sectionText(index, result.section);
          if (body !== null && !text.hasChildNodes()) snippet(text, index, body, matched);
          return body !== null;
        };
        if (!fill()) waiting.push(textChunk(index.data.pages[result.page][5]).then(fill).catch(() => {}));
        item.append(link);
        items.push(item);
      }
      list.replaceChildren(...items);
      status.textContent =
        results.length === 0
          ? say('none', { query: query.trim() })
          : results.length === 1
            ? say('one')
            : say('many', { n: String(results.length) });
      open();
      return Promise.all(waiting);
    }

    async function update() {
      const query = input.value;
      if (query.trim() === '') {
        close();
        return;
      }
      if (query === shown) {
        open();
        return;
      }
      let index;
      try {
        if (!received.index) {
          status.textContent = say('loading');
          open();
        }
        index = await start();
      } catch {
        status.textContent = say('failed');
        open();
        return;
      }
      // The reader went on typing while the index loaded: the newest query wins.
      if (input.value !== query) return;
      shown = query;
      await render(index, query);
      element.dispatchEvent(new CustomEvent('rajat-search-shown', { bubbles: true }));
    }

    // Closed by the reader (Escape), the list stays closed until they type again.
    let dismissed = false;
    input.addEventListener('focus', () => {
      start().catch(() => {});
      if (!dismissed && input.value.trim() !== '') update();
    });
    input.addEventListener('input', () => {
      dismissed = false;
      update();
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && links().length > 0) {
        e.preventDefault();
        links()[0].focus();
      } else if (e.key === 'ArrowUp' && links().length > 0) {
        e.preventDefault();
        links()[links().length - 1].focus();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        const first = links()[0];
        if (first) first.click();
      } else if (e.key === 'Escape' && isOpen()) {
        e.preventDefault();
        dismissed = true;
        close();
      }
    });
    list.addEventListener('keydown', (e) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = at + (e.key === 'ArrowDown' ? 1 : -1);
        if (next < 0 || next >= all.length) input.focus();
        else all[next].focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        dismissed = true;
        close();
        input.focus();
      }
    });
    // A click or a tab away closes the list.
    document.addEventListener('pointerdown', (e) => {
      if (isOpen() && !element.contains(e.target)) close();
    });
    element.addEventListener('focusout', (e) => {
      if (isOpen() && e.relatedTarget && !element.contains(e.relatedTarget)) close();
    });
  }

  function startBoxes() {
    const boxes = document.querySelectorAll('[data-search]');
    boxes.forEach(box);
    // `/` goes to the search box, as on most documentation sites, unless the reader is typing.
    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target;
      if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const input = boxes[0]?.querySelector('.search-input');
      if (!input) return;
      e.preventDefault();
      input.focus();
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startBoxes);
  else startBoxes();
})();
