import type { Config } from '../../config.js';
import { domainError, type AppError } from '../../core/errors.js';

/**
 * SMS gateway (brandname SMS of the locality's telecom contract) as seen by ASXH Pay:
 * `POST {baseUrl}/v1/sms {to, text}` → `{messageId}`. One attempt per call with a timeout: the
 * notification outbox owns retries (its `attempts` column), so a message is never retried twice
 * over. Each call carries an Idempotency-Key (the outbox row id) so a gateway that honours it
 * does not send twice when an answer is lost after the SMS went out (PAYMENT-FORMATS §6).
 */
export interface SmsMessage {
  /** National mobile form `0xxxxxxxxx`. */
  to: string;
  text: string;
  /** Stable per message: the gateway sends a repeated key only once. */
  idempotencyKey?: string;
}

export interface SmsSender {
  /**
   * Sends one SMS. Throws AppError SMS_UNAVAILABLE when the gateway could not be reached or
   * failed (worth retrying later) and SMS_REJECTED when it refused the message (retrying the same
   * message cannot succeed).
   */
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

export interface SmsClientOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Request and response bodies of `POST /v1/sms` (client and simulator share them). */
export interface SmsRequestBody {
  to: string;
  text: string;
}

export interface SmsResponseBody {
  messageId: string;
}

export const smsApiKeyHeader = 'x-api-key';
export const smsIdempotencyHeader = 'idempotency-key';
/** Three concatenated SMS of 160 characters: the outbox refuses longer bodies too. */
export const smsTextLengthMax = 480;

const defaults = { timeoutMs: 5_000 };
const bounds = { timeoutMsMax: 60_000 };

function unavailable(reason: string, status: number | null): AppError {
  return domainError('SMS_UNAVAILABLE', 503, 'Không gửi được tin nhắn (cổng SMS không phản hồi), sẽ thử lại sau', 'The SMS gateway did not answer; the message will be retried', {
    reason,
    status,
  });
}

function rejected(status: number, body: string): AppError {
  return domainError('SMS_REJECTED', 502, 'Cổng SMS từ chối tin nhắn', 'The SMS gateway refused the message', { status, body: body.slice(0, 300) });
}

function parseMessageId(text: string): string {
  try {
    const parsed = JSON.parse(text) as Partial<SmsResponseBody> | null;
    if (parsed && typeof parsed.messageId === 'string' && parsed.messageId !== '') return parsed.messageId.slice(0, 200);
  } catch {
    // fall through: an answer without an id is treated like no answer
  }
  throw unavailable('answer without a messageId', null);
}

export class SmsHttpClient implements SmsSender {
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SmsClientOptions) {
    this.url = new URL('v1/sms', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).toString();
    this.timeoutMs = Math.max(1, Math.min(options.timeoutMs ?? defaults.timeoutMs, bounds.timeoutMsMax));
    this.fetch = options.fetch ?? fetch;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers[smsApiKeyHeader] = this.options.apiKey;
    if (message.idempotencyKey) headers[smsIdempotencyHeader] = message.idempotencyKey;
    const body: SmsRequestBody = { to: message.to, text: message.text };
    const answer = await this.post(headers, JSON.stringify(body));
    if (answer.status >= 200 && answer.status < 300) return { messageId: parseMessageId(answer.text) };
    if (answer.status >= 500 || answer.status === 429) throw unavailable(`HTTP ${answer.status}`, answer.status);
    throw rejected(answer.status, answer.text);
  }

  /** One HTTP exchange; a network error or our timeout becomes SMS_UNAVAILABLE. */
  private async post(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.fetch(this.url, { method: 'POST', headers, body, signal: controller.signal });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      throw unavailable(controller.signal.aborted ? `timeout after ${this.timeoutMs} ms` : error instanceof Error ? error.message : String(error), null);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The gateway configured for this installation (ASXH_SMS_URL, key in ASXH_SMS_API_KEY), or null. */
export function smsSenderFromConfig(config: Pick<Config, 'smsUrl'>, env: NodeJS.ProcessEnv = process.env): SmsSender | null {
  if (!config.smsUrl) return null;
  return new SmsHttpClient({ baseUrl: config.smsUrl, apiKey: env.ASXH_SMS_API_KEY || undefined });
}
