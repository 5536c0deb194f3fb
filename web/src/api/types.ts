/** Shapes of the JSON the server returns (see the API contract). */
import type { Category, RegionLevel, Role } from '../lib/labels';

export interface ApiErrorBody {
  code: string;
  message: string;
  requestId?: string;
  fields?: Record<string, string>;
}

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The role's Chinese name as the server words it. */
  roleName?: string;
  regionCode: string;
  regionName: string;
  regionPath: RegionRef[];
  department?: string | null;
  /** What the role may do (server-defined names); screens may hide actions the user cannot take. */
  permissions?: string[];
}

export interface Region extends RegionRef {
  parentCode: string | null;
  path: RegionRef[];
}

export interface RegionChild extends RegionRef {
  hasChildren: boolean;
}

export interface CategoryTotals {
  households: number;
  people: number;
}

export interface StatsChildRegion extends RegionRef {
  people: number;
  households: number;
  /** People per category. */
  byCategory: Partial<Record<Category, number>>;
}

export interface StatsOverview {
  region: RegionRef;
  totals: {
    households: number;
    people: number;
    byCategory: Partial<Record<Category, CategoryTotals>>;
  };
  children: StatsChildRegion[];
  updatedAt: string | null;
}
