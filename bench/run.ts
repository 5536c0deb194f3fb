/**
 * Runs the benchmarks (`npm run bench [name…]`), prints each result table, and appends it to
 * docs/benchmarks.md with the date, the machine and the command. Benchmarks are never tests.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export type BenchResult = { name: string; rows: Array<Record<string, string | number>>; notes?: string };

const dir = new URL('./', import.meta.url);
const out = new URL('../docs/benchmarks.md', import.meta.url);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');

/**
 * How fast this machine runs right now, in ms (best of three): SHA-256 over 256 MiB, native code
 * whose speed does not depend on what the JIT makes of a loop (a JavaScript loop measured 109 ms in
 * one process and 530 ms in the next on the same idle machine). Shared virtual machines change speed
 * from one minute to the next; printed with every entry so that figures taken at different times can
 * be compared.
 */
function cpuCheck(): number {
  const block = Buffer.alloc(1 << 20, 0x5a);
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const h = createHash('sha256');
    for (let i = 0; i < 256; i++) h.update(block);
    h.digest();
    best = Math.min(best, performance.now() - t);
  }
  return Math.round(best);
}

function table(rows: BenchResult['rows']): string {
  if (rows.length === 0) return '(no rows)\n';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const line = (cells: Array<string | number | undefined>) => `| ${cells.map((c) => c ?? '').join(' | ')} |`;
  return `${[line(cols), line(cols.map(() => '---')), ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n')}\n`;
}

if (!existsSync(out)) {
  writeFileSync(
    out,
    '# Benchmarks\n\nAppended by `npm run bench` (bench/run.ts). Each entry names the date, the machine, the data size and the command.\n',
  );
}

for (const f of files) {
  const mod = (await import(new URL(f, dir).href)) as { default: () => Promise<BenchResult> };
  console.error(`running ${f} …`);
  const before = cpuCheck();
  const r = await mod.default();
  const after = cpuCheck();
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_') || k === 'DATABASE_URL' || k === 'BENCH_DATABASE_URL')
    .map(([k, v]) => `${k}=${k.includes('URL') ? (v ?? '').replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@') : v}`)
    .join(' ');
  const check = `CPU check (SHA-256 of 256 MiB, lower is faster): ${before} ms before, ${after} ms after`;
  const section = `\n## ${r.name} — ${when} UTC\n\nMachine: ${machine}  \n${check}  \nCommand: \`${env ? `${env} ` : ''}npm run bench ${f.replace('.bench.ts', '')}\`\n\n${table(r.rows)}${r.notes ? `\n${r.notes}\n` : ''}`;
  console.log(section);
  appendFileSync(out, section);
}
