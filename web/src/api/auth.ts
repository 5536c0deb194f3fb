import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch } from './client';
import { meQueryKey } from './query-client';
import type { User } from './types';

export interface LoginInput {
  username: string;
  password: string;
}

/** The signed-in user, or null when there is no valid session. */
async function fetchMe(signal: AbortSignal): Promise<User | null> {
  try {
    const { user } = await apiFetch<{ user: User }>('/api/auth/me', { signal });
    return user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => fetchMe(signal), staleTime: 5 * 60_000 });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) =>
      apiFetch<{ user: User }>('/api/auth/login', { method: 'POST', body: input }).then((r) => r.user),
    // The login form shows the server's message itself.
    meta: { silent: true },
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
