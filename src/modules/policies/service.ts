/**
 * Reading policy packs: the list, one pack's resolved values, a comparison, and which pack applies to
 * a region on a date. Policy is public rule, not personal data: every staff role may read every pack
 * (`policy.read`), whatever its region.
 */
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Queryable } from '../../db/types.ts';
import {
  type CatalogEntry,
  diffPacks,
  getPack,
  listPacks,
  type PackDifference,
  type PackSummary,
  packKey,
  resolvePackFor,
} from '../../policy/pack-loader.ts';
import type { PolicyPack } from '../../policy/pack-schema.ts';
import { type Actor, requirePermission } from '../access/index.ts';
import { type PackOrigin, type PolicyCatalog, policyCatalog } from './catalog.ts';
import { type PackValue, packValues } from './values.ts';

export type PackListItem = Omit<PackSummary, 'source'> & { origin: PackOrigin; latest: boolean };

export interface PackDetail {
  summary: PackListItem;
  /** Names of the packs of the lineage, the pack itself first. */
  lineage: Array<{ id: string; version: number; name: string }>;
  values: PackValue[];
  /** The file as written (YAML or JSON), to start a new version from. */
  content: string;
  source: { title: string; docNo?: string | undefined; issuedOn?: string | undefined } | null;
  notes: string[];
  description: string | null;
}

function summaryOf(pc: PolicyCatalog, s: PackSummary): PackListItem {
  const { source: _file, ...rest } = s;
  const latest = getPack(pc.catalog, s.id)?.pack.version === s.version;
  return { ...rest, origin: pc.origins.get(packKey(s))!, latest };
}

function entrySummary(pc: PolicyCatalog, entry: CatalogEntry): PackListItem {
  const key = packKey(entry.pack);
  const s = listPacks({ entries: new Map([[key, entry]]) })[0]!;
  return summaryOf(pc, s);
}

function detailOf(pc: PolicyCatalog, entry: CatalogEntry): PackDetail {
  const { pack } = entry;
  return {
    summary: entrySummary(pc, entry),
    lineage: entry.lineage.map((ref) => ({
      ...ref,
      name: pc.catalog.entries.get(packKey(ref))?.pack.name ?? ref.id,
    })),
    values: packValues(entry, pc.catalog, (key) => pc.texts.get(key)),
    content: pc.texts.get(packKey(pack)) ?? '',
    source: pack.source ?? null,
    notes: pack.notes ?? [],
    description: pack.description ?? null,
  };
}

/** Every pack version, ordered by region, id and version. */
export async function listPolicies(db: Queryable, actor: Actor): Promise<PackListItem[]> {
  requirePermission(actor, 'policy.read');
  const pc = await policyCatalog(db);
  return listPacks(pc.catalog).map((s) => summaryOf(pc, s));
}

/** `id@3` or `id` (its latest version). */
export function parsePackRef(raw: string): { id: string; version?: number } {
  const m = /^([a-z0-9][a-z0-9-]{1,63})(?:@([1-9]\d{0,5}))?$/.exec(raw.trim());
  if (!m) throw new AppError('VALIDATION_FAILED', `“${raw.slice(0, 40)}”应为参数包标识，可带 @版本号`);
  return m[2] ? { id: m[1]!, version: Number(m[2]) } : { id: m[1]! };
}

function requireEntry(pc: PolicyCatalog, id: string, version?: number): CatalogEntry {
  const entry = getPack(pc.catalog, id, version);
  if (!entry) {
    throw new AppError(
      'POLICY_NOT_FOUND',
      version === undefined ? `参数包 ${id} 不存在` : `参数包 ${id} 第${version}版不存在`,
    );
  }
  return entry;
}

/** One pack version with its resolved values, their provenance and the file text. */
export async function getPolicy(
  db: Queryable,
  actor: Actor,
  id: string,
  version?: number,
): Promise<PackDetail> {
  requirePermission(actor, 'policy.read');
  const pc = await policyCatalog(db);
  return detailOf(pc, requireEntry(pc, id, version));
}

export interface PackComparison {
  a: PackListItem;
  b: PackListItem;
  differences: PackDifference[];
}

/** Two versions, or two jurisdictions, field by field (header fields included). */
export async function comparePolicies(
  db: Queryable,
  actor: Actor,
  aRef: string,
  bRef: string,
): Promise<PackComparison> {
  requirePermission(actor, 'policy.read');
  const pc = await policyCatalog(db);
  const ra = parsePackRef(aRef);
  const rb = parsePackRef(bRef);
  const a = requireEntry(pc, ra.id, ra.version);
  const b = requireEntry(pc, rb.id, rb.version);
  return { a: entrySummary(pc, a), b: entrySummary(pc, b), differences: diffPacks(a.pack, b.pack) };
}

/** The pack in force for a region code (any level) on a date (default: today in Shanghai). */
export async function resolvePolicy(
  db: Queryable,
  actor: Actor,
  regionCode: string,
  date?: string,
): Promise<{ date: string; pack: PackListItem }> {
  requirePermission(actor, 'policy.read');
  const pc = await policyCatalog(db);
  const on = date ?? shanghaiDate();
  const entry = resolvePackFor(pc.catalog, regionCode, on);
  return { date: on, pack: entrySummary(pc, entry) };
}

/**
 * For other modules' use cases (the monitoring window of an exit, say): a function giving the pack in
 * force for a region on a date (`POLICY_NOT_FOUND` when none). No permission check — policy is
 * public rule and the calling use case has checked its own. Call it before opening a transaction:
 * the catalog is cached per database handle.
 */
export async function policyResolver(
  db: Queryable,
): Promise<(regionCode: string, date: string) => PolicyPack> {
  const { catalog } = await policyCatalog(db);
  return (regionCode, date) => resolvePackFor(catalog, regionCode, date).pack;
}

/** The list entry of one pack version. */
export async function policySummary(
  db: Queryable,
  actor: Actor,
  id: string,
  version: number,
): Promise<PackListItem> {
  requirePermission(actor, 'policy.read');
  const pc = await policyCatalog(db);
  return entrySummary(pc, requireEntry(pc, id, version));
}
