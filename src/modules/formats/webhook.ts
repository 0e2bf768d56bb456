import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, Stripe-style (PAYMENT-FORMATS §7.1): header `t=<unix seconds>,v1=<hex>`,
 * where v1 = HMAC-SHA256(secret, `${t}.${rawBody}`). Always verify the raw body bytes: JSON
 * re-serialisation changes them.
 */

export type RawBody = string | Uint8Array;

/** Bounds on an attacker-controlled header before any HMAC work is done. */
const maxHeaderLength = 4096;
const maxSignatures = 8;

function signature(secret: string, rawBody: RawBody, timestampSeconds: number): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest();
}

/** `t=1751333400,v1=5257a8…` */
export function signWebhook(secret: string, rawBody: RawBody, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError('timestampSeconds must be a non-negative integer');
  return `t=${timestampSeconds},v1=${signature(secret, rawBody, timestampSeconds).toString('hex')}`;
}

export type WebhookVerification =
  | { valid: true; timestampSeconds: number }
  | { valid: false; reason: 'malformed' | 'expired' | 'mismatch' };

export interface VerifyWebhookOptions {
  /** Accepted clock difference either way; default 300 s, the common default against replays. */
  toleranceSeconds?: number;
  /** Injected for tests; default: now. */
  nowSeconds?: number;
}

interface ParsedHeader {
  timestampSeconds: number;
  signatures: Buffer[];
}

/** Reads `t` and every `v1`; other schemes (v0, …) are ignored as Stripe does. */
function parseSignatureHeader(header: string): ParsedHeader | null {
  if (header.length > maxHeaderLength) return null;
  let timestampSeconds: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) return null;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      if (timestampSeconds !== null || !/^\d{1,12}$/.test(value)) return null;
      timestampSeconds = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestampSeconds === null || signatures.length === 0 || signatures.length > maxSignatures) return null;
  return { timestampSeconds, signatures };
}

/**
 * Verifies a signature header. `secrets` may hold several during rotation; any v1 matching any
 * secret is accepted. Comparisons are constant-time and all candidates are compared, so timing
 * reveals nothing about which one matched.
 */
export function verifyWebhook(
  secrets: string | readonly string[],
  rawBody: RawBody,
  header: string,
  { toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) }: VerifyWebhookOptions = {},
): WebhookVerification {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { valid: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - parsed.timestampSeconds) > toleranceSeconds) return { valid: false, reason: 'expired' };
  let matched = false;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const expected = signature(secret, rawBody, parsed.timestampSeconds);
    for (const candidate of parsed.signatures) matched = timingSafeEqual(candidate, expected) || matched;
  }
  return matched ? { valid: true, timestampSeconds: parsed.timestampSeconds } : { valid: false, reason: 'mismatch' };
}
