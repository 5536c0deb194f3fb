import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isRegionCode, isWithin } from '../lib/region';
import { useCurrentUser } from './current-user';

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
  const [params, setParams] = useSearchParams();
  const raw = params.get(DRILL_PARAM);
  const ownLevel = user.regionPath.at(-1)?.level ?? 'village';
  const code = isRegionCode(raw) && isWithin(raw, user.regionCode, ownLevel) ? raw : user.regionCode;
  const isOwn = code === user.regionCode;

  const drillTo = useCallback(
    (next: string) =>
      setParams((prev) => {
        const p = new URLSearchParams(prev);
        if (next === user.regionCode) p.delete(DRILL_PARAM);
        else p.set(DRILL_PARAM, next);
        return p;
      }),
    [setParams, user.regionCode],
  );

  return { code, isOwn, drillTo, search: isOwn ? '' : `?${DRILL_PARAM}=${code}` };
}
