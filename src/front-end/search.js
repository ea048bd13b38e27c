// The search box of the default theme: the guide's pages in the page's
// language, found as the reader types, in inflected forms too ("rajoistani"
// finds "rajat"), with nothing sent anywhere.
//
// A classic script, like everything search loads, so that it works from disk
// (`file://`, where browsers run no module scripts and fetch nothing) and
// under `Content-Security-Policy: default-src 'self'`: the index is scripts
// (`search/<language>/index.js` and the files it names, made by rajat: see
// src/search/index.rs) added to the page as the reader searches: `index.js`
// and the language's Snowball stemmer (`stemmers/`, the same algorithm that
// stemmed the index) when they first focus the box, then the parts of the
// index a query needs. Every address is made from this script's own: it
// works at any address, under a sub-path and from disk alike. Words come
// from the <script> tag's data attributes, which the theme fills from its
// strings.

(() => {
  const script = document.currentScript;
  if (!script) return;
  const words = script.dataset;
  const language = words.language || document.documentElement.lang;
  const here = new URL(script.src, location.href);
  const root = new URL('../', here);
  const fromDisk = location.protocol === 'file:';
  const search = (globalThis.rajatSearch ??= {});
  const received = { index: null, stems: new Map(), texts: new Map() };

  // The index's scripts call these as they run.
  search.index = (data) => {
    if (data.language === language) received.index = data;
  };
  search.stems = (lang, n, data) => {
    if (lang === language) received.stems.set(n, data);
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
  //
  // Split so that a query loads only what it needs (src/search/index.rs):
  // `index.js` says how; `stems-N.js`, loaded as a query's words need them,
  // hold ranges of the sorted stems with their places; `text-N.js`, loaded
  // for the results shown, hold pages' titles, addresses, headings and text.

  /** Shortest part of a compound looked for, in letters (as `MIN_PART` in src/search/index.rs). */
  const MIN_PART = 4;
  /** What a match is worth by where it is: the text, a heading, the page's title. */
  const FIELD = [1, 6, 30];

  function prepare(data) {
    const counts = data.sections ? data.sections.split(',').map((c) => parseInt(c, 36)) : [];
    // Where each page's sections start in the language's numbering, and which page each section is of.
    const firstSection = new Int32Array(counts.length + 1);
    counts.forEach((count, page) => {
      firstSection[page + 1] = firstSection[page] + count;
    });
    const pageOf = new Int32Array(firstSection[counts.length]);
    counts.forEach((count, page) => pageOf.fill(page, firstSection[page], firstSection[page] + count));
    return { data, firstSection, pageOf, shards: new Map(), places: new Map(), stemCache: new Map() };
  }

  /** The stems file that holds `stem`, or would: the last whose first stem is not after it. */
  function shardOf(index, stem) {
    const firsts = index.data.shards;
    let lo = 0;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= stem) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A stems file's data, read once it arrived: its sorted stems and their postings. */
  function shardData(index, k) {
    let shard = index.shards.get(k);
    if (!shard) {
      const data = received.stems.get(k);
      if (!data) return null;
      const stems = [];
      let before = '';
      for (const coded of data.stems ? data.stems.split(',') : []) {
        const shared = parseInt(coded[0], 36);
        const word = [...before].slice(0, shared).join('') + coded.slice(1);
        stems.push(word);
        before = word;
      }
      shard = { stems, postings: data.postings ? data.postings.split(',') : [] };
      index.shards.set(k, shard);
    }
    return shard;
  }

  /** The position of `word` among sorted `stems`, or where it would be. */
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

  /**
   * A look-up in the stems loaded so far: whether `stem` is a stem of the
   * language. A stems file it would be in that has not arrived is added to
   * `want`, and the answer is no until it has.
   */
  function isStem(index, stem, want) {
    const k = shardOf(index, stem);
    const shard = shardData(index, k);
    if (!shard) {
      want.add(k);
      return false;
    }
    return shard.stems[position(shard.stems, stem)] === stem;
  }

  /** Up to `most` stems that begin with `prefix`, in order (`want` as for `isStem`). */
  function stemsStarting(index, prefix, most, want) {
    const out = [];
    const firsts = index.data.shards;
    const first = shardOf(index, prefix);
    for (let k = first; k < firsts.length && out.length < most; k += 1) {
      // A later file holds such stems only if it starts with one.
      if (k > first && !firsts[k].startsWith(prefix)) break;
      const shard = shardData(index, k);
      if (!shard) {
        want.add(k);
        break;
      }
      const { stems } = shard;
      let n = position(stems, prefix);
      for (; n < stems.length && stems[n].startsWith(prefix) && out.length < most; n += 1) out.push(stems[n]);
      // The stems that begin with it go on in the next file only if this one ended with one of them.
      if (n < stems.length) break;
    }
    return out;
  }

  /** Section → field of each place of `stem` (a stem of a loaded file). */
  function places(index, stem) {
    let out = index.places.get(stem);
    if (!out) {
      out = new Map();
      const shard = shardData(index, shardOf(index, stem));
      let section = 0;
      for (const coded of shard.postings[position(shard.stems, stem)].split(' ')) {
        const value = parseInt(coded, 36);
        section += Math.floor(value / 3);
        out.set(section, value % 3);
      }
      index.places.set(stem, out);
    }
    return out;
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
   * (`asiakassuhteessa` → `asiakas`). Stems files not loaded yet go into
   * `want`; until they have, what is found is incomplete.
   */
  function alternatives(index, word, typing, want) {
    const found = new Map();
    const waiting = want.size;
    const s = cachedStem(index, word);
    if (isStem(index, s, want)) found.set(s, 1);
    const letters = [...word];
    for (let at = letters.length - 1; at >= Math.max(MIN_PART, Math.ceil(letters.length * 0.4)); at -= 1) {
      const prefix = letters.slice(0, at).join('');
      if (prefix !== s && isStem(index, prefix, want)) {
        if (!found.has(prefix)) found.set(prefix, 0.5);
        break;
      }
    }
    if (index.data.stemmer === 'finnish' && /[oö]$/.test(s)) {
      const singular = s.slice(0, -1) + (s.endsWith('o') ? 'a' : 'ä');
      if (!found.has(singular) && isStem(index, singular, want)) found.set(singular, 0.8);
    }
    if (typing && letters.length >= 2) {
      // What the reader has typed so far may be cut short of its stem.
      const prefix = [...s].length < letters.length ? s : word;
      for (const other of stemsStarting(index, prefix, 60, want)) if (!found.has(other)) found.set(other, 0.5);
    }
    // The parts of a compound only once the rest is known not to match.
    if (found.size === 0 && want.size === waiting) {
      for (let at = letters.length - 3; at >= MIN_PART; at -= 1) {
        const head = cachedStem(index, letters.slice(0, at).join(''));
        if (!isStem(index, head, want)) continue;
        found.set(head, 0.4);
        const tail = cachedStem(index, letters.slice(at).join(''));
        if (isStem(index, tail, want)) found.set(tail, 0.4);
        break;
      }
    }
    return found;
  }

  /**
   * The pages that match every word of `query`, best first: a title match
   * before a heading match before a match in the text. Each with the
   * section that matches best, and the stems that matched (to mark them).
   * `want` has the stems files still to load: until it is empty, the
   * results are not final.
   */
  function find(index, query) {
    const want = new Set();
    const typed = wordsOf(query).filter((w) => !w.compound);
    const matched = new Set();
    matched.starts = new Set();
    if (typed.length === 0) return { results: [], matched, want };
    const typing = !/[\s\p{P}]$/u.test(query);
    // Per query word: section → score.
    const terms = [];
    typed.forEach((w, i) => {
      const sections = new Map();
      for (const [s, worth] of alternatives(index, w.text, typing && i === typed.length - 1, want)) {
        matched.add(s);
        for (const [section, field] of places(index, s)) {
          const score = FIELD[field] * worth;
          if ((sections.get(section) ?? 0) < score) sections.set(section, score);
        }
      }
      terms.push(sections);
    });
    if (want.size > 0) return { results: [], matched, want };
    // A word found nowhere in the guide does not hide what the others find.
    const useful = terms.filter((t) => t.size > 0);
    for (const m of matched) matched.starts.add(m.slice(0, 2));
    if (useful.length === 0) return { results: [], matched, want };
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
    return { results, matched, want };
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

  /** Loads stems file `k`, once. */
  const shardLoads = new Map();
  function shard(k) {
    if (!shardLoads.has(k)) shardLoads.set(k, load(`search/${language}/stems-${k}.js`));
    return shardLoads.get(k);
  }

  /** Loads text file `n`, once. */
  const chunkLoads = new Map();
  function textChunk(n) {
    if (!chunkLoads.has(n)) chunkLoads.set(n, load(`search/${language}/text-${n}.js`));
    return chunkLoads.get(n);
  }

  /** The text file that holds page `page`: the last whose first page is not after it. */
  function chunkOf(index, page) {
    const firsts = index.data.chunks;
    let lo = 0;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= page) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * What a result shows of section `section` of page `page`, from its text
   * file (loaded): the page's title, address and section of the guide, and
   * the section's heading, anchor and text.
   */
  function shownOf(index, page, section) {
    const chunk = received.texts.get(chunkOf(index, page));
    const [title, path, part] = chunk.pages[page - chunk.first];
    const at = section - index.firstSection[chunk.first];
    return { title, path, part, heading: chunk.headings[2 * at], anchor: chunk.headings[2 * at + 1], text: chunk.text[at] };
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

  /** `tag` with `attributes` and class `name`. */
  function made(tag, name, attributes = {}) {
    const element = document.createElement(tag);
    element.className = name;
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    return element;
  }

  /**
   * One search box: its input, its live status and its list of results. The
   * page has the label and the input; the rest is made here (on every page
   * of a big guide, it would be bytes for nothing without this script).
   */
  function box(element) {
    const input = element.querySelector('.search-input');
    if (!input) return;
    const name = (input.id || 'search').replace(/-input$/, '');
    let panel = element.querySelector('.search-panel');
    if (!panel) {
      // Closed, the panel is out of sight but still there, so that screen readers hear its status change.
      panel = made('div', 'search-panel search-panel--closed');
      panel.append(
        made('p', 'search-status', { id: `${name}-status`, role: 'status' }),
        made('ol', 'search-results', { id: `${name}-results`, 'aria-label': words.results || '' }),
      );
      element.append(panel);
    }
    const status = element.querySelector('.search-status');
    const list = element.querySelector('.search-results');
    if (!status || !list) return;
    const set = { autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', 'aria-describedby': status.id, 'aria-controls': list.id };
    for (const [key, value] of Object.entries(set)) if (!input.hasAttribute(key) && value) input.setAttribute(key, value);
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

    /** Shows `results` (their text files loaded) for `query`. */
    function render(index, query, { results, matched }) {
      const items = [];
      for (const result of results.slice(0, MAX_RESULTS)) {
        const what = shownOf(index, result.page, result.section);
        const item = document.createElement('li');
        const link = made('a', 'search-result', { href: address(what.path, what.anchor) });
        const title = made('span', 'search-result-title');
        marked(title, index, what.title, matched);
        link.append(title);
        const where = [what.part, what.heading].filter(Boolean).join(' › ');
        if (where) {
          const place = made('span', 'search-result-section');
          marked(place, index, where, matched);
          link.append(place);
        }
        const text = made('span', 'search-result-snippet');
        snippet(text, index, what.text, matched);
        link.append(text);
        item.append(link);
        items.push(item);
      }
      list.replaceChildren(...items);
      // Which query the list answers: while the files of a newer one load, it is an older one's.
      list.dataset.query = query;
      status.textContent =
        results.length === 0
          ? say('none', { query: query.trim() })
          : results.length === 1
            ? say('one')
            : say('many', { n: String(results.length) });
      open();
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
      let found;
      try {
        if (!received.index) {
          status.textContent = say('loading');
          open();
        }
        const index = await start();
        // The stems files the query's words are in, until none is missing
        // (a word's alternatives may lead to another), then the text files
        // of the results shown.
        for (found = find(index, query); found.want.size > 0; found = find(index, query)) {
          await Promise.all([...found.want].map(shard));
          if (input.value !== query) return;
        }
        await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => textChunk(chunkOf(index, r.page))));
        // The reader went on typing while the files loaded: the newest query wins.
        if (input.value !== query) return;
        shown = query;
        render(index, query, found);
      } catch {
        if (input.value !== query) return;
        status.textContent = say('failed');
        open();
        return;
      }
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
