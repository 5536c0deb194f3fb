import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../api/auth';
import { PageError } from '../routes/shared/PageError';
import { PageLoading } from '../routes/shared/PageLoading';
import { CurrentUserProvider } from './current-user';

/** Renders its children for a signed-in user and sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoading fullScreen />;
  if (me.isError && me.data === undefined)
    return <PageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location }} />;
  return <CurrentUserProvider user={me.data}>{children}</CurrentUserProvider>;
}
