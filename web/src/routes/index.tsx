/**
 * The screens behind the login, in menu order. Adding a screen is one entry here: the router and the
 * side menu are both built from this table, and an entry's `roles` decide who sees it.
 */
import {
  ApartmentOutlined,
  CalculatorOutlined,
  DashboardOutlined,
  DiffOutlined,
  FileTextOutlined,
  ImportOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { ROLES, type Role } from '../lib/labels';
import { page } from './lazy-page';

export interface AppRoute {
  path: string;
  /** Menu text (zh-CN). */
  label: string;
  icon: ReactNode;
  roles: readonly Role[];
  element: ReactNode;
  /** false: a screen reached from another one (a detail page), not listed in the menu. */
  menu?: boolean;
}

/** Who reads the low-income population database (server permission `person.read`). */
const REGISTRY_READERS: readonly Role[] = ['village_assistant', 'town_worker', 'civil_admin', 'supervisor'];

export const appRoutes: readonly AppRoute[] = [
  {
    path: '/',
    label: '首页',
    icon: <DashboardOutlined />,
    roles: ROLES,
    element: page(() => import('./home/HomePage')),
  },
  {
    path: '/regions',
    label: '行政区划',
    icon: <ApartmentOutlined />,
    roles: ROLES,
    element: page(() => import('./regions/RegionsPage')),
  },
  {
    path: '/policies',
    label: '政策参数',
    icon: <FileTextOutlined />,
    roles: ROLES,
    element: page(() => import('./policy/PoliciesPage')),
  },
  {
    path: '/policies/compare',
    label: '参数对比',
    icon: <DiffOutlined />,
    roles: ROLES,
    element: page(() => import('./policy/ComparePage')),
  },
  {
    path: '/policies/publish',
    label: '发布参数',
    icon: <UploadOutlined />,
    roles: ['civil_admin'],
    element: page(() => import('./policy/PublishPage')),
  },
  {
    path: '/assess/what-if',
    label: '认定试算',
    icon: <CalculatorOutlined />,
    roles: ['village_assistant', 'town_worker', 'civil_admin'],
    element: page(() => import('./assess/WhatIfPage')),
  },
  {
    path: '/households',
    label: '低收入人口',
    icon: <TeamOutlined />,
    roles: REGISTRY_READERS,
    element: page(() => import('./households/HouseholdsPage')),
  },
  {
    path: '/households/:householdId',
    label: '家庭详情',
    icon: <TeamOutlined />,
    roles: REGISTRY_READERS,
    element: page(() => import('./households/HouseholdPage')),
    menu: false,
  },
  {
    path: '/registry/import',
    label: '名册导入',
    icon: <ImportOutlined />,
    // Server permission `registry.import`.
    roles: ['town_worker', 'civil_admin'],
    element: page(() => import('./registry-import/RegistryImportPage')),
  },
];

export const routesForRole = (role: Role): AppRoute[] => appRoutes.filter((r) => r.roles.includes(role));

/** The menu of a role: its screens without the detail pages. */
export const menuRoutesForRole = (role: Role): AppRoute[] =>
  routesForRole(role).filter((r) => r.menu !== false);
