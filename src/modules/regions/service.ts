import { AppError } from '../../core/errors.ts';
import { ancestorsOf, levelOf, parseRegionCode, type RegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { type Actor, requireInScope, requirePermission } from '../access/index.ts';
import { readProvince, readSeedRegions } from './region-data.ts';
import * as repo from './repository.ts';

export type RegionRef = { code: string; name: string; level: string };
export type RegionDetail = RegionRef & { parentCode: string | null; path: RegionRef[] };

/** Loads the five seed jurisdictions (and their provinces); idempotent. */
export async function loadSeedRegions(db: Database): Promise<number> {
  return db.transaction((tx) => repo.loadRows(tx, readSeedRegions()));
}

/** Loads a whole province (`doudi regions load 44`); idempotent. */
export async function loadProvince(db: Database, code2: string): Promise<number> {
  if (!/^\d{2}$/.test(code2)) throw new AppError('INVALID_REGION_CODE', '省级代码应为2位数字');
  return db.transaction((tx) => repo.loadRows(tx, readProvince(code2)));
}

/** The region with its path from the province down; null when the code is not loaded. */
export async function describe(q: Queryable, code: RegionCode): Promise<RegionDetail | null> {
  const codes = [...ancestorsOf(code), code];
  const rows = await repo.findMany(q, codes);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const self = byCode.get(code);
  if (!self) return null;
  const path = codes
    .map((c) => byCode.get(c))
    .filter((r): r is repo.RegionRecord => r !== undefined)
    .map((r) => ({ code: r.code, name: r.name, level: r.level }));
  return { code: self.code, name: self.name, level: self.level, parentCode: self.parent_code, path };
}

/** What a staff member may see of a region: it must be inside their subtree (404 otherwise). */
export async function getRegion(q: Queryable, actor: Actor, rawCode: string): Promise<RegionDetail> {
  requirePermission(actor, 'regions.read');
  const code = parseRegionCode(rawCode);
  requireInScope(actor, code, { action: 'regions.read', objectType: 'region', objectId: code });
  const detail = await describe(q, code);
  if (!detail) throw new AppError('NOT_FOUND', `行政区划 ${code} 不存在`);
  return detail;
}

export async function listChildren(
  q: Queryable,
  actor: Actor,
  rawCode: string,
): Promise<Array<RegionRef & { hasChildren: boolean }>> {
  requirePermission(actor, 'regions.read');
  const code = parseRegionCode(rawCode);
  requireInScope(actor, code, { action: 'regions.read', objectType: 'region', objectId: code });
  const rows = await repo.children(q, code);
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, hasChildren: r.has_children }));
}

/** A region code that must exist in the loaded divisions (for accounts, imports). */
export async function requireKnownRegion(q: Queryable, rawCode: string): Promise<RegionCode> {
  const code = parseRegionCode(rawCode);
  if (!(await repo.findByCode(q, code))) {
    throw new AppError('INVALID_REGION_CODE', `行政区划 ${code}（${levelOf(code)}）未载入或不存在`);
  }
  return code;
}
