/** A small JSON fetch client. Sessions are httpOnly cookies, so requests only send credentials. */
import type { ApiErrorBody } from './types';

const NETWORK_MESSAGE = '无法连接服务器，请检查网络后重试';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  /** Field path → Chinese message, for validation errors (`members[0].idNumber`, `standards.dibao.urban`). */
  readonly fields: Record<string, string> | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.fields = body.fields;
  }

  /** The message to show: the server's Chinese message, plus the request id for server faults. */
  get displayMessage(): string {
    return this.requestId && this.status >= 500
      ? `${this.message}（请求编号：${this.requestId}）`
      : this.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).message === 'string';
}

async function readJson(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', message: NETWORK_MESSAGE });
  }
  const data = await readJson(res);
  if (!res.ok) {
    const body = isErrorBody(data)
      ? data
      : {
          code: res.status >= 500 ? 'UNAVAILABLE' : 'HTTP_ERROR',
          message: `${NETWORK_MESSAGE}（${res.status}）`,
        };
    throw new ApiError(res.status, body);
  }
  return data as T;
}

/** Builds `path?k=v` from the defined values of `query`. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
