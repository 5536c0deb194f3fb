/**
 * Publishing a policy pack version (SPEC §3, issue 4 item 5). A publication is always a new version:
 * the next number of its id, whatever the text says, so a version once used for decisions never
 * changes. Only civil-affairs admins at county level and above may publish, and only for a region
 * within their own; the row and its audit entry commit together.
 */
import { isMap, isPair, isScalar, parseDocument } from 'yaml';
import { AppError } from '../../core/errors.ts';
import { contains, parseRegionCode } from '../../core/region-code.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/db-error.ts';
import type { Database } from '../../db/types.ts';
import {
  addPackText,
  type CatalogEntry,
  getPack,
  nextVersion,
  parsePackData,
} from '../../policy/pack-loader.ts';
import { actorId, actorName } from '../access/actor.ts';
import { AccessDenied, type Actor, requireCountyOrAbove, requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { composeCatalog, forgetCatalog } from './catalog.ts';
import * as repo from './repository.ts';

export interface PublishInput {
  /** The pack as YAML or JSON text (SPEC A.1). */
  text: string;
  /** Why: the document, the correction. */
  reason: string;
}

export interface PublishMeta {
  requestId?: string | null;
  ip?: string | null;
}

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
const REGION_PATTERN = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** The text with `version` set to `version`, comments and layout kept (JSON stays JSON). */
export function withVersion(text: string, version: number): string {
  if (text.trimStart().startsWith('{')) {
    try {
      const data = JSON.parse(text) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        const { id, version: _old, ...rest } = data as Record<string, unknown>;
        return `${JSON.stringify(id === undefined ? { version, ...rest } : { id, version, ...rest }, null, 2)}\n`;
      }
    } catch {
      // Not JSON after all: YAML below (which reports syntax errors by line).
    }
  }
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return text;
  const items = doc.contents.items;
  const existing = items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === 'version');
  if (existing && isScalar(existing.value)) {
    if (existing.value.value === version) return text;
    existing.value.value = version;
    existing.value.format = undefined;
    existing.value.type = 'PLAIN';
  } else if (existing) {
    doc.set('version', version);
  } else {
    const at = items.findIndex((p) => isPair(p) && isScalar(p.key) && p.key.value === 'id');
    items.splice(at + 1, 0, doc.createPair('version', version));
  }
  return doc.toString({ lineWidth: 0 });
}

function deny(detail: string, regionCode: string | null, objectId: string | null): AccessDenied {
  const e = new AccessDenied('FORBIDDEN', {
    action: 'policy.publish',
    objectType: 'policy_pack',
    objectId,
    regionCode,
  });
  e.message = `${e.message}：${detail}`;
  return e;
}

/**
 * Region checks before validation, so that a pack for another region is refused whatever its
 * content: the new pack's region, and the region of the id's existing versions, must lie within the
 * publisher's region; a new version keeps its id's region.
 */
function checkRegion(actor: Actor, data: Record<string, unknown>, existing: CatalogEntry | null): void {
  const id = typeof data.id === 'string' ? data.id : null;
  const raw = typeof data.region === 'number' ? String(data.region) : data.region;
  if (raw === null) {
    if (actor.kind !== 'system') {
      throw deny('没有适用地区的基础参数包只随产品发布', null, id);
    }
    return;
  }
  if (actor.kind === 'system') return;
  const own = actor.regionCode;
  if (typeof raw === 'string' && REGION_PATTERN.test(raw) && !raw.startsWith('00')) {
    const region = parseRegionCode(raw);
    if (!contains(own, region)) {
      throw deny(`只能发布适用于本辖区的政策参数包（参数包地区 ${raw}）`, region, id);
    }
  }
  const old = existing?.pack.region ?? null;
  if (existing && (old === null || !contains(own, parseRegionCode(old)))) {
    throw deny(`参数包 ${existing.pack.id} 适用于本辖区以外的地区，不能发布它的新版本`, null, id);
  }
  if (existing && typeof raw === 'string' && REGION_PATTERN.test(raw) && old !== null) {
    const next = raw.padEnd(12, '0');
    if (next !== old.padEnd(12, '0')) {
      throw new AppError(
        'POLICY_INVALID',
        `region：参数包 ${existing.pack.id} 适用于地区 ${old}，新版本不能改变适用地区（另设新的参数包标识）`,
        { region: `新版本不能改变适用地区（原为 ${old}）` },
      );
    }
  }
}

/**
 * Errors found after inheritance (an unknown parent, a value missing once merged) come as messages
 * only; give them fields too (`…：extends：父参数包 x 不存在` → `extends`), so the form can show each
 * beside its field.
 */
function withFields<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'POLICY_INVALID' || e.fields || !e.detail) throw e;
    const fields: Record<string, string> = {};
    for (const part of e.detail.split('；')) {
      const m = /：([A-Za-z][\w.[\]]*)：([^：]+)$/.exec(part);
      if (m && !(m[1]! in fields)) fields[m[1]!] = m[2]!;
    }
    throw Object.keys(fields).length > 0 ? new AppError('POLICY_INVALID', e.detail, fields) : e;
  }
}

export interface Published {
  entry: CatalogEntry;
  record: repo.PolicyVersionRecord;
  /** The version the text asked for, when it differed from the one assigned. */
  requestedVersion: number | null;
}

export async function publishPolicy(
  db: Database,
  actor: Actor,
  input: PublishInput,
  meta: PublishMeta = {},
): Promise<Published> {
  requirePermission(actor, 'policy.publish');
  requireCountyOrAbove(actor, 'policy.publish');
  const reason = input.reason.trim();
  if (!reason)
    throw new AppError('VALIDATION_FAILED', 'reason：请填写发布理由', { reason: '请填写发布理由' });

  const data = parsePackData(input.text, '发布内容') as Record<string, unknown>;
  const id = typeof data.id === 'string' && ID_PATTERN.test(data.id) ? data.id : null;

  const published = await db.transaction(async (tx) => {
    await repo.lockForPublish(tx);
    const pc = await composeCatalog(await repo.listAll(tx));
    const existing = id ? getPack(pc.catalog, id) : null;
    checkRegion(actor, data, existing);

    const version = id ? nextVersion(pc.catalog, id) : 1;
    const text = withVersion(input.text, version);
    const source = id ? `发布内容（${id} 第${version}版）` : '发布内容';
    const { entry } = withFields(() => addPackText(pc.catalog, text, source));
    const { pack } = entry;
    const partial = entry.partial;
    try {
      const record = await repo.insert(tx, {
        id: pack.id,
        version: pack.version,
        region: partial.region === null ? null : pack.region,
        effective_from: pack.effectiveFrom,
        name: pack.name,
        extends: pack.extends ?? null,
        content: text,
        pack: partial,
        published_by: actorId(actor),
        published_by_name: actorName(actor),
        reason,
      });
      const previous = existing?.pack.version ?? null;
      await audit(tx, db.kind, actor, {
        action: 'policy.publish',
        objectType: 'policy_pack',
        objectId: `${pack.id}@${pack.version}`,
        regionCode: pack.region ? parseRegionCode(pack.region) : null,
        changes: {
          version: [previous, pack.version],
          effectiveFrom: [existing?.pack.effectiveFrom ?? null, pack.effectiveFrom],
          reason,
        },
        requestId: meta.requestId ?? null,
        ip: meta.ip ?? null,
      });
      const asked = typeof data.version === 'number' ? data.version : null;
      return { entry, record, requestedVersion: asked !== null && asked !== version ? asked : null };
    } catch (e) {
      if (sqlState(e) === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', `参数包 ${pack.id} 第${pack.version}版刚刚已由他人发布，请刷新后重试`);
      }
      throw e;
    }
  });
  forgetCatalog(db);
  return published;
}
