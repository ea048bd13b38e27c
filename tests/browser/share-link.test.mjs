// The share-link format on its own, with `node --test` (run by
// tests/browser.rs): names and dates round trip, old version 1 links are
// still read, and damaged, oversized and other-form links are refused.
//
// share.js is a browser module with no imports; it is loaded from its source
// as a data: URL, so Node reads it as a module whatever its version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('../../src/front-end/share.js', import.meta.url), 'utf8');
const share = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);

const answers = { 'favourite-clients': 'Ana & “Leo” <3\nand Sam', qualities: ['Curious', 'Kind'], match: '4' };

test('a name and a date round trip with the answers', () => {
  const code = share.encode({ form: 'ideal-client', lang: 'fi', name: 'Annukka Ääninen', date: '2026-12-01', answers });
  assert.match(code, /^[A-Za-z0-9_-]+$/, 'base64url, safe in a fragment');
  assert.deepEqual(share.decode(code, 'ideal-client', 'fi'), { answers, name: 'Annukka Ääninen', date: '2026-12-01', version: 2 });
  const payload = JSON.parse(Buffer.from(code, 'base64url').toString('utf8'));
  assert.deepEqual(Object.keys(payload), ['v', 'form', 'lang', 'name', 'date', 'answers'], 'the documented shape');
});

test('answers given in one language are not read into the page of another', () => {
  const code = share.encode({ form: 'ideal-client', lang: 'en', answers });
  assert.deepEqual(share.decode(code, 'ideal-client', 'fi'), { error: 'other-language', lang: 'en' });
  assert.deepEqual(share.decode(code, 'ideal-client', 'en').answers, answers);
  // Links made before languages name none, and fit a page in any language.
  const old = share.encode({ form: 'ideal-client', answers });
  assert.deepEqual(share.decode(old, 'ideal-client', 'fi').answers, answers);
});

test('no name is null; a name is one trimmed line, not too long', () => {
  assert.equal(share.decode(share.encode({ form: 'f', name: '   ', date: '2026-12-01', answers }), 'f').name, null);
  assert.equal(share.decode(share.encode({ form: 'f', answers }), 'f').name, null);
  assert.equal(share.cleanName('  Mira\n\u0000Virtanen  '), 'Mira Virtanen');
  assert.equal(share.cleanName('x'.repeat(500)).length, 80);
  assert.equal(share.cleanName(42), null);
});

test('a date that is not a real day is dropped, the answers kept', () => {
  for (const date of ['2026-02-30', '2026-13-01', '1 December 2026', 20261201, null]) {
    const code = Buffer.from(JSON.stringify({ v: 2, form: 'f', name: 'A', date, answers })).toString('base64url');
    const read = share.decode(code, 'f');
    assert.equal(read.date, null, `${date}`);
    assert.deepEqual(read.answers, answers);
  }
  assert.equal(share.isDate('2024-02-29'), true);
  assert.equal(share.today(new Date(2026, 11, 1, 23, 59)), '2026-12-01', 'the sharer’s own calendar day');
});

test('old version 1 links are read, without a name or a date', () => {
  const code = Buffer.from(JSON.stringify({ form: 'ideal-client', answers })).toString('base64url');
  assert.deepEqual(share.decode(code, 'ideal-client'), { answers, name: null, date: null, version: 1 });
  // A version 1 link never carried a name: one that claims to is not believed.
  const claims = Buffer.from(JSON.stringify({ form: 'ideal-client', name: 'Someone', answers })).toString('base64url');
  assert.equal(share.decode(claims, 'ideal-client').name, null);
});

test('damaged links are refused', () => {
  const b64 = (text) => Buffer.from(text).toString('base64url');
  for (const text of [
    '%%%not*base64',
    'has spaces',
    b64('not json at all'),
    b64('"a string"'),
    b64('[1,2]'),
    b64('{"v":2,"form":"f","answers":"nope"}'),
    b64('{"v":2,"form":"f","answers":[1]}'),
    b64('{"v":2,"form":"f"}'),
    Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
  ]) {
    assert.deepEqual(share.decode(text, 'f'), { error: 'damaged' }, text);
  }
  // Cut short while copied: the JSON no longer parses.
  const code = share.encode({ form: 'f', name: 'A', date: '2026-12-01', answers });
  assert.deepEqual(share.decode(code.slice(0, -5), 'f'), { error: 'damaged' });
});

test('oversized links are refused before they are decoded', () => {
  assert.deepEqual(share.decode('A'.repeat(share.MAX_FRAGMENT + 1), 'f'), { error: 'too-long' });
  assert.equal(share.parseFragment(`#answers=${'A'.repeat(share.MAX_FRAGMENT + 100)}`), null);
  assert.equal(share.parseFragment('#answers=abc&for=Annukka').get('for'), 'Annukka');
});

test('links for another form are refused', () => {
  const code = share.encode({ form: 'red-lines', name: 'A', date: '2026-12-01', answers });
  assert.deepEqual(share.decode(code, 'ideal-client'), { error: 'other-form' });
});

test('file names carry the name and the date', () => {
  assert.equal(share.fileName('ideal-client', 'Annukka', '2026-12-01'), 'ideal-client-annukka-2026-12-01.md');
  assert.equal(share.fileName('ideal-client', 'Åsa Öberg-Lind', '2026-12-01'), 'ideal-client-asa-oberg-lind-2026-12-01.md');
  assert.equal(share.fileName('ideal-client', null, null), 'ideal-client-unnamed-undated.md');
  assert.equal(share.fileName('ideal-client', '../../etc', '2026-12-01'), 'ideal-client-etc-2026-12-01.md');
});
