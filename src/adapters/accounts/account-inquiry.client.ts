import type { Config } from '../../config.js';
import { domainError, type AppError } from '../../core/errors.js';
import {
  accountsApiKeyHeader,
  accountStatuses,
  type AccountInquiryAdapter,
  type AccountInquiryInput,
  type AccountInquiryResult,
  type AccountStatus,
} from './account-inquiry.adapter.js';

/**
 * HTTP client of the account-name inquiry service: `POST {baseUrl}/v1/accounts/inquiry` with
 * `{bin, accountNumber}`, an API key header, a timeout per attempt (AbortController) and retries
 * with exponential backoff on network errors, timeouts, 5xx and 429. Other 4xx answers are not
 * retried: repeating a refused request cannot succeed.
 *
 * The one rule that matters most: when no answer arrives, the result is the error
 * ACCOUNT_INQUIRY_UNAVAILABLE — never "closed" or "unknown". Rejecting a beneficiary's account
 * because a bank was slow would stop their allowance for nothing.
 */
export interface AccountInquiryClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Attempts per inquiry, the first included. */
  attemptsMax?: number;
  backoffMsBase?: number;
  backoffMsMax?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  sleep?: (milliseconds: number) => Promise<void>;
}

const defaults = { timeoutMs: 5_000, attemptsMax: 3, backoffMsBase: 200, backoffMsMax: 2_000 };
/** Upper bounds whatever the caller passes (a limit on everything). */
const bounds = { timeoutMsMax: 60_000, attemptsMax: 6, backoffMsMax: 30_000, accountNameLengthMax: 140 };

const binPattern = /^\d{6}$/;
/** Bank accounts are 6–19 digits; wallets and Mobile Money use the 10-digit phone number. */
const accountPattern = /^\d{6,19}$/;

const sleepFor = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

export function accountInquiryUnavailable(details: Record<string, unknown>): AppError {
  return domainError(
    'ACCOUNT_INQUIRY_UNAVAILABLE',
    503,
    'Không tra cứu được tài khoản (dịch vụ truy vấn tên chủ tài khoản không phản hồi), hãy thử lại sau',
    'The account could not be looked up (the account-name inquiry service did not answer); try again later',
    details,
  );
}

function badResponse(reason: string): AppError {
  return domainError(
    'ACCOUNT_INQUIRY_BAD_RESPONSE',
    502,
    'Dịch vụ truy vấn tên chủ tài khoản trả lời không đúng định dạng',
    'The account-name inquiry service sent an invalid answer',
    { reason },
  );
}

function invalidInput(input: AccountInquiryInput): AppError {
  return domainError(
    'ACCOUNT_INQUIRY_INPUT_INVALID',
    400,
    `Không tra cứu được: mã tổ chức ${input.providerCode} không phải mã BIN NAPAS hoặc số tài khoản không hợp lệ`,
    `Cannot look up: provider ${input.providerCode} is not a NAPAS BIN or the account number is invalid`,
    { providerCode: input.providerCode },
  );
}

function refused(status: number, body: string): AppError {
  if (status === 401 || status === 403) {
    return domainError(
      'ACCOUNT_INQUIRY_AUTH_FAILED',
      502,
      'Dịch vụ truy vấn tên chủ tài khoản từ chối khóa truy cập (kiểm tra ASXH_ACCOUNTS_API_KEY)',
      'The account-name inquiry service refused the API key (check ASXH_ACCOUNTS_API_KEY)',
      { status },
    );
  }
  return domainError('ACCOUNT_INQUIRY_REJECTED', 502, 'Dịch vụ truy vấn tên chủ tài khoản từ chối yêu cầu', 'The account-name inquiry service rejected the request', {
    status,
    body: body.slice(0, 300),
  });
}

/** An attempt's outcome: a body, or a failure that may be retried after `retryAfterMs`. */
type Attempt = { ok: true; body: string } | { ok: false; retryable: boolean; status: number | null; reason: string; retryAfterMs: number | null; body: string };

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

export class AccountInquiryHttpClient implements AccountInquiryAdapter {
  private readonly url: string;
  private readonly settings: Required<Omit<AccountInquiryClientOptions, 'apiKey' | 'baseUrl'>> & { apiKey: string | undefined };

  constructor(options: AccountInquiryClientOptions) {
    this.url = new URL('v1/accounts/inquiry', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).toString();
    this.settings = {
      apiKey: options.apiKey,
      timeoutMs: Math.max(1, Math.min(options.timeoutMs ?? defaults.timeoutMs, bounds.timeoutMsMax)),
      attemptsMax: Math.max(1, Math.min(options.attemptsMax ?? defaults.attemptsMax, bounds.attemptsMax)),
      backoffMsBase: Math.max(0, options.backoffMsBase ?? defaults.backoffMsBase),
      backoffMsMax: Math.min(options.backoffMsMax ?? defaults.backoffMsMax, bounds.backoffMsMax),
      fetch: options.fetch ?? fetch,
      sleep: options.sleep ?? sleepFor,
    };
  }

  async inquire(input: AccountInquiryInput): Promise<AccountInquiryResult> {
    if (!binPattern.test(input.providerCode) || !accountPattern.test(input.accountNumber)) throw invalidInput(input);
    const body = JSON.stringify({ bin: input.providerCode, accountNumber: input.accountNumber });
    let last: Extract<Attempt, { ok: false }> | undefined;
    for (let attempt = 1; attempt <= this.settings.attemptsMax; attempt++) {
      const result = await this.attempt(body);
      if (result.ok) return parseInquiryResponse(result.body);
      if (!result.retryable) throw refused(result.status ?? 0, result.body);
      last = result;
      if (attempt < this.settings.attemptsMax) await this.settings.sleep(this.backoff(attempt, result.retryAfterMs));
    }
    throw accountInquiryUnavailable({ attempts: this.settings.attemptsMax, status: last?.status ?? null, reason: last?.reason ?? 'unknown' });
  }

  /** base·2^(n−1), capped; a server's Retry-After wins when longer (still capped). */
  private backoff(attempt: number, serverHintMs: number | null): number {
    const exponential = this.settings.backoffMsBase * 2 ** (attempt - 1);
    return Math.min(Math.max(exponential, serverHintMs ?? 0), this.settings.backoffMsMax);
  }

  private async attempt(body: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.settings.apiKey) headers[accountsApiKeyHeader] = this.settings.apiKey;
    try {
      const response = await this.settings.fetch(this.url, { method: 'POST', headers, body, signal: controller.signal });
      const text = await response.text();
      if (response.ok) return { ok: true, body: text };
      const retryable = response.status >= 500 || response.status === 429;
      return { ok: false, retryable, status: response.status, reason: `HTTP ${response.status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after')), body: text };
    } catch (error) {
      // Network errors and our own timeout (AbortError) are transient by nature.
      const reason = controller.signal.aborted ? `timeout after ${this.settings.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      return { ok: false, retryable: true, status: null, reason, retryAfterMs: null, body: '' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Validates the answer: a service that answers nonsense must not reject anyone's account. An
 * ACTIVE account without a name cannot be verified, so it is a bad answer too (the caller then
 * leaves the instrument unchanged).
 */
export function parseInquiryResponse(text: string): AccountInquiryResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badResponse('not JSON');
  }
  if (parsed === null || typeof parsed !== 'object') throw badResponse('not an object');
  const { status, accountName } = parsed as Record<string, unknown>;
  if (typeof status !== 'string' || !(accountStatuses as readonly string[]).includes(status)) throw badResponse('unknown status');
  if (accountName !== null && accountName !== undefined && typeof accountName !== 'string') throw badResponse('accountName is not a string');
  const name = typeof accountName === 'string' && accountName.trim() !== '' ? accountName.trim().slice(0, bounds.accountNameLengthMax) : null;
  if (status === 'ACTIVE' && name === null) throw badResponse('ACTIVE without an account name');
  return { status: status as AccountStatus, accountName: name };
}

/**
 * The adapter configured for this installation: `ASXH_ACCOUNTS_URL` (config.accountsUrl) and the
 * key in `ASXH_ACCOUNTS_API_KEY`. The key is read here because `Config` has no field for it; it
 * never appears in logs or errors.
 */
export function accountInquiryAdapterFromConfig(config: Pick<Config, 'accountsUrl'>, env: NodeJS.ProcessEnv = process.env): AccountInquiryAdapter {
  if (!config.accountsUrl) {
    throw domainError(
      'ACCOUNTS_NOT_CONFIGURED',
      503,
      'Chưa cấu hình kết nối dịch vụ truy vấn tên chủ tài khoản (biến ASXH_ACCOUNTS_URL)',
      'The account-name inquiry service is not configured (set ASXH_ACCOUNTS_URL)',
    );
  }
  return new AccountInquiryHttpClient({ baseUrl: config.accountsUrl, apiKey: env.ASXH_ACCOUNTS_API_KEY || undefined });
}
