// Runs every browser test against a built guide:
//
//   node tests/browser/run.mjs http://127.0.0.1:PORT/guide/ [SITE_FOLDER]
//
// `cargo test` (tests/browser.rs) builds the guide, serves it with
// `Content-Security-Policy: default-src 'self'` and runs this. One Chromium is
// launched and shared; each test gets fresh browser contexts. Prints one line
// per test and exits non-zero when any failed.

import { launch, Watch, Failure } from './lib.mjs';
import worksheet from './worksheet.mjs';
import selfCheck from './self-check.mjs';
import letter from './letter.mjs';
import pages from './pages.mjs';
import share from './share.mjs';
import theme from './theme.mjs';
import languages from './languages.mjs';
import sealed from './sealed.mjs';
import received from './received.mjs';
import search from './search.mjs';

const base = process.argv[2];
// The built site's folder, for what a reader does with it opened from disk.
const site = process.argv[3];
if (!base) {
  console.error('usage: node run.mjs BASE_URL (e.g. http://127.0.0.1:8000/guide/)');
  process.exit(2);
}

const suites = [pages, theme, worksheet, share, sealed, received, selfCheck, letter, languages, search];
const started = Date.now();
const browser = await launch();
const watch = new Watch(base);

/** Runs one test; returns its report line. */
async function run([name, test]) {
  const t0 = Date.now();
  try {
    await test({ browser, watch, base, site });
    return { name, ok: true, text: `ok   ${name} (${Date.now() - t0} ms)` };
  } catch (error) {
    const detail = error instanceof Failure ? error.message : error.stack;
    return { name, ok: false, text: `FAIL ${name}\n     ${detail.replace(/\n/g, '\n     ')}` };
  }
}

// Tests run a few at a time, each in its own browser contexts: the browser
// spends most of its time waiting, so this more than halves the run.
// RAJAT_BROWSER_ONLY=share runs only the tests whose names start so, while working on them.
const only = process.env.RAJAT_BROWSER_ONLY;
const queue = suites.flatMap((suite) => Object.entries(suite)).filter(([name]) => !only || name.startsWith(only));
const results = new Array(queue.length);
let next = 0;
// A test marked `alone` (a timing) runs after the others, with the CPU to itself.
const alone = queue.filter(([, test]) => test.alone);
const together = queue.filter(([, test]) => !test.alone);
queue.splice(0, queue.length, ...together, ...alone);
const endOfTogether = together.length;
async function worker() {
  while (next < endOfTogether) {
    const i = next++;
    results[i] = await run(queue[i]);
  }
}
await Promise.all(Array.from({ length: 4 }, worker));
for (let i = endOfTogether; i < queue.length; i += 1) results[i] = await run(queue[i]);
let passed = 0;
const failed = [];
for (const line of results) {
  console.log(line.text);
  if (line.ok) passed += 1;
  else failed.push(line.name);
}
await browser.close();

// Checked over every page every test opened.
const checks = {
  'no console errors or CSP violations on any page': watch.errors,
  'no request to any other origin': watch.foreign().map((o) => `a request went to ${o}`),
};
for (const [name, problems] of Object.entries(checks)) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed.push(name);
    console.log(`FAIL ${name}\n     ${[...new Set(problems)].slice(0, 20).join('\n     ')}`);
  }
}
console.log(`${passed} passed, ${failed.length} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed.length === 0 ? 0 : 1);
