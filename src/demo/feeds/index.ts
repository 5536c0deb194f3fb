/**
 * The demo feeds step of `doudi demo`: writes realistic department files (CSV, and the disability
 * list as XLSX) with planted signals into `DOUDI_DATA_DIR/demo-feeds/`, then imports them, so the
 * warning board has warnings of every feed-driven type and the leads list has people to find.
 * First comes an earlier delivery (a 危房 list), evaluated with the run date of a month ago, as
 * `doudi feed import --date` would: its verification tasks are past their deadline, and the run
 * escalates them to the county (逾期督办), so the county's board has something to supervise.
 * Idempotent: files whose rows did not change are left as they are, and loading the same file or the
 * same rows again adds nothing and raises nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { RegistryKeys } from '../../core/crypto.ts';
import { addDays, type IsoDate, shanghaiDate } from '../../core/dates.ts';
import { csvRow } from '../../db/csv.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../../modules/access/actor.ts';
import { FEED_TYPES, FEEDS, type FeedType } from '../../modules/monitoring/feeds/feed-types.ts';
import { importFeed } from '../../modules/monitoring/import.ts';
import { FEED_HEADERS, planDemoFeeds } from './plan.ts';

export const DEMO_FEED_DIR = 'demo-feeds';
const XLSX_TYPES: ReadonlySet<FeedType> = new Set(['disability']);
const DEMO_ACTOR: Actor = { kind: 'system', name: 'demo' };

export type DemoFeedResult = {
  files: number;
  rowsAdded: number;
  warnings: number;
  leads: number;
  rejected: number;
  /** Overdue verification tasks escalated to the county by the runs of this load. */
  escalated: number;
  dir: string;
};

const fileName = (t: FeedType): string => `${t}-${FEEDS[t].zh}.${XLSX_TYPES.has(t) ? 'xlsx' : 'csv'}`;
/** The earlier delivery's file (always CSV); its manifest key. */
const EARLIER_FILE = (t: FeedType): string => `earlier-${t}-${FEEDS[t].zh}.csv`;
const EARLIER_KEY = (t: FeedType): string => `earlier:${t}`;

/** The demo's files in import order: the earlier delivery, then one file per feed type. */
export const demoFeedFileCount = (): number => FEED_TYPES.length + 1;

async function writeXlsx(path: string, title: string, header: string[], rows: string[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi demo';
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]); // a title row above the header, as departments' lists have
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = '@';
  ws.getColumn(1).width = 22;
  await wb.xlsx.writeFile(path);
}

/** Writes the files (unchanged ones are kept) and imports each; returns what was added. */
export async function loadDemoFeeds(
  db: Database,
  keys: RegistryKeys,
  dataDir: string,
  opts: { onFile?: (type: FeedType, added: number) => void } = {},
): Promise<DemoFeedResult> {
  const dir = join(dataDir, DEMO_FEED_DIR);
  await mkdir(dir, { recursive: true });
  const plan = await planDemoFeeds(db, keys);
  const manifestPath = join(dir, '.manifest.json');
  const manifest: Record<string, string> = existsSync(manifestPath)
    ? JSON.parse(await readFile(manifestPath, 'utf8'))
    : {};
  const out: DemoFeedResult = {
    files: 0,
    rowsAdded: 0,
    warnings: 0,
    leads: 0,
    rejected: 0,
    escalated: 0,
    dir,
  };
  const load = async (
    type: FeedType,
    key: string,
    name: string,
    rows: string[][],
    runDate: IsoDate | null,
  ): Promise<void> => {
    if (rows.length === 0) return;
    const header = FEED_HEADERS[type];
    const path = join(dir, name);
    const digest = createHash('sha256')
      .update(JSON.stringify([header, rows]))
      .digest('hex');
    if (manifest[key] !== digest || !existsSync(path)) {
      if (name.endsWith('.xlsx'))
        await writeXlsx(path, `${FEEDS[type].department}：${FEEDS[type].zh}名单（演示数据）`, header, rows);
      else await writeFile(path, `\ufeff${csvRow(header)}${rows.map((r) => csvRow(r)).join('')}`);
      manifest[key] = digest;
    }
    const r = await importFeed(
      db,
      { keys },
      DEMO_ACTOR,
      type,
      { kind: 'file', path },
      {
        batchSource: 'demo',
        regionCode: null,
        ...(runDate ? { runDate } : {}),
      },
    );
    out.files++;
    out.rowsAdded += r.batch.rows_added;
    out.rejected += r.batch.status === 'duplicate' ? 0 : r.batch.rows_rejected;
    out.leads += r.batch.leads_added;
    out.warnings += r.run?.warningsRaised ?? 0;
    out.escalated += r.run?.escalated ?? 0;
    opts.onFile?.(type, r.batch.rows_added);
  };

  // The earlier delivery first, evaluated on the day it came: the escalation at the end of its run
  // (and of every later run) flags its tasks, now past their deadline.
  const { earlier } = plan;
  await load(
    earlier.type,
    EARLIER_KEY(earlier.type),
    EARLIER_FILE(earlier.type),
    earlier.rows,
    addDays(shanghaiDate(), -earlier.daysAgo),
  );
  for (const type of FEED_TYPES) await load(type, type, fileName(type), plan.rows[type], null);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return out;
}
