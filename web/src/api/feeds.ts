/**
 * 部门数据比对: feed types and their templates, staff upload (multipart, answered at once with the batch, then polled),
 * load reports with row errors, and department API keys (server: src/modules/monitoring/feed-routes.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch, withQuery } from './client';
import type { Page } from './monitoring';
import type { ApiErrorBody } from './types';

export interface FeedColumn {
  key: string;
  name: string;
  synonyms: string[];
  type: string;
  required: boolean;
  options: Array<{ code: string; name: string }> | null;
  example: string;
  note: string | null;
}

export interface FeedType {
  type: string;
  name: string;
  department: string;
  signal: string;
  discoveryLead: boolean;
  columns: FeedColumn[];
}

/** The feed type's template: Chinese headers and one example row (xlsx adds the instructions). */
export const feedTemplateHref = (type: string, format: 'xlsx' | 'csv') =>
  withQuery(`/api/feeds/types/${encodeURIComponent(type)}/template`, { format });

export interface Batch {
  id: number;
  feedType: string;
  feedTypeName: string;
  source: string;
  fileName: string | null;
  department: string | null;
  uploadedBy: string;
  status: 'running' | 'done' | 'failed' | 'duplicate' | string;
  statusName: string;
  duplicateOf: number | null;
  progress: { bytesRead: number; bytesTotal: number | null; rowsRead: number };
  counts: { rejected: number; added: number; duplicate: number; matched: number; leads: number };
  fileError: string | null;
  runId: number | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface Run {
  id: number;
  kind: string;
  status: string;
  householdsTotal: number;
  householdsDone: number;
  warningsRaised: number;
  escalated: number;
  notes: string[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ApiKey {
  id: number;
  name: string;
  department: string;
  regionCode: string;
  feedTypes: string[];
  prefix: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export function useFeedTypes() {
  return useQuery({
    queryKey: ['feeds', 'types'],
    queryFn: ({ signal }) =>
      apiFetch<{ items: FeedType[] }>('/api/feeds/types', { signal }).then((r) => r.items),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

const BATCHES_KEY = ['feeds', 'batches'] as const;
const POLL_MS = 1000;
const runFinished = (run: Run | null) => run === null || run.status !== 'running';
export const batchFinished = (b: { batch: Batch; run: Run | null } | undefined) =>
  b !== undefined && b.batch.status !== 'running' && runFinished(b.run);

export function useBatches(feedType: string | undefined, p: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...BATCHES_KEY, 'list', feedType ?? null, p],
    queryFn: ({ signal }) =>
      apiFetch<Page<Batch>>(withQuery('/api/feeds/batches', { feedType, ...p }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One batch: polled while the import or its incremental run is going, then kept. */
export function useBatch(id: number | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...BATCHES_KEY, 'one', id],
    queryFn: async ({ signal }) => {
      const r = await apiFetch<{ batch: Batch; run: Run | null }>(`/api/feeds/batches/${id}`, { signal });
      if (batchFinished(r)) {
        void queryClient.invalidateQueries({ queryKey: [...BATCHES_KEY, 'list'] });
        void queryClient.invalidateQueries({ queryKey: ['monitoring'] });
      }
      return r;
    },
    enabled: id !== null,
    refetchInterval: (q) => (batchFinished(q.state.data) ? false : POLL_MS),
  });
}

export function useBatchErrors(id: number, enabled: boolean) {
  return useQuery({
    queryKey: [...BATCHES_KEY, 'errors', id],
    queryFn: ({ signal }) =>
      apiFetch<{ items: Array<{ rowNumber: number; message: string }>; total: number; rejected: number }>(
        withQuery(`/api/feeds/batches/${id}/errors`, { limit: 200 }),
        { signal },
      ),
    enabled,
  });
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * Uploads a feed file (XMLHttpRequest for the upload progress); resolves with the started batch (202)
 * and rejects with an ApiError carrying the server's Chinese message (a missing column: 400).
 */
export function uploadFeedFile(
  feedType: string,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<Batch> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/feeds/${encodeURIComponent(feedType)}/upload`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve((body as { batch: Batch }).batch);
      else {
        const err = body as ApiErrorBody | undefined;
        reject(
          new ApiError(
            xhr.status,
            err && typeof err.message === 'string'
              ? err
              : { code: 'HTTP_ERROR', message: `上传失败（${xhr.status}），请稍后重试` },
          ),
        );
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试' }));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

// ---------------------------------------------------------------------------------------------
// API keys (civil admin)

const KEYS_KEY = ['feeds', 'keys'] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: KEYS_KEY,
    queryFn: ({ signal }) =>
      apiFetch<{ items: ApiKey[] }>('/api/feeds/keys', { signal }).then((r) => r.items),
  });
}

export interface NewApiKey {
  name: string;
  department: string;
  regionCode?: string;
  feedTypes: string[];
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewApiKey) =>
      apiFetch<{ key: string; apiKey: ApiKey }>('/api/feeds/keys', { method: 'POST', body }),
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<{ apiKey: ApiKey }>(`/api/feeds/keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEYS_KEY }),
  });
}
