/**
 * Staging a file in two threads (each validating every other row) gives what one thread gives: the
 * same rows with the same numbers, hashes, blind indexes and facts, the same row errors and counts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import { readStaged } from './__fixtures__/staged.ts';
import type { StagedChunk } from './stage.ts';
import { stageFile } from './stage-source.ts';

const keys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), 'doudi-stage-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(): string {
  const lines = ['身份证号码,姓名,结算日期,总费用,个人自付'];
  for (let i = 0; i < 3000; i++) {
    const id = makeIdNumber('370402', `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 9}`, i % 997);
    if (i % 97 === 0) lines.push(`${id.slice(0, 17)}X,坏行${i},2025-01-02,10,5`);
    else if (i % 101 === 0) lines.push('');
    else lines.push(`${id},姓名${i},2025-0${1 + (i % 9)}-0${1 + (i % 7)},${200 + i},${100 + i}`);
  }
  const path = join(dir, 'medical.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The staged rows by row number, without the ciphertext (its IV is random). */
async function staged(path: string, how: { inline?: boolean; threads?: number }) {
  const chunks: StagedChunk[] = [];
  for await (const c of stageFile({
    keys,
    type: 'medical_selfpay',
    path,
    today: '2025-12-31' as IsoDate,
    onFileInfo: () => {},
    ...how,
  })) {
    chunks.push(c);
  }
  const lines = chunks
    .flatMap((c) => readStaged(c.data))
    .map(({ cipher: _, ...rest }) => rest)
    .sort((a, b) => a.rowNumber - b.rowNumber);
  const errors = chunks.flatMap((c) => c.errors).sort((a, b) => a.rowNumber - b.rowNumber);
  const sum = (k: 'rows' | 'read' | 'rejected') => chunks.reduce((s, c) => s + c[k], 0);
  return { lines, errors, rows: sum('rows'), read: sum('read'), rejected: sum('rejected') };
}

describe('staging threads', () => {
  it('two threads stage exactly the rows, errors and counts one thread stages', async () => {
    const path = file();
    const one = await staged(path, { inline: true });
    const two = await staged(path, { threads: 2 });
    expect(one.rows).toBeGreaterThan(2800);
    expect(one.rejected).toBeGreaterThan(20);
    expect(two.rows).toBe(one.rows);
    expect(two.read).toBe(one.read);
    expect(two.rejected).toBe(one.rejected);
    expect(two.errors).toEqual(one.errors);
    expect(two.lines).toEqual(one.lines);
  });
});
