/**
 * Reads back a staged chunk (a binary COPY stream, stage.ts) for tests: the signature, then rows of
 * nine length-prefixed fields, then the trailer.
 */
export type StagedRow = {
  rowNumber: number;
  rowHash: string;
  idIndex: string;
  cipher: Buffer;
  idMask: string;
  headIndex: string | null;
  name: string;
  regionHint: string;
  facts: unknown;
};

export function readStaged(bytes: Uint8Array): StagedRow[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (b.length === 0) return [];
  if (b.subarray(0, 11).toString('latin1') !== 'PGCOPY\n\xff\r\n\0') throw new Error('no COPY signature');
  let at = 19;
  const out: StagedRow[] = [];
  for (;;) {
    const fields = b.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    if (fields !== 9) throw new Error(`row of ${fields} fields`);
    const f: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i++) {
      const n = b.readInt32BE(at);
      at += 4;
      if (n === -1) f.push(null);
      else {
        f.push(b.subarray(at, at + n));
        at += n;
      }
    }
    out.push({
      rowNumber: f[0]!.readInt32BE(0),
      rowHash: f[1]!.toString('hex'),
      idIndex: f[2]!.toString('hex'),
      cipher: Buffer.from(f[3]!),
      idMask: f[4]!.toString('utf8'),
      headIndex: f[5] === null ? null : f[5]!.toString('hex'),
      name: f[6]!.toString('utf8'),
      regionHint: f[7]!.toString('utf8'),
      facts: JSON.parse(f[8]!.toString('utf8')),
    });
  }
  if (at !== b.length) throw new Error('bytes after the trailer');
  return out;
}
