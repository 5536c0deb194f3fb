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
}

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
];

export const routesForRole = (role: Role): AppRoute[] => appRoutes.filter((r) => r.roles.includes(role));
