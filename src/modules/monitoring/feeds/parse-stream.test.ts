/**
 * A 200,000-row CSV parses in bounded memory: the heap never holds the file or its rows.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../core/id-number.ts';
import { chineseName, HASH_KEY } from './__fixtures__/files.ts';
import { isValidRow, parseFeed } from './parse.ts';

const ROWS = 200_000;

/** A full garbage collection, so that heap figures count live objects only. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const liveHeap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};
let dir: string;
let file: string;

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  let buf = '\uFEFF身份证号码,姓名,结算日期,总费用（元）,个人自付（元）,结算单号\n';
  for (let i = 0; i < rows; i++) {
    const id = makeIdNumber('370402', `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, i % 1000);
    const bad = i % 1000 === 999 ? '2024-02-30' : `2025-0${1 + (i % 9)}-${10 + (i % 18)}`;
    buf += `${id},${chineseName(i)},${bad},${(i % 5000) + 3000}.50,${i % 3000}.25,JS${i}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doudi-feed-'));
  file = join(dir, 'medical_selfpay.csv');
  await writeCsv(file, ROWS);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('streaming a large file', () => {
  it('parses 200,000 rows with the heap bounded', async () => {
    const size = (await stat(file)).size;
    const base = liveHeap();
    let peak = 0;
    let valid = 0;
    let rejected = 0;
    let bytes = 0;
    const hashes = new Set<string>();
    const started = performance.now();
    for await (const item of parseFeed('medical_selfpay', file, {
      hashKey: HASH_KEY,
      onBytes: (b) => (bytes = b),
    })) {
      if (isValidRow(item)) {
        valid++;
        if (valid <= 1000) hashes.add(item.hash);
      } else rejected++;
      if ((valid + rejected) % 25_000 === 0) peak = Math.max(peak, liveHeap() - base);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `feed parse: ${ROWS} rows, ${(size / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ` +
        `${Math.round(ROWS / seconds)} rows/s (including 8 full GCs); live heap growth at most ${(peak / 1e6).toFixed(1)} MB`,
    );
    expect(valid + rejected).toBe(ROWS);
    expect(rejected).toBe(ROWS / 1000);
    expect(hashes.size).toBe(1000);
    expect(bytes).toBe(size);
    // Holding the rows would keep ~100 MB alive; streaming keeps a batch or two.
    expect(peak).toBeLessThan(16e6);
  });
});
