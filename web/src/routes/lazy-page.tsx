import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { PageLoading } from './shared/PageLoading';

/** A route element whose code is loaded on first visit: `page(() => import('./x/XPage'))`. */
export function page(load: () => Promise<{ default: ComponentType }>): ReactNode {
  const Page = lazy(load);
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}
