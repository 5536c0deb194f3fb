import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, withQuery } from './client';
import type { StatsOverview } from './types';

/** Overview of `region` (the user's own region when omitted). */
export function useStatsOverview(region?: string) {
  return useQuery({
    queryKey: ['stats', 'overview', region ?? null],
    queryFn: ({ signal }) =>
      apiFetch<StatsOverview>(withQuery('/api/stats/overview', { region }), { signal }),
    // While drilling down, keep the previous figures on screen until the next ones arrive.
    placeholderData: keepPreviousData,
    // The dashboard shows a failure in place of the figures; no toast on top of it.
    meta: { silent: true },
  });
}
