/**
 * 名册导入: the template, the upload (multipart, answered at once with the import's id), its progress
 * and report, and the recent imports of the user's region (server: src/modules/registry-import/routes.ts).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch, withQuery } from './client';
import type { ApiErrorBody } from './types';

export type ImportPhase = 'reading' | 'checking' | 'merging' | 'done' | 'failed';

export interface ImportCounts {
  householdsCreated: number;
  householdsUpdated: number;
  personsCreated: number;
  personsUpdated: number;
  personsMoved: number;
  categoriesAdded: number;
  categoriesEnded: number;
}

export interface ImportReport {
  loadId: string;
  fileName: string;
  rows: number;
  ok: number;
  failed: number;
  /** The first row errors (Chinese), by row number of the file. */
  errors: Array<{ row: number; message: string }>;
  errorsTruncated: boolean;
  counts: ImportCounts;
  seconds: number;
}

export interface ImportJob {
  id: string;
  progress: { phase: ImportPhase; rows: number; bytes: number; totalBytes: number };
  report: ImportReport | null;
  error: { code: string; message: string } | null;
}

export interface ImportListItem {
  id: string;
  fileName: string | null;
  status: string;
  actorName: string;
  rowsTotal: number;
  rowsOk: number;
  rowsFailed: number;
  startedAt: string;
  finishedAt: string | null;
}

export const templateHref = (format: 'xlsx' | 'csv') => withQuery('/api/registry/template', { format });

const IMPORTS_KEY = ['registry', 'imports'] as const;
export const importJobKey = (id: string) => [...IMPORTS_KEY, id] as const;
const POLL_MS = 1000;

export const isFinished = (job: ImportJob | undefined) =>
  job !== undefined && (job.progress.phase === 'done' || job.progress.phase === 'failed');

/** One import: polled while it runs, then kept. */
export function useImportJob(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importJobKey(id ?? ''),
    queryFn: async ({ signal }) => {
      const job = await apiFetch<ImportJob>(`/api/registry/imports/${encodeURIComponent(id!)}`, { signal });
      if (isFinished(job)) void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY, exact: true });
      return job;
    },
    enabled: id !== null,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : POLL_MS),
    staleTime: (q) => (isFinished(q.state.data) ? Number.POSITIVE_INFINITY : 0),
  });
}

/** Shows a just-started import at once and puts it in the list of imports. */
export function useImportStarted() {
  const queryClient = useQueryClient();
  return (job: ImportJob) => {
    queryClient.setQueryData(importJobKey(job.id), job);
    void queryClient.invalidateQueries({ queryKey: IMPORTS_KEY, exact: true });
  };
}

export function useImports() {
  return useQuery({
    queryKey: IMPORTS_KEY,
    queryFn: ({ signal }) =>
      apiFetch<{ items: ImportListItem[] }>('/api/registry/imports', { signal }).then((r) => r.items),
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
 * Uploads a roster file. XMLHttpRequest rather than fetch, for the upload progress of a large file;
 * resolves with the started import (202) and rejects with an ApiError carrying the server's message.
 */
export function uploadRegistryFile(
  file: File,
  options: { source?: string; onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery('/api/registry/imports', { source: options.source }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportJob);
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
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
