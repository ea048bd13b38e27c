// Shared by the browser tests: one Chromium for the whole run, contexts that
// record every console error, CSP violation and request origin, and small
// assertion helpers with messages a person can act on.

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The source of axe-core, injected into pages to check accessibility. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Launches the one browser the whole suite shares. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What every page of every context did that a reader would notice or should
 * not happen: console errors (CSP violations included) and requests to other origins.
 */
export class Watch {
  constructor(base) {
    this.origin = new URL(base).origin;
    this.errors = [];
    this.origins = new Set();
  }

  /** A new browser context (fresh storage) whose pages are watched. */
  async context(browser, options = {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, ...options });
    if (options.javaScriptEnabled !== false) {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.origin });
      // Runs before the page's own scripts, outside its CSP: reports violations on the console.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
        });
      });
    }
    // A missing element fails fast with a clear message instead of a long wait.
    context.setDefaultTimeout(5000);
    // A page load may wait for a busy machine (the build of another test, say); an element never does.
    context.setDefaultNavigationTimeout(20000);
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol.startsWith('ws')) this.origins.add(url.origin);
    });
    context.on('page', (page) => this.page(page));
    return context;
  }

  page(page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.errors.push(`${page.url()}: uncaught ${error.name}: ${error.message}`));
  }

  /** Requests that went anywhere but the site under test. */
  foreign() {
    return [...this.origins].filter((o) => o !== this.origin);
  }
}

export class Failure extends Error {}

/** Fails with `message` unless `condition`. */
export function check(condition, message) {
  if (!condition) throw new Failure(message);
}

/** Fails unless `actual` equals `expected`, showing both. */
export function equal(actual, expected, what) {
  if (actual !== expected) {
    throw new Failure(`${what}:\n  expected: ${JSON.stringify(expected)}\n  actual:   ${JSON.stringify(actual)}`);
  }
}

/** Fails unless `text` contains `part`. */
export function contains(text, part, what) {
  if (typeof text !== 'string' || !text.includes(part)) {
    throw new Failure(`${what}: expected to contain ${JSON.stringify(part)}\n  actual: ${JSON.stringify(text)}`);
  }
}

/** Where the forms' scripts speak: the form's messages, the letter's, and the notices at the top of the page. */
const MESSAGES = 'form .rajat-status, .rajat-letter-status, .rajat-notice, .rajat-received-status, .rajat-share-status';

/** The text of every message the forms show. */
export async function status(page) {
  return (await page.locator(MESSAGES).allTextContents()).join(' ').trim();
}

/** Waits until a message contains `part`. */
export async function waitForStatus(page, part) {
  await page.waitForFunction(([selector, p]) => [...document.querySelectorAll(selector)].some((e) => e.textContent.includes(p)), [MESSAGES, part]);
}

/** The parsed definition embedded in the page. */
export async function definition(page) {
  return page.evaluate(() => JSON.parse(document.querySelector('script[type="application/json"]').textContent));
}

/** Rules that depend on the colour scheme; the others give the same answer in light and dark. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** Runs axe-core (all rules, or `rules`) on the page and returns its violations, described for a person. */
export async function axeViolations(page, rules = null) {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (only) => {
    const options = { resultTypes: ['violations'], ...(only ? { runOnly: { type: 'rule', values: only } } : {}) };
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, options);
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, rules);
  return violations.map((v) => `${v.id} (${v.help})\n      ${v.nodes.join('\n      ')}`);
}
