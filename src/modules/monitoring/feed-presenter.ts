/**
 * What leaves the server about feeds: the feed types and their columns, load batches, department API
 * keys (never the key itself) and monitoring runs.
 */
import { z } from 'zod';
import type { ApiKeyRow } from './api-keys.ts';
import type { BatchRow } from './batch-repo.ts';
import { type ColumnSpec, FEED_TYPES, FEEDS, type FeedType, isFeedType } from './feeds/feed-types.ts';
import type { RunRow } from './run-repo.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const feedName = (t: string): string => (isFeedType(t) ? FEEDS[t].zh : t);
const BATCH_STATUS_NAMES = {
  running: '导入中',
  done: '已完成',
  failed: '失败',
  duplicate: '重复文件（未导入）',
} as const;

export const feedTypeSchema = z.object({
  type: z.string(),
  name: z.string(),
  department: z.string(),
  signal: z.string(),
  discoveryLead: z.boolean(),
  columns: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      synonyms: z.array(z.string()),
      type: z.string(),
      required: z.boolean(),
      options: z.array(z.object({ code: z.string(), name: z.string() })).nullable(),
      example: z.string(),
      note: z.string().nullable(),
    }),
  ),
});

export function presentFeedTypes(): z.infer<typeof feedTypeSchema>[] {
  return FEED_TYPES.map((t: FeedType) => ({
    type: t,
    name: FEEDS[t].zh,
    department: FEEDS[t].department,
    signal: FEEDS[t].signal,
    discoveryLead: FEEDS[t].discoveryLead,
    columns: (FEEDS[t].columns as readonly ColumnSpec[]).map((c) => ({
      key: c.key,
      name: c.zh,
      synonyms: [...c.synonyms],
      type: c.type,
      required: c.required,
      options: c.options ? c.options.map((o) => ({ code: o.code, name: o.zh })) : null,
      example: c.example,
      note: c.note ?? null,
    })),
  }));
}

export const batchSchema = z.object({
  id: z.number(),
  feedType: z.string(),
  feedTypeName: z.string(),
  source: z.string(),
  fileName: z.string().nullable(),
  department: z.string().nullable(),
  uploadedBy: z.string(),
  status: z.string(),
  statusName: z.string(),
  duplicateOf: z.number().nullable(),
  progress: z.object({ bytesRead: z.number(), bytesTotal: z.number().nullable(), rowsRead: z.number() }),
  counts: z.object({
    rejected: z.number(),
    added: z.number(),
    duplicate: z.number(),
    matched: z.number(),
    leads: z.number(),
  }),
  fileError: z.string().nullable(),
  runId: z.number().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export function presentBatch(b: BatchRow): z.infer<typeof batchSchema> {
  return {
    id: b.id,
    feedType: b.feed_type,
    feedTypeName: feedName(b.feed_type),
    source: b.source,
    fileName: b.file_name,
    department: b.department,
    uploadedBy: b.uploaded_by_name,
    status: b.status,
    statusName: BATCH_STATUS_NAMES[b.status],
    duplicateOf: b.duplicate_of,
    progress: { bytesRead: b.bytes_read, bytesTotal: b.bytes_total, rowsRead: b.rows_read },
    counts: {
      rejected: b.rows_rejected,
      added: b.rows_added,
      duplicate: b.rows_duplicate,
      matched: b.rows_matched,
      leads: b.leads_added,
    },
    fileError: b.file_error,
    runId: b.run_id,
    startedAt: iso(b.started_at)!,
    finishedAt: iso(b.finished_at),
  };
}

export const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  department: z.string(),
  regionCode: z.string(),
  feedTypes: z.array(z.string()),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});

export function presentApiKey(k: ApiKeyRow): z.infer<typeof apiKeySchema> {
  return {
    id: k.id,
    name: k.name,
    department: k.department,
    regionCode: k.region_code,
    feedTypes: k.feed_types,
    prefix: k.prefix,
    createdBy: k.created_by_name,
    createdAt: iso(k.created_at)!,
    lastUsedAt: iso(k.last_used_at),
    revokedAt: iso(k.revoked_at),
    revokedBy: k.revoked_by_name,
  };
}

export const runSchema = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.string(),
  runDate: z.string(),
  cursor: z.number(),
  batchId: z.number().nullable(),
  householdsTotal: z.number(),
  householdsDone: z.number(),
  chunks: z.number(),
  warningsRaised: z.number(),
  escalated: z.number(),
  notes: z.array(z.string()),
  error: z.string().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export function presentRun(r: RunRow): z.infer<typeof runSchema> {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    runDate: r.run_date,
    cursor: r.cursor,
    batchId: r.batch_id,
    householdsTotal: r.households_total,
    householdsDone: r.households_done,
    chunks: r.chunks,
    warningsRaised: r.warnings_raised,
    escalated: r.escalated,
    notes: r.notes,
    error: r.error,
    startedBy: r.actor_name,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}
