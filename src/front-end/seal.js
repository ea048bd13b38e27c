// Sealing answers for the guide's owner, with the browser's own WebCrypto
// and nothing else: no library, no WebAssembly, nothing sent anywhere.
//
// The owner's public key is in site.yaml (`contact: key: rajat-p256.…`, made
// by `rajat key new`). To seal, the client's browser makes a throwaway P-256
// key, agrees on a secret with the owner's key (ECDH), draws an AES-256-GCM
// key and nonce from it (HKDF-SHA-256, both public keys in its info), and
// encrypts. The envelope carries the owner key's id and the throwaway public
// key; only the owner's private key makes the same secret again.
//
//   [4] [owner key id: 8] [throwaway public key: 65] [ciphertext + tag: 16]
//
// The first 74 bytes are the additional data, so nothing in them can be
// changed without the seal failing. A fresh throwaway key for every seal
// makes every key and nonce used once.
//
// The owner's private key comes from the key file `rajat key new` wrote
// (`openKeyFile`): PBKDF2-HMAC-SHA-256 from the passphrase, AES-256-GCM, and
// PKCS #8 inside. It is imported as a non-extractable key: the browser uses
// it but will not hand it out again.

/** How a public key starts in site.yaml. */
export const PUBLIC_PREFIX = 'rajat-p256.';

/** The first byte of a sealed envelope: deflated JSON inside. */
export const SEALED = 4;

/** The first byte of an envelope sealed by a browser that cannot compress: JSON inside. */
export const SEALED_PLAIN = 5;

const ID_LENGTH = 8;
const POINT_LENGTH = 65;
const HEADER = 1 + ID_LENGTH + POINT_LENGTH;
const INFO = new TextEncoder().encode('rajat sealed answers 1');
const CURVE = { name: 'ECDH', namedCurve: 'P-256' };

/** Whether this browser can seal and open: WebCrypto needs a secure page (https, localhost, a file). */
export function canSeal() {
  return Boolean(globalThis.crypto?.subtle);
}

/** Bytes as base64url without padding. */
export function toBase64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url back to bytes; `null` when it is not base64url. */
export function fromBase64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The point of `rajat-p256.…`, or `null` when the text is not one. */
export function parsePublicKey(text) {
  if (typeof text !== 'string' || !text.startsWith(PUBLIC_PREFIX)) return null;
  const point = fromBase64url(text.slice(PUBLIC_PREFIX.length));
  return point && point.length === POINT_LENGTH && point[0] === 4 ? point : null;
}

async function idBytes(point) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', point)).slice(0, ID_LENGTH);
}

/** A key's short name, as `rajat key new` prints it: the first 8 bytes of the point's SHA-256. */
export async function keyId(point) {
  return toBase64url(await idBytes(point));
}

/** The id of the key an envelope is sealed to, or `null` when it is no envelope. */
export function envelopeKeyId(envelope) {
  if (!(envelope instanceof Uint8Array) || envelope.length < HEADER + 16) return null;
  if (envelope[0] !== SEALED && envelope[0] !== SEALED_PLAIN) return null;
  return toBase64url(envelope.subarray(1, 1 + ID_LENGTH));
}

/** The AES key and nonce both sides draw from the agreed secret. */
async function cipherOf(secret, ephemeral, owner) {
  const info = new Uint8Array(INFO.length + 2 * POINT_LENGTH);
  info.set(INFO);
  info.set(ephemeral, INFO.length);
  info.set(owner, INFO.length + POINT_LENGTH);
  const ikm = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, ikm, 44 * 8));
  const key = await crypto.subtle.importKey('raw', bits.subarray(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, iv: bits.slice(32) };
}

/**
 * Seals `plain` (bytes) for the owner whose public key point is `owner`: the
 * envelope above, whose first byte is `kind` (what is inside: `SEALED`,
 * deflated JSON, or `SEALED_PLAIN`, JSON).
 */
export async function seal(plain, owner, kind = SEALED) {
  const ownerKey = await crypto.subtle.importKey('raw', owner, CURVE, false, []);
  const pair = await crypto.subtle.generateKey(CURVE, true, ['deriveBits']);
  const ephemeral = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: ownerKey }, pair.privateKey, 256);
  const { key, iv } = await cipherOf(secret, ephemeral, owner);
  const header = new Uint8Array(HEADER);
  header[0] = kind;
  header.set(await idBytes(owner), 1);
  header.set(ephemeral, 1 + ID_LENGTH);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, plain));
  const envelope = new Uint8Array(HEADER + sealed.length);
  envelope.set(header);
  envelope.set(sealed, HEADER);
  return envelope;
}

/**
 * Opens an envelope with the owner's private key (`privateKey`, whose
 * public point is `owner`). Rejects when the key is not the one it was
 * sealed to or the envelope was changed.
 */
export async function open(envelope, privateKey, owner) {
  const header = envelope.subarray(0, HEADER);
  const ephemeral = envelope.slice(1 + ID_LENGTH, HEADER);
  const theirs = await crypto.subtle.importKey('raw', ephemeral, CURVE, false, []);
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, privateKey, 256);
  const { key, iv } = await cipherOf(secret, ephemeral, owner);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: header }, key, envelope.subarray(HEADER)));
}

/** Why a key file did not open. */
export class KeyFileError extends Error {
  /** `not-a-key-file`, `passphrase`, or `damaged`. */
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

/**
 * Opens the key file `rajat key new` wrote (its text) with its passphrase:
 * `{ id, public, point, privateKey }`, the private key non-extractable.
 */
export async function openKeyFile(text, passphrase) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    throw new KeyFileError('not-a-key-file');
  }
  if (!file || file.rajat !== 'rajat owner key' || file.version !== 1) throw new KeyFileError('not-a-key-file');
  const point = parsePublicKey(file.public);
  const salt = fromBase64url(file.kdf?.salt);
  const iv = fromBase64url(file.cipher?.iv);
  const sealed = fromBase64url(file.private);
  const iterations = file.kdf?.iterations;
  if (!point || !salt || !iv || !sealed || !Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) {
    throw new KeyFileError('damaged');
  }
  const secret = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  const wrapping = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    secret,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  let pkcs8;
  try {
    pkcs8 = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(file.public) }, wrapping, sealed);
  } catch {
    throw new KeyFileError('passphrase');
  }
  let privateKey;
  try {
    privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, CURVE, false, ['deriveBits']);
  } catch {
    throw new KeyFileError('damaged');
  }
  // The two halves belong together: what is sealed to the public half opens with the private one.
  const probe = new Uint8Array([1, 2, 3]);
  try {
    const back = await open(await seal(probe, point), privateKey, point);
    if (back.length !== 3 || back[2] !== 3) throw new Error('mismatch');
  } catch {
    throw new KeyFileError('damaged');
  }
  return { id: await keyId(point), public: file.public, point, privateKey };
}
