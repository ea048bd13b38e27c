// The owner's keys for sealed answers, as this browser keeps them: in
// IndexedDB, which can hold a non-extractable CryptoKey (localStorage holds
// only text). The browser uses such a key to open answers but never hands
// it out, not even to this script. Where IndexedDB is refused (some private
// windows), a key is kept in memory until the page is left.
//
// Each record: `{ id, public, privateKey, loaded }`, under the key's id, so a
// browser can hold an old key and a new one side by side.

const DB = 'rajat-keys';
const STORE = 'keys';

/** Keys held only in memory, when IndexedDB is refused. */
const memory = new Map();

function database() {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = indexedDB.open(DB, 1);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('blocked'));
  });
}

/**
 * Whether this browser may already hold a key here. Where the browser can
 * list its databases, a visitor who never loaded a key gets no empty
 * database made for them just by opening a page.
 */
async function mayHoldKeys() {
  if (typeof indexedDB?.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((d) => d.name === DB);
  } catch {
    return true;
  }
}

/** Runs `work(store)` in one transaction; resolves to what its last request gave. */
async function transaction(mode, work) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request?.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** Every key this browser holds, oldest first. */
export async function all() {
  let stored = [];
  try {
    if (await mayHoldKeys()) stored = (await transaction('readonly', (store) => store.getAll())) ?? [];
  } catch {
    stored = [];
  }
  const byId = new Map(stored.map((k) => [k.id, k]));
  for (const [id, key] of memory) if (!byId.has(id)) byId.set(id, key);
  return [...byId.values()].sort((a, b) => String(a.loaded).localeCompare(String(b.loaded)));
}

/** The key with this id, or `null`. */
export async function byId(id) {
  if (memory.has(id)) return memory.get(id);
  try {
    if (!(await mayHoldKeys())) return null;
    return (await transaction('readonly', (store) => store.get(id))) ?? null;
  } catch {
    return null;
  }
}

/** Keeps a key opened from its file; resolves to whether it is kept beyond this page. */
export async function keep({ id, public: publicText, point, privateKey }) {
  const record = { id, public: publicText, point, privateKey, loaded: new Date().toISOString() };
  try {
    await transaction('readwrite', (store) => store.put(record));
    memory.delete(id);
    return true;
  } catch {
    memory.set(id, record);
    return false;
  }
}

/** Forgets the key with this id in this browser. */
export async function forget(id) {
  memory.delete(id);
  try {
    await transaction('readwrite', (store) => store.delete(id));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
