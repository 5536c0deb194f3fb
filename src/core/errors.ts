/**
 * The error catalogue: every error a user can see has a stable code, an HTTP status and a Chinese
 * message. Internals (stack, SQL) never leave the server; 5xx answers carry a request id instead.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, message: '输入有误' },
  INVALID_ID_NUMBER: { status: 400, message: '身份证号码无效' },
  INVALID_REGION_CODE: { status: 400, message: '行政区划代码无效' },
  INVALID_DATE: { status: 400, message: '日期无效' },
  INVALID_AMOUNT: { status: 400, message: '金额无效' },
  WEAK_PASSWORD: { status: 400, message: '密码不符合要求' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误，或账号已被临时锁定' },
  SESSION_EXPIRED: { status: 401, message: '登录已超时，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  NOT_FOUND: { status: 404, message: '记录不存在' },
  CONFLICT: { status: 409, message: '记录已被他人修改，请刷新后重试' },
  DUPLICATE: { status: 409, message: '记录已存在' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  POLICY_INVALID: { status: 422, message: '政策参数包无效' },
  POLICY_NOT_FOUND: { status: 404, message: '未找到适用的政策参数包' },
  INTERNAL: { status: 500, message: '系统内部错误，请联系管理员并提供请求编号' },
  UNAVAILABLE: { status: 503, message: '服务暂不可用' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error the user is meant to see. `detail` adds specifics (in Chinese) to the catalogue message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, detail?: string, fields?: Record<string, string>) {
    const entry = errorCatalogue[code];
    super(detail ? `${entry.message}：${detail}` : entry.message);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.detail = detail;
    this.fields = fields;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
