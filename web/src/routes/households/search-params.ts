/**
 * The search lives in the URL (so the back button from a household returns to the same results):
 * `?idNumber=&name=&householdNo=&category=&page=&size=`, and the region is the app-wide drill-down
 * region `?region=` (see session/drill-region.ts), so the breadcrumb and the search agree.
 */
import type { SearchCriteria } from '../../api/households';
import { CATEGORIES, type Category } from '../../lib/labels';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
const DEFAULT_SIZE = 20;

export interface SearchState {
  criteria: SearchCriteria;
  page: number;
  size: number;
}

const text = (p: URLSearchParams, k: string) => p.get(k)?.trim() || undefined;
const positive = (s: string | null, fallback: number) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** The search in the URL; `region` is the (validated) drill-down region, undefined for the user's own. */
export function readSearch(p: URLSearchParams, region: string | undefined): SearchState {
  const category = p.get('category');
  const size = positive(p.get('size'), DEFAULT_SIZE);
  return {
    criteria: {
      idNumber: text(p, 'idNumber'),
      name: text(p, 'name'),
      householdNo: text(p, 'householdNo'),
      region,
      category: CATEGORIES.includes(category as Category) ? (category as Category) : undefined,
    },
    page: positive(p.get('page'), 1),
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_SIZE,
  };
}

/** The URL of a search; the user's own region is left out (as the drill-down does). */
export function writeSearch(s: SearchState, ownRegion: string): URLSearchParams {
  const p = new URLSearchParams();
  const { idNumber, name, householdNo, region, category } = s.criteria;
  const set = (k: string, v: string | undefined) => v && p.set(k, v);
  set('idNumber', idNumber?.toUpperCase());
  set('name', name);
  set('householdNo', householdNo);
  if (region && region !== ownRegion) p.set('region', region);
  set('category', category);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.size !== DEFAULT_SIZE) p.set('size', String(s.size));
  return p;
}
