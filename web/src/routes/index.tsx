/**
 * The screens behind the login, in menu order. Adding a screen is one entry here: the router and the
 * side menu are both built from this table, and an entry's `roles` decide who sees it.
 */
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  CalculatorOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DiffOutlined,
  FileTextOutlined,
  ImportOutlined,
  KeyOutlined,
  SearchOutlined,
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
/** 动态监测预警: board, warnings, tasks and leads (server permission `monitoring.read`). */
const MONITORING_READERS: readonly Role[] = ['village_assistant', 'town_worker', 'civil_admin', 'supervisor'];
/** Load reports of department feeds (server permission `feeds.read`; uploading is `feeds.import`). */
const FEED_READERS: readonly Role[] = ['town_worker', 'civil_admin', 'department', 'supervisor'];

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
  {
    path: '/warnings',
    label: '预警处置',
    icon: <AlertOutlined />,
    roles: MONITORING_READERS,
    element: page(() => import('./warnings/WarningsPage')),
  },
  {
    path: '/warnings/:warningId',
    label: '预警详情',
    icon: <AlertOutlined />,
    roles: MONITORING_READERS,
    element: page(() => import('./warnings/WarningPage')),
    menu: false,
  },
  {
    path: '/tasks',
    label: '核查任务',
    icon: <AuditOutlined />,
    roles: MONITORING_READERS,
    element: page(() => import('./tasks/TasksPage')),
  },
  {
    path: '/leads',
    label: '主动发现线索',
    icon: <SearchOutlined />,
    roles: MONITORING_READERS,
    element: page(() => import('./leads/LeadsPage')),
  },
  {
    path: '/feeds',
    label: '部门数据',
    icon: <CloudUploadOutlined />,
    roles: FEED_READERS,
    element: page(() => import('./feeds/FeedsPage')),
  },
  {
    path: '/feeds/keys',
    label: '接口密钥',
    icon: <KeyOutlined />,
    // Server permission `feeds.keys`.
    roles: ['civil_admin'],
    element: page(() => import('./feeds/ApiKeysPage')),
  },
];

export const routesForRole = (role: Role): AppRoute[] => appRoutes.filter((r) => r.roles.includes(role));

/** The menu of a role: its screens without the detail pages. */
export const menuRoutesForRole = (role: Role): AppRoute[] =>
  routesForRole(role).filter((r) => r.menu !== false);
