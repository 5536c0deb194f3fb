import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { Role } from '../../lib/labels';
import { useCurrentUser } from '../../session/current-user';

/** Shows `children` only to the given roles (the server checks again; this only avoids dead ends). */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useCurrentUser();
  if (!roles.includes(user.role)) {
    return <Result status="403" title="无权访问" subTitle="您的角色无权访问此页面。" />;
  }
  return children;
}
