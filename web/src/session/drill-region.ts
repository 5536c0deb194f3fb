import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isRegionCode, isWithin } from '../lib/region';
import { useCurrentUser } from './current-user';
import { useUpdateSearchParams } from './search-params';

/** The drill-down region lives in the URL (`?region=`) so that it survives reloads and links. */
export const DRILL_PARAM = 'region';

export interface DrillRegion {
  /** The region being looked at: the user's own region or one inside it. */
  code: string;
  isOwn: boolean;
  drillTo: (code: string) => void;
  /** The search string that carries the drill-down to another screen (`''` or `?region=…`). */
  search: string;
}

export function useDrillRegion(): DrillRegion {
  const user = useCurrentUser();
  const [params] = useSearchParams();
  const updateParams = useUpdateSearchParams();
  const raw = params.get(DRILL_PARAM);
  const ownLevel = user.regionPath.at(-1)?.level ?? 'village';
  const code = isRegionCode(raw) && isWithin(raw, user.regionCode, ownLevel) ? raw : user.regionCode;
  const isOwn = code === user.regionCode;

  // From the URL as it is now: a filter cleared just before the click stays cleared.
  const drillTo = useCallback(
    (next: string) =>
      updateParams((latest) => {
        const p = new URLSearchParams(latest);
        if (next === user.regionCode) p.delete(DRILL_PARAM);
        else p.set(DRILL_PARAM, next);
        return p;
      }),
    [updateParams, user.regionCode],
  );

  return { code, isOwn, drillTo, search: isOwn ? '' : `?${DRILL_PARAM}=${code}` };
}
