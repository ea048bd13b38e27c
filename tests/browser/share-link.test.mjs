// The share-link format on its own, with `node --test` (run by
// tests/browser.rs): compressed links round trip, sealed links open with the
// owner's key file and with nothing else, old links are still read, damaged,
// oversized and other-form links are refused, and the measured worksheets fit
// a mail link.
//
// Node has the same WebCrypto and CompressionStream as the browser. The
// modules are loaded from a copy of src/front-end/ marked as ES modules.
//
// tests/browser.rs sets RAJAT_BIN (the rajat binary, to make real key files
// with `rajat key new`) and RAJAT_SITE (a built guide, for its worksheets'
// questions).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';

const work = mkdtempSync(join(tmpdir(), 'rajat-share-'));
cpSync(new URL('../../src/front-end/', import.meta.url), join(work, 'front-end'), { recursive: true });
writeFileSync(join(work, 'front-end', 'package.json'), '{"type":"module"}');
const share = await import(join(work, 'front-end', 'share.js'));
const seal = await import(join(work, 'front-end', 'seal.js'));

const answers = { 'favourite-clients': 'Ana & “Leo” <3\nand Sam', qualities: ['Curious', 'Kind'], match: '4' };
const LANGUAGES = ['en', 'fi'];
const b64 = (text) => Buffer.from(text).toString('base64url');

/** A key made by `rajat key new`, as the owner has it: the file's text and its passphrase. */
function ownerKey(name) {
  const bin = process.env.RAJAT_BIN;
  assert.ok(bin, 'RAJAT_BIN names the rajat binary (tests/browser.rs sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'rajat-key-'));
  mkdirSync(join(dir, 'site'));
  writeFileSync(join(dir, 'site', 'site.yaml'), 'title: T\nbase_url: https://example.org/\ncontact:\n  name: Mira\n');
  const passphrase = `passphrase of ${name}`;
  execFileSync(bin, ['key', 'new', '--root', join(dir, 'site'), '--out', join(dir, `${name}.rajat-key`)], { input: `${passphrase}\n` });
  const yaml = readFileSync(join(dir, 'site', 'site.yaml'), 'utf8');
  return { text: readFileSync(join(dir, `${name}.rajat-key`), 'utf8'), passphrase, public: /key: (\S+)/.exec(yaml)[1] };
}

const mira = ownerKey('mira');
const other = ownerKey('other');

/** What an owner's browser does with a loaded key: open envelopes sealed to it, and no others. */
async function keyring(...files) {
  const keys = await Promise.all(files.map((f) => seal.openKeyFile(f.text, f.passphrase)));
  return async (id, envelope) => {
    const key = keys.find((k) => k.id === id);
    return key ? seal.open(envelope, key.privateKey, key.point) : null;
  };
}

test('a name and a date round trip with the answers, compressed', async () => {
  const code = await share.encode({ form: 'ideal-client', lang: 'fi', name: 'Annukka Ääninen', date: '2026-12-01', answers });
  assert.match(code, /^[A-Za-z0-9_-]+$/, 'base64url, safe in a fragment');
  assert.deepEqual(await share.decode(code, 'ideal-client', { lang: 'fi', languages: LANGUAGES }), {
    answers,
    name: 'Annukka Ääninen',
    date: '2026-12-01',
    version: 3,
    sealed: false,
  });
  const bytes = Buffer.from(code, 'base64url');
  assert.equal(bytes[0], 3, 'a compressed link');
  const payload = JSON.parse(inflateRawSync(bytes.subarray(1)).toString('utf8'));
  assert.deepEqual(Object.keys(payload), ['f', 'l', 'n', 'd', 'a'], 'the documented shape');
  const long = { 'favourite-clients': 'The Lindqvists, who always came prepared. '.repeat(20) };
  const v2 = b64(JSON.stringify({ v: 2, form: 'ideal-client', lang: 'en', name: 'A', date: '2026-12-01', answers: long }));
  const v3 = await share.encode({ form: 'ideal-client', lang: 'en', name: 'A', date: '2026-12-01', answers: long });
  assert.ok(v3.length * 4 < v2.length, `compression pays: ${v3.length} characters against ${v2.length}`);
});

test('answers given in one language are not read into the page of another', async () => {
  const code = await share.encode({ form: 'ideal-client', lang: 'en', answers });
  assert.deepEqual(await share.decode(code, 'ideal-client', { lang: 'fi', languages: LANGUAGES }), { error: 'other-language', lang: 'en' });
  assert.deepEqual((await share.decode(code, 'ideal-client', { lang: 'en', languages: LANGUAGES })).answers, answers);
  // Links made before languages name none, and fit a page in any language.
  const old = await share.encode({ form: 'ideal-client', answers });
  assert.deepEqual((await share.decode(old, 'ideal-client', { lang: 'fi', languages: LANGUAGES })).answers, answers);
});

test('a link naming a language the site does not have is refused, whatever it names', async () => {
  // The review's crafted link: 11,000 characters of "language" widened a phone's page to 104,242 px.
  for (const lang of ['x'.repeat(11000), 'de', 42, { code: 'fi' }]) {
    const code = await share.encode({ form: 'ideal-client', lang, answers });
    assert.deepEqual(await share.decode(code, 'ideal-client', { lang: 'fi', languages: LANGUAGES }), { error: 'damaged' }, String(lang).slice(0, 20));
    const v2 = b64(JSON.stringify({ v: 2, form: 'ideal-client', lang, name: 'A', date: '2026-12-01', answers }));
    assert.deepEqual(await share.decode(v2, 'ideal-client', { lang: 'fi', languages: LANGUAGES }), { error: 'damaged' }, `v2 ${String(lang).slice(0, 20)}`);
  }
});

test('no name is null; a name is one trimmed, visible line, not too long', async () => {
  const named = async (name) => (await share.decode(await share.encode({ form: 'f', name, date: '2026-12-01', answers }), 'f')).name;
  assert.equal(await named('   '), null);
  assert.equal(await named(undefined), null);
  assert.equal(share.cleanName('  Mira\n\u0000Virtanen  '), 'Mira Virtanen');
  assert.equal(share.cleanName('x'.repeat(500)).length, 80);
  assert.equal(share.cleanName(42), null);
});

test('bidirectional and zero-width characters are taken out of names', async () => {
  // The review's name: shown as "Annukka1 January 2020", and it turned the page's own words after it around.
  assert.equal(share.cleanName('Annukka\u202e 0202 yraunaJ 1 '), 'Annukka 0202 yraunaJ 1');
  for (const mark of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']) {
    assert.equal(share.cleanName(`Mi${mark}ra`), 'Mira', `U+${mark.codePointAt(0).toString(16)}`);
  }
  assert.equal(share.cleanName('\u202e\u200b'), null, 'a name of marks only is no name');
  const code = await share.encode({ form: 'f', name: 'Annukka\u2067x', answers });
  assert.equal((await share.decode(code, 'f')).name, 'Annukkax');
  // Written by hand into an old link, they are taken out as well.
  const v2 = b64(JSON.stringify({ v: 2, form: 'f', name: 'A\u202eB', date: '2026-12-01', answers }));
  assert.equal((await share.decode(v2, 'f')).name, 'AB');
});

test('a date that is not a real day is dropped, the answers kept', async () => {
  for (const date of ['2026-02-30', '2026-13-01', '1 December 2026', 20261201, null]) {
    const code = b64(JSON.stringify({ v: 2, form: 'f', name: 'A', date, answers }));
    const read = await share.decode(code, 'f');
    assert.equal(read.date, null, `${date}`);
    assert.deepEqual(read.answers, answers);
  }
  assert.equal(share.isDate('2024-02-29'), true);
  assert.equal(share.today(new Date(2026, 11, 1, 23, 59)), '2026-12-01', 'the sharer’s own calendar day');
});

test('links of earlier versions still open: version 2 with a name and date, version 1 without', async () => {
  const v2 = b64(JSON.stringify({ v: 2, form: 'ideal-client', lang: 'fi', name: 'Annukka', date: '2026-12-01', answers }));
  assert.deepEqual(await share.decode(v2, 'ideal-client', { lang: 'fi', languages: LANGUAGES }), {
    answers,
    name: 'Annukka',
    date: '2026-12-01',
    version: 2,
    sealed: false,
  });
  const v1 = b64(JSON.stringify({ form: 'ideal-client', answers }));
  assert.deepEqual(await share.decode(v1, 'ideal-client'), { answers, name: null, date: null, version: 1, sealed: false });
  // A version 1 link never carried a name: one that claims to is not believed.
  const claims = b64(JSON.stringify({ form: 'ideal-client', name: 'Someone', answers }));
  assert.equal((await share.decode(claims, 'ideal-client')).name, null);
});

test('damaged links are refused', async () => {
  const deflated = (text) => Buffer.concat([Buffer.from([3]), deflateRawSync(Buffer.from(text))]).toString('base64url');
  for (const text of [
    '%%%not*base64',
    'has spaces',
    '',
    b64('not json at all'),
    b64('"a string"'),
    b64('[1,2]'),
    b64('{"v":2,"form":"f","answers":"nope"}'),
    b64('{"v":2,"form":"f","answers":[1]}'),
    b64('{"v":2,"form":"f"}'),
    Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
    Buffer.from([3, 1, 2, 3, 4]).toString('base64url'),
    Buffer.from([9, 1, 2, 3, 4]).toString('base64url'),
    deflated('{"f":"f","a":[1]}'),
    deflated('not json'),
  ]) {
    assert.deepEqual(await share.decode(text, 'f'), { error: 'damaged' }, text.slice(0, 40));
  }
  // Cut short while copied: the stream no longer inflates.
  const code = await share.encode({ form: 'f', name: 'A', date: '2026-12-01', answers });
  assert.deepEqual(await share.decode(code.slice(0, -5), 'f'), { error: 'damaged' });
});

test('oversized links are refused before they are decoded, and so are links that inflate to too much', async () => {
  assert.deepEqual(await share.decode('A'.repeat(share.MAX_FRAGMENT + 1), 'f'), { error: 'too-long' });
  assert.equal(share.parseFragment(`#answers=${'A'.repeat(share.MAX_FRAGMENT + 100)}`), null);
  assert.equal(share.parseFragment('#answers=abc&for=Annukka').get('for'), 'Annukka');
  // 5 MB of one letter deflates to a few KB: a link must not make the page unpack it.
  const bomb = Buffer.concat([Buffer.from([3]), deflateRawSync(Buffer.from(`{"f":"f","a":{"x":"${'a'.repeat(5_000_000)}"}}`))]).toString('base64url');
  assert.ok(bomb.length < share.MAX_FRAGMENT, `the bomb fits a link (${bomb.length})`);
  assert.deepEqual(await share.decode(bomb, 'f'), { error: 'damaged' });
});

test('a file carries sealed answers too long for a link, and a link never more than 16 KB', async () => {
  // Seven boxes of 5,000 characters of text that hardly compresses: too long for a link once sealed.
  const long = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => [id, randomBytes(3750).toString('base64')]));
  const code = await share.encodeSealed({ form: 'ideal-client', answers: long }, mira.public);
  assert.ok(code.length > share.MAX_FRAGMENT, `too long for a link: ${code.length}`);
  const open = await keyring(mira);
  assert.deepEqual(await share.decode(code, 'ideal-client', { open }), { error: 'too-long' }, 'as a link');
  assert.deepEqual((await share.decode(code, 'ideal-client', { open, max: share.MAX_FILE_CODE })).answers, long, 'from a file');
  assert.deepEqual(await share.decode('A'.repeat(share.MAX_FILE_CODE + 1), 'f', { max: share.MAX_FILE_CODE }), { error: 'too-long' });
});

test('links for another form are refused', async () => {
  const code = await share.encode({ form: 'red-lines', name: 'A', date: '2026-12-01', answers });
  assert.deepEqual(await share.decode(code, 'ideal-client'), { error: 'other-form' });
});

test('sealed answers open with the owner’s key file, made by `rajat key new`', async () => {
  const code = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers }, mira.public);
  assert.ok(share.isSealed(code), 'a sealed link says so');
  const read = await share.decode(code, 'ideal-client', { lang: 'en', languages: LANGUAGES, open: await keyring(mira) });
  const id = JSON.parse(mira.text).id;
  assert.deepEqual(read, { answers, name: 'Annukka', date: '2026-12-01', version: 3, sealed: id });
  // Nothing of the answers, the name or the form is in the link, however it is read.
  const bytes = Buffer.from(code, 'base64url');
  for (const secret of ['Annukka', 'Ana', 'Leo', 'Curious', 'ideal-client']) {
    assert.ok(!bytes.includes(Buffer.from(secret)), `"${secret}" is not in the link's bytes`);
    assert.ok(!code.includes(b64(secret).slice(0, 6)), `nor in its text`);
  }
  assert.throws(() => inflateRawSync(bytes.subarray(1)), 'the sealed bytes do not inflate');
  // Every seal is new: the same answers never make the same link.
  const again = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers }, mira.public);
  assert.notEqual(again, code);
});

test('a sealed link is locked to a browser without the key, and names the key it needs', async () => {
  const code = await share.encodeSealed({ form: 'ideal-client', answers }, mira.public);
  const miraId = (await seal.openKeyFile(mira.text, mira.passphrase)).id;
  assert.deepEqual(await share.decode(code, 'ideal-client'), { locked: miraId }, 'no key at all');
  assert.deepEqual(await share.decode(code, 'ideal-client', { open: await keyring(other) }), { locked: miraId }, 'another key');
  assert.equal(await seal.keyId(seal.parsePublicKey(mira.public)), miraId, 'the id is the one the key file names');
  const printed = JSON.parse(mira.text).id;
  assert.equal(printed, miraId, 'and the one `rajat key new` printed and wrote');
});

test('a sealed link that was changed does not open, and says it is damaged', async () => {
  const code = await share.encodeSealed({ form: 'ideal-client', answers }, mira.public);
  const open = await keyring(mira);
  const bytes = Buffer.from(code, 'base64url');
  for (const at of [20, 80, bytes.length - 1, bytes.length - 30]) {
    const changed = Buffer.from(bytes);
    changed[at] ^= 1;
    assert.deepEqual(await share.decode(changed.toString('base64url'), 'ideal-client', { open }), { error: 'damaged' }, `byte ${at}`);
  }
  assert.deepEqual(await share.decode(code.slice(0, -4), 'ideal-client', { open }), { error: 'damaged' }, 'cut short');
  // A key with the same id that is not the key (a forged id) does not open it either.
  const forged = Buffer.from(Buffer.from(await share.encodeSealed({ form: 'ideal-client', answers }, other.public), 'base64url'));
  forged.set(bytes.subarray(1, 9), 1);
  assert.deepEqual(await share.decode(forged.toString('base64url'), 'ideal-client', { open }), { error: 'damaged' });
});

test('a key file opens with its passphrase only, and the browser cannot hand the key out', async () => {
  await assert.rejects(seal.openKeyFile(mira.text, 'not the passphrase'), (e) => e.reason === 'passphrase');
  await assert.rejects(seal.openKeyFile('{"hello": 1}', mira.passphrase), (e) => e.reason === 'not-a-key-file');
  await assert.rejects(seal.openKeyFile('no json', mira.passphrase), (e) => e.reason === 'not-a-key-file');
  // Another key's public half in this file: it opens no more.
  const swapped = mira.text.replace(JSON.parse(mira.text).public, other.public);
  await assert.rejects(seal.openKeyFile(swapped, mira.passphrase));
  const key = await seal.openKeyFile(mira.text, mira.passphrase);
  assert.equal(key.privateKey.extractable, false, 'non-extractable');
  await assert.rejects(crypto.subtle.exportKey('pkcs8', key.privateKey));
});

test('a browser without CompressionStream (Safari before 16.4) writes links every browser reads, and says what it cannot read', async () => {
  const saved = { c: globalThis.CompressionStream, d: globalThis.DecompressionStream };
  const compressed = await share.encode({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers });
  let plain;
  let sealed;
  try {
    delete globalThis.CompressionStream;
    delete globalThis.DecompressionStream;
    assert.equal(share.canCompress(), false);
    plain = await share.encode({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers });
    assert.equal(Buffer.from(plain, 'base64url')[0], 0x7b, 'a version 2 link, which every version reads');
    sealed = await share.encodeSealed({ form: 'ideal-client', lang: 'en', name: 'Annukka', date: '2026-12-01', answers }, mira.public);
    assert.equal(Buffer.from(sealed, 'base64url')[0], 5, 'sealed whole, not deflated');
    noAnswer(sealed);
    // What it cannot inflate, it names; sealed answers it holds no key for still show whom they are for.
    assert.deepEqual(await share.decode(compressed, 'ideal-client'), { error: 'old-browser' });
    const sealedCompressed = await (async () => {
      globalThis.CompressionStream = saved.c;
      globalThis.DecompressionStream = saved.d;
      const code = await share.encodeSealed({ form: 'ideal-client', answers }, mira.public);
      delete globalThis.CompressionStream;
      delete globalThis.DecompressionStream;
      return code;
    })();
    assert.ok((await share.decode(sealedCompressed, 'ideal-client')).locked, 'a stranger’s old browser still sees whom it is for');
    assert.deepEqual(await share.decode(sealedCompressed, 'ideal-client', { open: await keyring(mira) }), { error: 'old-browser' });
    assert.equal((await share.decode(sealed, 'ideal-client', { open: await keyring(mira) })).answers.match, '4', 'its own sealed links open');
  } finally {
    globalThis.CompressionStream = saved.c;
    globalThis.DecompressionStream = saved.d;
  }
  // An up-to-date browser reads both.
  assert.deepEqual((await share.decode(plain, 'ideal-client', { lang: 'en', languages: LANGUAGES })).answers, answers);
  const opened = await share.decode(sealed, 'ideal-client', { lang: 'en', languages: LANGUAGES, open: await keyring(mira) });
  assert.deepEqual([opened.answers, opened.name], [answers, 'Annukka']);
});

/** No answer text in a sealed code's bytes. */
function noAnswer(code) {
  const bytes = Buffer.from(code, 'base64url');
  for (const secret of ['Annukka', 'Ana', 'Leo', 'Curious']) assert.ok(!bytes.includes(Buffer.from(secret)), secret);
}

test('an answers file holds the link, and the link is read back from it', () => {
  const text = 'Answers to “Your ideal client”, sealed for Mira.\n\nhttps://example.org/worksheets/ideal-client/#answers=BAbc-_9\n';
  assert.equal(share.codeInFile(text), 'BAbc-_9');
  assert.equal(share.codeInFile('nothing here'), null);
  assert.equal(share.codeInFile(null), null);
});

test('file names carry the name and the date', () => {
  assert.equal(share.fileName('ideal-client', 'Annukka', '2026-12-01'), 'ideal-client-annukka-2026-12-01.md');
  assert.equal(share.fileName('ideal-client', 'Åsa Öberg-Lind', '2026-12-01'), 'ideal-client-asa-oberg-lind-2026-12-01.md');
  assert.equal(share.fileName('ideal-client', null, null), 'ideal-client-unnamed-undated.md');
  assert.equal(share.fileName('ideal-client', '../../etc', '2026-12-01'), 'ideal-client-etc-2026-12-01.md');
});

/** The definition of a built worksheet page's form. */
function definitionOf(page) {
  const site = process.env.RAJAT_SITE;
  assert.ok(site, 'RAJAT_SITE names a built guide (tests/browser.rs sets it)');
  const html = readFileSync(join(site, page, 'index.html'), 'utf8');
  const json = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html)[1];
  return JSON.parse(json);
}

/** Answers as the issue measured them: one 230-character answer in every box, every choice ticked. */
function measuredAnswers(def, text) {
  const out = {};
  def.fields.forEach((field, i) => {
    const answer = typeof text === 'function' ? text(i) : text;
    if (field.kind === 'short-text' || field.kind === 'long-text') out[field.id] = answer;
    else if (field.kind === 'list') out[field.id] = [answer];
    else if (field.kind === 'multiple-choice') out[field.id] = field.options.map((o) => o.value);
    else if (field.options?.length) out[field.id] = field.options[field.options.length - 1].value;
  });
  return out;
}

const PARAGRAPH =
  'She came to me after two years of trying to do everything herself, tired but clear about what she wanted: fewer clients, better ones, and evenings free for her children. She did the work between sessions without being chased, ever';

test('the measured worksheets fit a sealed link of at most 2,000 characters', async () => {
  assert.equal(PARAGRAPH.length, 230);
  for (const page of ['worksheets/ideal-client', 'worksheets/red-lines']) {
    const def = definitionOf(page);
    const filled = measuredAnswers(def, PARAGRAPH);
    const share2 = { form: def.id, lang: 'en', name: 'Annukka', date: '2026-12-01', answers: filled };
    const v2 = b64(JSON.stringify({ v: 2, form: def.id, lang: 'en', name: 'Annukka', date: '2026-12-01', answers: filled }));
    const sealed = await share.encodeSealed(share2, mira.public);
    const link = `https://example.org/${page}/#answers=${sealed}`;
    console.log(`# ${page}: version 2 link ${v2.length} characters; sealed version 3 link ${link.length}`);
    assert.ok(link.length <= 2000, `${page}: the sealed link is ${link.length} characters`);
  }
});
