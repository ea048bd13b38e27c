// The browser's half of search's shared tables (tests/fixtures/search/):
// search.js reads words, and the Snowball stemmers it loads stem them,
// exactly as rajat's index does in Rust (tests/search.rs checks the same
// tables against the Rust side). Run by `cargo test --test browser` with
// `node --test`; needs only Node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const repo = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, repo), 'utf8');

// The scripts as a browser runs them: classic scripts, one after another, in one global scope.
const page = { document: { currentScript: null } };
page.globalThis = page;
vm.createContext(page);
for (const file of ['stemmers/snowball.js', 'stemmers/english.js', 'stemmers/finnish.js']) {
  vm.runInContext(read(`src/front-end/${file}`), page, { filename: file });
}
const { stemmers } = page.rajatSearch;

test('the browser stems every word of the shared table as rajat does', () => {
  const rows = read('tests/fixtures/search/stems.tsv')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'));
  const stemmer = { en: stemmers.english, fi: stemmers.finnish };
  const counts = { en: 0, fi: 0 };
  const wrong = [];
  for (const [lang, word, stem] of rows) {
    counts[lang] += 1;
    const got = stemmer[lang](word);
    if (got !== stem) wrong.push(`${lang} ${word}: rajat ${stem}, browser ${got}`);
  }
  assert.ok(counts.fi > 2000 && counts.en > 1500, `a large list in both languages: ${JSON.stringify(counts)}`);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${rows.length} words stem differently`);
});

test('the browser reads words as the shared table says', () => {
  // search.js's own reading of words, run as the page runs it (it starts only with its <script> tag).
  const context = {
    document: {
      currentScript: { src: 'https://example.org/rajat/search.js', dataset: { language: 'en' } },
      readyState: 'complete',
      querySelectorAll: () => [],
      addEventListener: () => {},
      documentElement: { lang: 'en' },
    },
    location: { href: 'https://example.org/', protocol: 'https:' },
    URL,
  };
  context.globalThis = context;
  vm.createContext(context);
  vm.runInContext(read('src/front-end/search.js'), context, { filename: 'search.js' });
  const { cases } = JSON.parse(read('tests/fixtures/search/words.json'));
  assert.ok(cases.length >= 8);
  for (const { text, words } of cases) {
    // Spread into an array of this realm, to compare with one.
    const got = [...context.rajatSearch.wordsOf(text).map((w) => w.text)];
    assert.deepEqual(got, words, `the words of ${JSON.stringify(text)}`);
    for (const w of context.rajatSearch.wordsOf(text).filter((w) => !w.compound)) {
      assert.equal(text.slice(w.start, w.end).toLowerCase().replace(/’/g, "'"), w.text, 'offsets point at the word as written');
    }
  }
});
