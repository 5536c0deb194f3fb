/**
 * ID numbers at rest: SM4 (GB/T 32907) encryption with a random IV per value, and a keyed SM3-HMAC
 * blind index for exact lookup and for matching department feeds. Keys come from configuration
 * (`DOUDI_ID_KEY`, `DOUDI_INDEX_KEY`) or, on the embedded default, from `keys.json` in the data
 * directory (created on first start, mode 0600). Keys are never stored in the database.
 *
 * Ciphertext layout (bytea): kid(4) ‖ iv(16) ‖ SM4-CTR(plaintext). `kid` = the first 4 bytes of
 * SM3(key) names the key, so a rotation can tell which rows still use the previous key.
 * CTR keystream blocks are computed in batches with SM4-ECB (`encryptIds`), which is exactly SM4-CTR
 * with a 128-bit big-endian counter: `decryptId` uses node's own 'sm4-ctr' to read them back.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from './errors.ts';
import { HmacSm3 } from './sm3-hmac.ts';

export type IdKey = { kid: Buffer; key: Buffer };

export type RegistryKeys = {
  /** Encrypts new values. */
  id: IdKey;
  /** Older SM4 keys still accepted for reading (key rotation), by kid hex. */
  previousId: IdKey[];
  /** SM3-HMAC key of the blind index. */
  index: Buffer;
};

const KID_BYTES = 4;
const IV_BYTES = 16;
const HEADER = KID_BYTES + IV_BYTES;

export const kidOf = (key: Buffer): Buffer => createHash('sm3').update(key).digest().subarray(0, KID_BYTES);

export function idKeyFromHex(hex: string, what = 'DOUDI_ID_KEY'): IdKey {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`${what}: SM4 密钥应为32位十六进制（128位）`);
  const key = Buffer.from(hex, 'hex');
  return { kid: kidOf(key), key };
}

export function indexKeyFromHex(hex: string, what = 'DOUDI_INDEX_KEY'): Buffer {
  if (!/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error(`${what}: 盲索引密钥应为32或64位十六进制`);
  }
  return Buffer.from(hex, 'hex');
}

export function makeKeys(
  idHex: string,
  indexHex: string,
  previousIdHex: readonly string[] = [],
): RegistryKeys {
  return {
    id: idKeyFromHex(idHex),
    previousId: previousIdHex.map((h, i) => idKeyFromHex(h, `previous id key ${i + 1}`)),
    index: indexKeyFromHex(indexHex),
  };
}

/** Fresh random keys (tests, first start of the embedded database). */
export function generateKeys(): RegistryKeys {
  return makeKeys(randomBytes(16).toString('hex'), randomBytes(32).toString('hex'));
}

// ---------------------------------------------------------------------------------------------
// Blind index

/** The normalised form that is indexed: trimmed, upper-case X. */
export const normaliseForIndex = (id: string): string => id.trim().toUpperCase();

const hmacs = new WeakMap<Buffer, HmacSm3>();
function hmacOf(keys: RegistryKeys): HmacSm3 {
  let h = hmacs.get(keys.index);
  if (!h) {
    h = new HmacSm3(keys.index);
    hmacs.set(keys.index, h);
  }
  return h;
}

/** HMAC-SM3(indexKey, normalised ID): 32 bytes, stored as bytea. */
export function blindIndex(keys: RegistryKeys, id: string): Buffer {
  return hmacOf(keys).digest(normaliseForIndex(id));
}

export const blindIndexHex = (keys: RegistryKeys, id: string): string =>
  hmacOf(keys).hex(normaliseForIndex(id));

/** The same with node:crypto, for checking the fast path. */
export const blindIndexReference = (keys: RegistryKeys, id: string): Buffer =>
  createHmac('sm3', keys.index).update(normaliseForIndex(id)).digest();

// ---------------------------------------------------------------------------------------------
// Encryption

/** Encrypts one value (SM4-CTR, random IV). */
export function encryptId(keys: RegistryKeys, id: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('sm4-ctr', keys.id.key, iv);
  return Buffer.concat([keys.id.kid, iv, c.update(id, 'latin1'), c.final()]);
}

/**
 * Encrypts many values at once: one SM4-ECB pass computes every keystream block, which is about
 * ten times faster than a cipher object per value (bulk loads encrypt millions of ID numbers).
 */
export function encryptIds(keys: RegistryKeys, ids: readonly string[]): Buffer[] {
  const n = ids.length;
  if (n === 0) return [];
  const ivs = randomBytes(IV_BYTES * n);
  let blocks = 0;
  for (const id of ids) blocks += Math.ceil(id.length / 16);
  const counters = Buffer.allocUnsafe(blocks * 16);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const nb = Math.ceil(ids[i]!.length / 16);
    for (let b = 0; b < nb; b++) {
      ivs.copy(counters, at, i * IV_BYTES, (i + 1) * IV_BYTES);
      if (b > 0) addToCounter(counters, at, b);
      at += 16;
    }
  }
  const ecb = createCipheriv('sm4-ecb', keys.id.key, null);
  ecb.setAutoPadding(false);
  const stream = Buffer.concat([ecb.update(counters), ecb.final()]);
  const out: Buffer[] = new Array(n);
  let ks = 0;
  for (let i = 0; i < n; i++) {
    const text = ids[i]!;
    const len = text.length;
    const buf = Buffer.allocUnsafe(HEADER + len);
    keys.id.kid.copy(buf, 0);
    ivs.copy(buf, KID_BYTES, i * IV_BYTES, (i + 1) * IV_BYTES);
    for (let j = 0; j < len; j++) buf[HEADER + j] = text.charCodeAt(j) ^ stream[ks + j]!;
    ks += Math.ceil(len / 16) * 16;
    out[i] = buf;
  }
  return out;
}

/** Adds `k` to the 128-bit big-endian counter at `buf[at..at+16)`. */
function addToCounter(buf: Buffer, at: number, k: number): void {
  let carry = k;
  for (let i = at + 15; i >= at && carry > 0; i--) {
    const sum = buf[i]! + carry;
    buf[i] = sum & 0xff;
    carry = sum >>> 8;
  }
}

function keyFor(keys: RegistryKeys, kid: Buffer): Buffer {
  if (kid.equals(keys.id.kid)) return keys.id.key;
  for (const k of keys.previousId) if (kid.equals(k.kid)) return k.key;
  throw new AppError('INTERNAL', `身份证号密文使用的密钥（${kid.toString('hex')}）未配置`);
}

export function decryptId(keys: RegistryKeys, blob: Uint8Array): string {
  const buf = Buffer.isBuffer(blob) ? blob : Buffer.from(blob);
  if (buf.length <= HEADER) throw new AppError('INTERNAL', '身份证号密文格式错误');
  const key = keyFor(keys, buf.subarray(0, KID_BYTES));
  const d = createDecipheriv('sm4-ctr', key, buf.subarray(KID_BYTES, HEADER));
  return Buffer.concat([d.update(buf.subarray(HEADER)), d.final()]).toString('latin1');
}

/** The kid of a stored ciphertext, hex (rotation: which rows still use an older key). */
export const kidHexOf = (blob: Uint8Array): string =>
  Buffer.from(blob.subarray(0, KID_BYTES)).toString('hex');

/** bytea literal for COPY … (FORMAT csv): `\x` followed by hex. */
export const byteaHex = (b: Buffer): string => `\\x${b.toString('hex')}`;

// ---------------------------------------------------------------------------------------------
// Key loading

type KeyFile = {
  version: 1;
  createdAt: string;
  /** SM4 keys, current first; later entries are previous keys still needed for reading. */
  idKeys: string[];
  indexKey: string;
  /** The blind-index key before the last rotation, kept until `doudi registry rekey` finishes. */
  previousIndexKey?: string;
};

export const KEY_FILE = 'keys.json';

export type KeySource = {
  DATABASE_URL?: string | undefined;
  DOUDI_DATA_DIR: string;
  DOUDI_ID_KEY?: string | undefined;
  DOUDI_INDEX_KEY?: string | undefined;
};

/**
 * Keys from configuration when both are set; otherwise (embedded database only) from
 * `<DOUDI_DATA_DIR>/keys.json`, created with mode 0600 on first start. With PostgreSQL both
 * variables are required: a key next to the database would protect nothing.
 */
export async function loadKeys(config: KeySource): Promise<RegistryKeys & { source: 'env' | 'file' }> {
  if (config.DOUDI_ID_KEY && config.DOUDI_INDEX_KEY) {
    return { ...makeKeys(config.DOUDI_ID_KEY, config.DOUDI_INDEX_KEY), source: 'env' };
  }
  if (config.DOUDI_ID_KEY || config.DOUDI_INDEX_KEY) {
    throw new Error('配置错误 (configuration error):\n  DOUDI_ID_KEY 与 DOUDI_INDEX_KEY 须同时设置');
  }
  if (config.DATABASE_URL) {
    throw new Error(
      '配置错误 (configuration error):\n  使用 PostgreSQL 时须设置 DOUDI_ID_KEY（32位十六进制）与 DOUDI_INDEX_KEY（64位十六进制）',
    );
  }
  const file = await readOrCreateKeyFile(config.DOUDI_DATA_DIR);
  const keys = makeKeys(file.idKeys[0]!, file.indexKey, file.idKeys.slice(1));
  return { ...keys, source: 'file' };
}

export async function readOrCreateKeyFile(dataDir: string): Promise<KeyFile> {
  const path = join(dataDir, KEY_FILE);
  try {
    return parseKeyFile(await readFile(path, 'utf8'), path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dataDir, { recursive: true });
  const file: KeyFile = {
    version: 1,
    createdAt: new Date().toISOString(),
    idKeys: [randomBytes(16).toString('hex')],
    indexKey: randomBytes(32).toString('hex'),
  };
  try {
    // 'wx': never overwrite a key file another process created meanwhile.
    await writeFile(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      return parseKeyFile(await readFile(path, 'utf8'), path);
    throw e;
  }
  await chmod(path, 0o600);
  return file;
}

export async function writeKeyFile(dataDir: string, file: KeyFile): Promise<void> {
  const path = join(dataDir, KEY_FILE);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  const { rename } = await import('node:fs/promises');
  await rename(tmp, path);
}

function parseKeyFile(text: string, path: string): KeyFile {
  const f = JSON.parse(text) as Partial<KeyFile>;
  if (
    f.version !== 1 ||
    !Array.isArray(f.idKeys) ||
    f.idKeys.length === 0 ||
    typeof f.indexKey !== 'string'
  ) {
    throw new Error(`密钥文件 ${path} 格式错误`);
  }
  idKeyFromHex(f.idKeys[0]!, path);
  indexKeyFromHex(f.indexKey, path);
  return f as KeyFile;
}

export type { KeyFile };
