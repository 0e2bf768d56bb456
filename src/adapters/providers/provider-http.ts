import { signWebhook } from '../../modules/formats/webhook.js';
import { providerSignatureHeader, signedContent, type ProviderErrorBody } from './provider-protocol.js';

/**
 * One signed HTTP exchange with a provider, classified for the caller's retry decision
 * (PAYMENT-FORMATS §6.2). It never retries by itself: whether a resend is safe depends on what
 * the caller knows (a status query first, the same idempotency key always), so the loop lives
 * with the caller.
 */
export type ProviderAnswer =
  /** 2xx: the provider has it. */
  | { kind: 'ok'; status: number; body: string }
  /** 4xx that a retry of the same request cannot change (validation, auth, not found, key mismatch). */
  | { kind: 'refused'; status: number; code: string | null; message: string }
  /** 408/409/425/429/5xx: the same request may succeed later (409 = the original is still in progress). */
  | { kind: 'busy'; status: number; code: string | null; retryAfterMs: number | null }
  /** Timeout or network error: the outcome is unknown, so query the status before any resend. */
  | { kind: 'no-answer'; reason: string };

export interface ProviderRequest {
  method: 'GET' | 'POST';
  baseUrl: string;
  /** Path with query, e.g. `/h2h/reports?originalMessageId=…`. */
  path: string;
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  secret: string;
  /** G2P Connect: `Authorization: Bearer <token>` beside the HMAC header. */
  bearerToken?: string | null;
  timeoutMs: number;
  fetch: typeof fetch;
  nowSeconds: number;
}

/** Error bodies are read for their code only; a huge or hostile body must not fill the logs. */
const errorMessageLengthMax = 300;
const retryableStatuses = new Set([408, 409, 425, 429]);

export function providerUrl(baseUrl: string, path: string): string {
  return new URL(path.replace(/^\//, ''), baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** `{ errors: [{ code, message }] }`, `{ code, message }` or a G2P Connect Ack's `message.error`; anything else gives no code. */
export function errorOf(body: string): { code: string | null; message: string } {
  try {
    const parsed = JSON.parse(body) as Partial<ProviderErrorBody> & { code?: unknown; message?: unknown };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    const ackError = typeof parsed.message === 'object' && parsed.message !== null ? (parsed.message as { error?: { code?: unknown; message?: unknown } }).error : undefined;
    const code = first?.code ?? ackError?.code ?? parsed.code;
    const message = first?.message ?? ackError?.message ?? parsed.message;
    return { code: typeof code === 'string' ? code : null, message: typeof message === 'string' ? message.slice(0, errorMessageLengthMax) : '' };
  } catch {
    return { code: null, message: body.slice(0, errorMessageLengthMax) };
  }
}

function classify(status: number, body: string, headers: Headers): ProviderAnswer {
  if (status >= 200 && status < 300) return { kind: 'ok', status, body };
  const { code, message } = errorOf(body);
  if (status >= 500 || retryableStatuses.has(status)) return { kind: 'busy', status, code, retryAfterMs: retryAfterMs(headers.get('retry-after')) };
  return { kind: 'refused', status, code, message };
}

export async function exchange(request: ProviderRequest): Promise<ProviderAnswer> {
  const url = new URL(providerUrl(request.baseUrl, request.path));
  const content = signedContent(request.method, url.pathname + url.search, request.body ?? null);
  const headers: Record<string, string> = {
    accept: 'application/json, application/xml, text/csv',
    ...request.headers,
    [providerSignatureHeader]: signWebhook(request.secret, content, request.nowSeconds),
  };
  if (request.bearerToken) headers.authorization = `Bearer ${request.bearerToken}`;
  if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  // The timeout covers reading the body too: a provider that stalls mid-answer is no answer.
  const signal = AbortSignal.timeout(request.timeoutMs);
  try {
    const response = await request.fetch(url, { method: request.method, headers, body: request.body, signal });
    const text = await response.text();
    return classify(response.status, text, response.headers);
  } catch (error) {
    const reason = signal.aborted ? `timeout after ${request.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return { kind: 'no-answer', reason };
  }
}
