/**
 * Loading policy packs: parse YAML/JSON text, resolve `extends` chains into complete packs, and choose
 * the pack in force for a region on a date. Pure functions over in-memory packs; reading the
 * `policies/` directory is in `pack-files.ts`.
 *
 * Resolution (SPEC §3): among the packs that are not abstract, whose region prefix contains the
 * household's region code and which are in force on the date (effectiveFrom ≤ date ≤ effectiveUntil),
 * the most specific region wins; among those, the latest effectiveFrom, then the highest version.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { isIsoDate } from '../core/dates.ts';
import { AppError } from '../core/errors.ts';
import { parseRegionCode, prefixOf } from '../core/region-code.ts';
import { canonicalJson, isPlainObject } from './pack-diff.ts';
import {
  HEADER_KEYS,
  type PartialPack,
  type PolicyPack,
  type ValidationOutcome,
  validatePartialPack,
  validateResolvedPack,
} from './pack-schema.ts';

export interface PackRef {
  id: string;
  version: number;
}

export interface PackInput {
  pack: PartialPack;
  /** Where it came from (file name), for messages. */
  source?: string | undefined;
}

export interface CatalogEntry {
  /** The complete pack after inheritance; `region` is the normalised prefix (e.g. "50"). */
  pack: PolicyPack;
  /** The pack itself first, then its parent, grandparent… */
  lineage: readonly PackRef[];
  /** The file as written. */
  partial: PartialPack;
  source: string | undefined;
}

export interface PackCatalog {
  /** Every pack version by `id@version`. */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
}

export { canonicalJson, diffPacks, type PackDifference } from './pack-diff.ts';

export const packKey = (ref: PackRef): string => `${ref.id}@${ref.version}`;

const invalid = (errors: readonly string[], fields?: Record<string, string>): AppError =>
  new AppError('POLICY_INVALID', errors.join('；'), fields);

// ---------------------------------------------------------------------------------------------------
// Text

/** Parses YAML or JSON text (JSON is YAML) into plain data; syntax errors name the line. */
export function parsePackData(text: string, source = '参数包'): unknown {
  let data: unknown;
  try {
    data = parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      const why = e.code === 'DUPLICATE_KEY' ? '字段重复' : '格式错误';
      throw invalid([`${source}${line ? ` 第${line}行` : ''}：YAML/JSON ${why}`]);
    }
    throw e;
  }
  if (data === null || data === undefined) throw invalid([`${source}：文件为空`]);
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid([`${source}：应为一个对象（键值对）`]);
  return data;
}

/** Validates the text of one pack file without resolving its parents. */
export function validatePackText(text: string, source = '参数包'): ValidationOutcome<PartialPack> {
  let data: unknown;
  try {
    data = parsePackData(text, source);
  } catch (e) {
    if (e instanceof AppError) return { ok: false, errors: [e.detail ?? e.message], fields: {} };
    throw e;
  }
  const result = validatePartialPack(data);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((m) => `${source}：${m}`), fields: result.fields };
}

/** Parses and validates one pack file; throws POLICY_INVALID naming the fields. */
export function parsePackText(text: string, source = '参数包'): PartialPack {
  const result = validatePackText(text, source);
  if (!result.ok) throw invalid(result.errors, result.fields);
  return result.value;
}

// ---------------------------------------------------------------------------------------------------
// Inheritance

/**
 * Child values override the parent's. Objects merge key by key; arrays replace; an explicit null
 * replaces. `assistance` items replace whole (a null item removes the inherited item).
 */
function mergeSections(
  parent: Record<string, unknown>,
  child: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    if (value === undefined) continue;
    if (path === 'assistance') {
      if (value === null) delete out[key];
      else out[key] = value;
    } else if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = mergeSections(out[key] as Record<string, unknown>, value, path ? `${path}.${key}` : key);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const sectionsOf = (p: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (!HEADER_KEYS.includes(k) && k !== 'exampleValues') out[k] = v;
  return out;
};

/** `a-b@2` → {id, version}; `a-b` → the version of `a-b` in force on `onDate`. */
function findParent(
  ref: string,
  onDate: string,
  byKey: ReadonlyMap<string, PackInput>,
): { key: string } | { error: string } {
  const at = ref.indexOf('@');
  if (at >= 0) {
    const key = ref;
    return byKey.has(key) ? { key } : { error: `父参数包 ${ref} 不存在` };
  }
  let best: PartialPack | undefined;
  let any = false;
  for (const { pack } of byKey.values()) {
    if (pack.id !== ref) continue;
    any = true;
    if (pack.effectiveFrom > onDate) continue;
    if (!best || later(pack, best)) best = pack;
  }
  if (!any) return { error: `父参数包 ${ref} 不存在` };
  if (!best) return { error: `父参数包 ${ref} 在本包生效日期 ${onDate} 尚无生效版本` };
  return { key: packKey(best) };
}

const later = (
  a: { effectiveFrom: string; version: number },
  b: { effectiveFrom: string; version: number },
) => a.effectiveFrom > b.effectiveFrom || (a.effectiveFrom === b.effectiveFrom && a.version > b.version);

/**
 * Builds the catalog: checks that versions are immutable (the same id+version twice must have the same
 * content), resolves every `extends` chain (unknown parents and cycles are errors), validates each
 * resolved pack completely, and refuses two different packs for the same region and start date.
 * Throws POLICY_INVALID listing every problem.
 */
export function buildCatalog(inputs: readonly (PackInput | PartialPack)[]): PackCatalog {
  const errors: string[] = [];
  const byKey = new Map<string, PackInput>();
  for (const raw of inputs) {
    const input: PackInput = 'pack' in raw ? (raw as PackInput) : { pack: raw as PartialPack };
    const key = packKey(input.pack);
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, input);
    else if (canonicalJson(existing.pack) !== canonicalJson(input.pack)) {
      errors.push(
        `参数包 ${input.pack.id} 第${input.pack.version}版出现两份不同的内容（${existing.source ?? '?'}、${input.source ?? '?'}）；` +
          '已发布的版本不可修改，调整参数请发布新版本',
      );
    }
  }

  const entries = new Map<string, CatalogEntry>();
  const failed = new Set<string>();

  const resolve = (key: string, stack: string[]): CatalogEntry | undefined => {
    const done = entries.get(key);
    if (done) return done;
    if (failed.has(key)) return undefined;
    const input = byKey.get(key)!;
    const { pack } = input;
    const name = `参数包 ${pack.id}@${pack.version}${input.source ? `（${input.source}）` : ''}`;
    if (stack.includes(key)) {
      errors.push(`${name}：继承关系存在循环：${[...stack.slice(stack.indexOf(key)), key].join(' → ')}`);
      failed.add(key);
      return undefined;
    }
    let parentEntry: CatalogEntry | undefined;
    if (pack.extends) {
      const found = findParent(pack.extends, pack.effectiveFrom, byKey);
      if ('error' in found) {
        errors.push(`${name}：extends：${found.error}`);
        failed.add(key);
        return undefined;
      }
      parentEntry = resolve(found.key, [...stack, key]);
      if (!parentEntry) {
        if (!failed.has(key)) errors.push(`${name}：父参数包 ${found.key} 无效，无法继承`);
        failed.add(key);
        return undefined;
      }
    }
    const sections = mergeSections(
      parentEntry ? sectionsOf(parentEntry.pack as unknown as Record<string, unknown>) : {},
      sectionsOf(pack as unknown as Record<string, unknown>),
      '',
    );
    const headerValues: Record<string, unknown> = {};
    for (const k of HEADER_KEYS) {
      const v = (pack as unknown as Record<string, unknown>)[k];
      if (v !== undefined) headerValues[k] = v;
    }
    const merged = {
      ...headerValues,
      region: pack.region === null ? null : prefixOf(parseRegionCode(pack.region)),
      exampleValues: pack.exampleValues ?? parentEntry?.pack.exampleValues,
      ...sections,
    };
    const checked = validateResolvedPack(merged);
    if (!checked.ok) {
      errors.push(...checked.errors.map((m) => `${name}（继承后）：${m}`));
      failed.add(key);
      return undefined;
    }
    const entry: CatalogEntry = {
      pack: checked.value,
      lineage: [{ id: pack.id, version: pack.version }, ...(parentEntry?.lineage ?? [])],
      partial: pack,
      source: input.source,
    };
    entries.set(key, entry);
    return entry;
  };

  for (const key of byKey.keys()) resolve(key, []);

  const slots = new Map<string, CatalogEntry>();
  for (const entry of entries.values()) {
    const { pack } = entry;
    if (pack.abstract || pack.region === null) continue;
    const slot = `${pack.region}|${pack.effectiveFrom}`;
    const other = slots.get(slot);
    if (other && other.pack.id !== pack.id) {
      errors.push(
        `参数包 ${other.pack.id} 与 ${pack.id} 适用同一地区 ${pack.region} 且生效日期同为 ${pack.effectiveFrom}，无法确定适用哪一个`,
      );
    }
    slots.set(slot, entry);
  }

  if (errors.length > 0) throw invalid(errors);
  return { entries };
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** True when the pack is in force on `date` (effectiveFrom ≤ date ≤ effectiveUntil). */
export const inForce = (pack: PolicyPack, date: string): boolean =>
  pack.effectiveFrom <= date && (pack.effectiveUntil == null || date <= pack.effectiveUntil);

/** The entry in force for a region code (any level) on a date, or null. */
export function findPackFor(catalog: PackCatalog, regionCode: string, date: string): CatalogEntry | null {
  const code = parseRegionCode(regionCode);
  if (!isIsoDate(date)) throw new AppError('INVALID_DATE', `“${date}”应为有效的 YYYY-MM-DD 日期`);
  let best: CatalogEntry | null = null;
  for (const entry of catalog.entries.values()) {
    const { pack } = entry;
    if (pack.abstract || pack.region === null || !code.startsWith(pack.region) || !inForce(pack, date))
      continue;
    if (
      !best ||
      pack.region.length > best.pack.region!.length ||
      (pack.region.length === best.pack.region!.length && later(pack, best.pack))
    ) {
      best = entry;
    }
  }
  return best;
}

/** The pack in force for a region on a date; throws POLICY_NOT_FOUND when none applies. */
export function resolvePackFor(catalog: PackCatalog, regionCode: string, date: string): CatalogEntry {
  const entry = findPackFor(catalog, regionCode, date);
  if (!entry) {
    throw new AppError('POLICY_NOT_FOUND', `地区 ${regionCode} 在 ${date} 没有生效的政策参数包`);
  }
  return entry;
}

/** One version (or, without `version`, the highest version) of a pack id. */
export function getPack(catalog: PackCatalog, id: string, version?: number): CatalogEntry | null {
  if (version !== undefined) return catalog.entries.get(packKey({ id, version })) ?? null;
  let best: CatalogEntry | null = null;
  for (const e of catalog.entries.values()) {
    if (e.pack.id === id && (!best || e.pack.version > best.pack.version)) best = e;
  }
  return best;
}

export interface PackSummary {
  id: string;
  version: number;
  name: string;
  region: string | null;
  effectiveFrom: string;
  effectiveUntil: string | null;
  extends: string | null;
  abstract: boolean;
  exampleValues: boolean;
  lineage: readonly PackRef[];
  source: string | undefined;
}

/** Every pack version, ordered by region, id, version. */
export function listPacks(catalog: PackCatalog): PackSummary[] {
  return [...catalog.entries.values()]
    .map(({ pack, lineage, source }) => ({
      id: pack.id,
      version: pack.version,
      name: pack.name,
      region: pack.region,
      effectiveFrom: pack.effectiveFrom,
      effectiveUntil: pack.effectiveUntil ?? null,
      extends: pack.extends ?? null,
      abstract: pack.abstract ?? false,
      exampleValues: pack.exampleValues,
      lineage,
      source,
    }))
    .sort(
      (a, b) =>
        (a.region ?? '').localeCompare(b.region ?? '') || a.id.localeCompare(b.id) || a.version - b.version,
    );
}

/** The next free version number of a pack id (1 for a new id). */
export function nextVersion(catalog: PackCatalog, id: string): number {
  return (getPack(catalog, id)?.pack.version ?? 0) + 1;
}

/**
 * Checks a new pack text against an existing catalog before publishing: valid on its own, its parents
 * resolve, the resolved pack is complete, and it does not change an existing version. Returns the new
 * catalog and the new entry.
 */
export function addPackText(
  catalog: PackCatalog,
  text: string,
  source = '参数包',
): { catalog: PackCatalog; entry: CatalogEntry } {
  const partial = parsePackText(text, source);
  const inputs: PackInput[] = [...catalog.entries.values()].map((e) => ({
    pack: e.partial,
    source: e.source,
  }));
  inputs.push({ pack: partial, source });
  const next = buildCatalog(inputs);
  return { catalog: next, entry: next.entries.get(packKey(partial))! };
}
