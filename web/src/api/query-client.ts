/**
 * The one QueryClient. Failed requests are reported here, once: a 401 anywhere ends the session in
 * the client (the guard then sends the user to /login); other errors show the server's message.
 * A query or mutation that shows its own error sets `meta: { silent: true }`.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';
import { notifyError } from './notify';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

export const meQueryKey = ['auth', 'me'] as const;

function report(error: Error, meta: { silent?: boolean } | undefined): void {
  if (isApiError(error) && error.status === 401) {
    queryClient.setQueryData(meQueryKey, null);
    if (!meta?.silent) notifyError(error.message);
    return;
  }
  if (meta?.silent) return;
  notifyError(isApiError(error) ? error.displayMessage : '操作失败，请稍后重试');
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta) }),
  mutationCache: new MutationCache({ onError: (error, _v, _c, mutation) => report(error, mutation.meta) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not change on retry; server and network faults may.
      retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});
