import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { Region, RegionChild } from './types';

/** Divisions change rarely; keep them for the session. */
const REGION_STALE_MS = 30 * 60_000;

export function regionQuery(code: string) {
  return queryOptions({
    queryKey: ['regions', code],
    queryFn: ({ signal }) => apiFetch<Region>(`/api/regions/${encodeURIComponent(code)}`, { signal }),
    staleTime: REGION_STALE_MS,
  });
}

export function regionChildrenQuery(code: string) {
  return queryOptions({
    queryKey: ['regions', code, 'children'],
    queryFn: ({ signal }) =>
      apiFetch<{ items: RegionChild[] }>(`/api/regions/${encodeURIComponent(code)}/children`, {
        signal,
      }).then((r) => r.items),
    staleTime: REGION_STALE_MS,
  });
}

/** One region; while another loads, the previous one stays on screen (no flicker when drilling). */
export function useRegion(code: string) {
  return useQuery({ ...regionQuery(code), placeholderData: keepPreviousData });
}

export function useRegionChildren(code: string) {
  return useQuery(regionChildrenQuery(code));
}
