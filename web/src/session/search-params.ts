import { useCallback } from 'react';
import { type NavigateOptions, useSearchParams } from 'react-router-dom';

/**
 * Updating the URL's search params from what the URL says now, not from what it said when the screen
 * last rendered.
 *
 * `setSearchParams(prev => …)` alone is not enough: react-router (7.x) hands `prev` from the last
 * render, and it commits each navigation to React inside a transition, so until the screen has
 * re-rendered a second update starts from the old URL and undoes the first (清除筛选, then a click on a
 * region, brought the old `?level=` back). The address bar has the new URL as soon as the router
 * has written it, a few microtasks after the call; an update asked for earlier in the same task,
 * not written yet, is remembered until then.
 */
let pending: { from: string; to: string } | null = null;

/** The search params as they are now, including an update of this same task not yet in the address bar. */
export function latestSearchParams(): URLSearchParams {
  const now = window.location.search;
  return new URLSearchParams(pending && pending.from === now ? pending.to : now);
}

export type SearchParamsUpdate = (latest: URLSearchParams) => URLSearchParams;

/**
 * `setSearchParams` whose updater receives the latest search params: use it wherever one screen may
 * update the URL twice in quick succession.
 */
export function useUpdateSearchParams(): (update: SearchParamsUpdate, options?: NavigateOptions) => void {
  const [, setSearchParams] = useSearchParams();
  return useCallback(
    (update, options) =>
      setSearchParams(() => {
        const from = window.location.search;
        const next = update(latestSearchParams());
        const to = `?${next.toString()}`;
        pending = { from, to };
        // By the next task the router has written the URL (or was interrupted by a newer navigation).
        setTimeout(() => {
          if (pending?.to === to) pending = null;
        }, 0);
        return next;
      }, options),
    [setSearchParams],
  );
}
