/**
 * Operating errors: expected failures with a stable code, an HTTP status and a message in
 * Vietnamese and English. Every interface (API, CLI, import report) shows the same code.
 */
export interface LocalizedText {
  vi: string;
  en: string;
}

export type Language = 'vi' | 'en';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    readonly text: LocalizedText,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${text.en}`);
  }

  toBody(language: Language): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.text[language], details: { ...this.details, messageVi: this.text.vi, messageEn: this.text.en } };
  }
}

function make(code: string, status: number, vi: string, en: string) {
  return (details: Record<string, unknown> = {}, override?: Partial<LocalizedText>) =>
    new AppError(code, status, { vi: override?.vi ?? vi, en: override?.en ?? en }, details);
}

/** The catalogue of general error codes; domain modules add their own with `domainError`. */
export const errors = {
  validation: make('VALIDATION_FAILED', 400, 'Dữ liệu gửi lên không hợp lệ', 'The request is invalid'),
  /** An amount given from outside that is not a non-negative whole number of đồng within the bound (core/money.ts). */
  amountInvalid: make('AMOUNT_INVALID', 400, 'Số tiền phải là số nguyên đồng', 'The amount must be whole đồng'),
  unauthenticated: make('UNAUTHENTICATED', 401, 'Bạn cần đăng nhập', 'You need to log in'),
  invalidCredentials: make('AUTH_INVALID_CREDENTIALS', 401, 'Tên đăng nhập hoặc mật khẩu không đúng', 'Wrong username or password'),
  accountLocked: make('AUTH_LOCKED', 423, 'Tài khoản tạm khoá do đăng nhập sai nhiều lần, hãy thử lại sau', 'Account locked after repeated failed logins; try again later'),
  accountDisabled: make('AUTH_DISABLED', 403, 'Tài khoản đã bị vô hiệu hoá', 'This account is disabled'),
  forbidden: make('FORBIDDEN', 403, 'Bạn không có quyền thực hiện thao tác này', 'You are not allowed to do this'),
  notFound: make('NOT_FOUND', 404, 'Không tìm thấy', 'Not found'),
  conflict: make('CONFLICT', 409, 'Dữ liệu đã thay đổi hoặc bị trùng', 'Conflicting or duplicate data'),
  rateLimited: make('RATE_LIMITED', 429, 'Quá nhiều yêu cầu, hãy thử lại sau', 'Too many requests; try again later'),
  internal: make('INTERNAL', 500, 'Lỗi hệ thống', 'Internal error'),
};

export function domainError(code: string, status: number, vi: string, en: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(code, status, { vi, en }, details);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
