/**
 * The CSV record parser reads files exactly as csv-parse did with the options it replaced: checked
 * against csv-parse itself on edge cases and on random text, pushed in pieces of random sizes.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { encodeGbk, encodeUtf16le } from './__fixtures__/encodings.ts';
import { chunksOf } from './__fixtures__/files.ts';
import { FeedFileError } from './header.ts';
import { CsvParser, csvRecords, MAX_RECORD_CHARS } from './records.ts';

type Outcome = { records: string[][] } | { error: number };

/** What csv-parse makes of the text: records, or the line its error names. */
function csvParse(text: string, delimiter: string, maxRecord = MAX_RECORD_CHARS): Outcome {
  try {
    const records = parse(Buffer.from(text, 'utf8'), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: maxRecord,
    }) as string[][];
    return { records };
  } catch (e) {
    const err = e as { code?: string; lines?: number };
    if (err.code !== 'CSV_QUOTE_NOT_CLOSED' && err.code !== 'CSV_MAX_RECORD_SIZE') throw e;
    return { error: err.lines! };
  }
}

/** What our parser makes of the text pushed in the given pieces. */
function ours(pieces: readonly string[], delimiter: string, maxRecord = MAX_RECORD_CHARS): Outcome {
  const parser = new CsvParser(delimiter, maxRecord);
  const records: string[][] = [];
  const sink = (rowNumber: number, cells: readonly unknown[], count: number): void => {
    expect(rowNumber).toBe(records.length + 1);
    records.push(cells.slice(0, count) as string[]);
  };
  try {
    for (const p of pieces) parser.push(p, sink);
    parser.finish(sink);
    return { records };
  } catch (e) {
    expect(e).toBeInstanceOf(FeedFileError);
    const m = /（第(\d+)行附近）：引号未闭合，之后的内容无法读取$/.exec((e as FeedFileError).detail ?? '');
    expect(m).not.toBeNull();
    return { error: Number(m![1]) };
  }
}

/** A seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pieces(text: string, rnd: () => number, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(rnd() * max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

const EDGE_CASES = [
  '',
  'a',
  'a,b\nc,d',
  'a,b\nc,d\n',
  'a,b\r\nc,d\r\n',
  'a,b\rc,d\r',
  '\n\n',
  'a\n\nb\n',
  'a,\n,b\n,\n',
  '"a,b","c""d"\n"e\nf",g\n',
  '"a\r\nb",c\r\nd,e\r\n',
  '""\n"",""\n',
  '"ab"c,d\n',
  '"a""b"x\n',
  '""x,y\n',
  'ab"c,"d"\n',
  ' "a",b\n',
  '"a" ,b\n',
  '"a"\0b,c\n',
  '"a"\r,b\n',
  'a\r\nb\nc\r\n',
  'a\nb\r\nc\rd\n',
  '"a\nb"\r\nc',
  '张三,"李,四",王五\n😀,"𠀀"\n',
  'a,"unclosed\n',
  'a,"unclosed\nb\nc',
  'a\nb,"x\r\ny\r\n',
  'a\r\nb,"x\r\ny',
  '"',
  '"""',
  '""""',
  '\r',
  '\r\n',
  'a\r',
  'x\0y\n',
];

describe('CSV records', () => {
  it.each(EDGE_CASES.map((text) => [JSON.stringify(text), text] as const))(
    'reads %s as csv-parse does',
    (_, text) => {
      const expected = csvParse(text, ',');
      expect(ours([text], ',')).toEqual(expected);
      for (const size of [1, 2, 3])
        expect(
          ours(
            pieces(text, () => 0.99, size),
            ',',
          ),
        ).toEqual(expected);
    },
  );

  it('reads random text as csv-parse does, whatever the pieces', () => {
    const rnd = random(20251122);
    const alphabet = [
      'a',
      'b',
      ',',
      ';',
      '\t',
      '|',
      '"',
      '"',
      '"',
      '\n',
      '\r',
      '\r\n',
      ' ',
      '张',
      '😀',
      '\0',
    ];
    for (let t = 0; t < 4000; t++) {
      let text = '';
      const length = Math.floor(rnd() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
      const delimiter = [',', ';', '\t', '|'][Math.floor(rnd() * 4)]!;
      // A small record limit reaches csv-parse's “record too large” error (the same message).
      const max = rnd() < 0.5 ? MAX_RECORD_CHARS : 1 + Math.floor(rnd() * 16);
      const expected = csvParse(text, delimiter, max);
      const got = ours(pieces(text, rnd, 1 + Math.floor(rnd() * 12)), delimiter, max);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        expect({ text, delimiter, max, got }).toEqual({ text, delimiter, max, got: expected });
      }
    }
  });

  it('names the line where a quote is left open, as csv-parse did', () => {
    const text = '身份证号码,姓名\n1,张三\n2,"李四\n3,王五\n';
    expect(ours([text], ',')).toEqual({ error: 4 });
    expect(csvParse(text, ',')).toEqual({ error: 4 });
  });

  it('refuses a record over the limit before reading the rest of the file', () => {
    const parser = new CsvParser(',');
    const sink = (): void => {};
    parser.push('a,"', sink);
    const chunk = 'x'.repeat(64 * 1024);
    let pushed = 0;
    const read = (): void => {
      for (;;) {
        parser.push(chunk, sink);
        pushed += chunk.length;
      }
    };
    expect(read).toThrow(/引号未闭合/);
    expect(pushed).toBeLessThan(MAX_RECORD_CHARS + 2 * chunk.length);
  });

  it('decodes the file and tells the delimiter from the first line', async () => {
    const records = async (data: Buffer, size: number) => {
      const out: unknown[] = [];
      for await (const batch of csvRecords(chunksOf(data, size))) out.push(...batch);
      return out;
    };
    const text = '身份证号码\t姓名\t备注,附注\n1\t"张,三"\t\r\n';
    const expected = [
      { rowNumber: 1, cells: ['身份证号码', '姓名', '备注,附注'] },
      { rowNumber: 2, cells: ['1', '张,三', '\r'] },
    ];
    expect(await records(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 5)).toEqual(
      expected,
    );
    expect(await records(encodeGbk(text), 3)).toEqual(expected);
    expect(await records(encodeUtf16le(text), 7)).toEqual(expected);
    // A second BOM is text, as it always was.
    expect(await records(Buffer.from(`\uFEFF\uFEFFa\n`), 2)).toEqual([{ rowNumber: 1, cells: ['\uFEFFa'] }]);
  });
});
