import { createHash } from 'node:crypto';

/**
 * What a provider simulator does with each payment and each request. Outcomes are chosen
 * deterministically from a hash of (seed, end-to-end id), so every run, process and retry gives
 * the same answer for the same payment; tests force single payments with `forced` outcomes.
 */
export type ProviderKind = 'bank' | 'wallet' | 'postal';
export const providerKinds: readonly ProviderKind[] = ['bank', 'wallet', 'postal'];

/**
 * SUCCESS: paid. AC01 invalid account, AC04 closed, AC06 blocked, BE01 name mismatch, MD07
 * deceased: rejected with that ISO reason. RETURN: paid, then returned after success (banks only:
 * a wallet or a cash payment cannot come back). Cash (VNPost): REPRESENTATIVE paid to the
 * authorised person, UNCLAIMED not found (KHONG_GAP), REFUSED (TU_CHOI), MD07 deceased (DA_CHET).
 */
export const simulatedOutcomes = ['SUCCESS', 'AC01', 'AC04', 'AC06', 'BE01', 'MD07', 'RETURN', 'REPRESENTATIVE', 'UNCLAIMED', 'REFUSED'] as const;
export type SimulatedOutcome = (typeof simulatedOutcomes)[number];

const outcomesByKind: Record<ProviderKind, readonly SimulatedOutcome[]> = {
  bank: ['SUCCESS', 'AC01', 'AC04', 'AC06', 'BE01', 'MD07', 'RETURN'],
  wallet: ['SUCCESS', 'AC01', 'AC04', 'AC06', 'BE01', 'MD07'],
  postal: ['SUCCESS', 'REPRESENTATIVE', 'UNCLAIMED', 'REFUSED', 'MD07'],
};

export function outcomesOf(kind: ProviderKind): readonly SimulatedOutcome[] {
  return outcomesByKind[kind];
}

export type RejectionReason = 'AC01' | 'AC04' | 'AC06' | 'BE01' | 'MD07';

/** Bank-style texts (ASCII upper case, ≤ 105 characters for pain.002 AddtlInf). */
export const reasonTexts: Record<RejectionReason, string> = {
  AC01: 'SO TAI KHOAN KHONG DUNG',
  AC04: 'TAI KHOAN DA DONG',
  AC06: 'TAI KHOAN BI PHONG TOA',
  BE01: 'TEN NGUOI HUONG KHONG KHOP VOI TAI KHOAN',
  MD07: 'NGUOI HUONG DA CHET',
};

export function isRejection(outcome: SimulatedOutcome): outcome is RejectionReason {
  return outcome in reasonTexts;
}

export type OutcomeRates = Partial<Record<SimulatedOutcome, number>>;

export const returnsFormats = ['camt054', 'camt052', 'csv'] as const;
export type ReturnsFormat = (typeof returnsFormats)[number];
export type IsoStatusStyle = 'classic' | 'varied';

export interface SimulatorConfig {
  /** Share of payments per outcome, 0–1; SUCCESS takes what is left. */
  rates: OutcomeRates;
  /** > 0: the first request for a batch answers only after this delay (longer than the client's timeout). */
  hangFirstRequestMs: number;
  /** Whether that hanging request is processed before the delay (the answer is lost) or not at all. */
  hangProcesses: boolean;
  /** Time a submission stays "in progress" (a concurrent duplicate gets 409 meanwhile). */
  processingMs: number;
  /** Bank: a first pain.002 with PART (rejections + ACSP), ACSC later. Wallet: a pdng callback first. Postal: confirmations in two halves. */
  partialAcceptance: boolean;
  /** Wallet: share of callbacks delivered twice (same message_id). Bank: share of final reports published twice. */
  duplicateRate: number;
  /** Wallet: share of transactions that get a stale "pdng" callback after the final one. */
  lateCallbackRate: number;
  lateCallbackMs: number;
  callbackDelayMs: number;
  /** Wallet: the callback URL registered with the provider; otherwise the request's header.sender_uri. */
  callbackUrl: string | null;
  /** Bank: reason code of returns after success. */
  returnReason: RejectionReason;
  /** Bank: how returns after success are sent: a camt.054 notification, a camt.052 account report, or a CSV file. */
  returnsFormat: ReturnsFormat;
  /** Bank: the pain.002 status codes: `classic` (ACSP, ACSC, RJCT) or `varied` (PDNG, ACWP, ACCC, RJCT named by OrgnlInstrId only). */
  isoStatusStyle: IsoStatusStyle;
  /** When set, new submissions are refused with this validation code (HTTP 4xx, nothing stored). */
  refuseSubmissions: string | null;
  /** Wallet: new submissions answered HTTP 200 with a NACK Ack carrying this error code (nothing stored). */
  nackSubmissions: string | null;
  /** Wallet: the bearer token every request must carry (`Authorization: Bearer …`); null: none asked. */
  bearerToken: string | null;
  /** Wallet: ASXH Pay's ed25519 public key (SPKI PEM): every request body must carry a valid `signature`. */
  clientPublicKeyPem: string | null;
  /** Wallet: the provider's ed25519 private key (PKCS#8 PEM): callbacks and synchronous answers carry a `signature`. */
  signingKeyPem: string | null;
  /** Wallet: a callback with only a header (status pdng) before the statuses. */
  headerOnlyPending: boolean;
  /** Wallet: the registered on-status URL; otherwise the status request's header.sender_uri. */
  statusCallbackUrl: string | null;
}

export const simulatorBounds = {
  hangMsMax: 120_000,
  batchesMax: 10_000,
  itemsPerBatchMax: 1_000_000,
  forcedOutcomesMax: 100_000,
  reportsMax: 100_000,
  callbackAttemptsMax: 4,
};

const defaultRates: Record<ProviderKind, OutcomeRates> = {
  bank: { AC01: 0.03, AC04: 0.03, AC06: 0.02, BE01: 0.02, MD07: 0.01, RETURN: 0.04 },
  wallet: { AC01: 0.04, AC04: 0.02, AC06: 0.02, BE01: 0.02, MD07: 0.01 },
  postal: { REPRESENTATIVE: 0.15, UNCLAIMED: 0.05, REFUSED: 0.02, MD07: 0.01 },
};

export function defaultConfig(kind: ProviderKind): SimulatorConfig {
  return {
    rates: { ...defaultRates[kind] },
    hangFirstRequestMs: 0,
    hangProcesses: true,
    processingMs: 0,
    partialAcceptance: false,
    duplicateRate: 0,
    lateCallbackRate: 0,
    lateCallbackMs: 200,
    callbackDelayMs: 20,
    callbackUrl: null,
    returnReason: 'AC04',
    returnsFormat: 'camt054',
    isoStatusStyle: 'classic',
    refuseSubmissions: null,
    nackSubmissions: null,
    bearerToken: null,
    clientPublicKeyPem: null,
    signingKeyPem: null,
    headerOnlyPending: false,
    statusCallbackUrl: null,
  };
}

export class SimulatorInputError extends Error {
  readonly statusCode = 400;
}

function fail(message: string): never {
  throw new SimulatorInputError(message);
}

function share(value: unknown, field: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(`${field} must be a number from 0 to 1`);
  return value;
}

function milliseconds(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > simulatorBounds.hangMsMax) fail(`${field} must be an integer from 0 to ${simulatorBounds.hangMsMax}`);
  return value as number;
}

function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') fail(`${field} must be true or false`);
  return value;
}

function checkedRates(kind: ProviderKind, value: unknown): OutcomeRates {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('rates must be an object');
  const rates: OutcomeRates = {};
  let total = 0;
  for (const [name, rate] of Object.entries(value)) {
    if (!outcomesOf(kind).includes(name as SimulatedOutcome) || name === 'SUCCESS') fail(`rates.${name} is not an outcome a ${kind} simulator can give`);
    rates[name as SimulatedOutcome] = share(rate, `rates.${name}`);
    total += rates[name as SimulatedOutcome]!;
  }
  if (total > 1 + 1e-9) fail('rates add up to more than 1');
  return rates;
}

type Checker = (kind: ProviderKind, value: unknown, field: string) => unknown;

function nullableText(value: unknown, field: string, pattern: RegExp, what: string): string | null {
  return value === null ? null : typeof value === 'string' && pattern.test(value) ? value : fail(`${field} must be ${what} or null`);
}

const pemPattern = /^-----BEGIN [A-Z ]+-----[\s\S]{1,4000}-----END [A-Z ]+-----\s*$/;

const checkers: Record<keyof SimulatorConfig, Checker> = {
  rates: (kind, value) => checkedRates(kind, value),
  hangFirstRequestMs: (_kind, value, field) => milliseconds(value, field),
  hangProcesses: (_kind, value, field) => flag(value, field),
  processingMs: (_kind, value, field) => milliseconds(value, field),
  partialAcceptance: (_kind, value, field) => flag(value, field),
  duplicateRate: (_kind, value, field) => share(value, field),
  lateCallbackRate: (_kind, value, field) => share(value, field),
  lateCallbackMs: (_kind, value, field) => milliseconds(value, field),
  callbackDelayMs: (_kind, value, field) => milliseconds(value, field),
  callbackUrl: (_kind, value, field) => (value === null ? null : typeof value === 'string' && URL.canParse(value) ? value : fail(`${field} must be an absolute URL or null`)),
  returnReason: (_kind, value, field) => (typeof value === 'string' && value in reasonTexts ? value : fail(`${field} must be one of ${Object.keys(reasonTexts).join(', ')}`)),
  returnsFormat: (_kind, value, field) => (returnsFormats.includes(value as ReturnsFormat) ? value : fail(`${field} must be one of ${returnsFormats.join(', ')}`)),
  isoStatusStyle: (_kind, value, field) => (value === 'classic' || value === 'varied' ? value : fail(`${field} must be classic or varied`)),
  refuseSubmissions: (_kind, value, field) => (value === null ? null : typeof value === 'string' && /^[A-Za-z0-9._]{1,40}$/.test(value) ? value : fail(`${field} must be a code or null`)),
  nackSubmissions: (_kind, value, field) => nullableText(value, field, /^[a-z0-9._]{1,40}$/, 'an error code'),
  bearerToken: (_kind, value, field) => nullableText(value, field, /^[\x21-\x7e]{8,4096}$/, 'a token'),
  clientPublicKeyPem: (_kind, value, field) => nullableText(value, field, pemPattern, 'a PEM key'),
  signingKeyPem: (_kind, value, field) => nullableText(value, field, pemPattern, 'a PEM key'),
  headerOnlyPending: (_kind, value, field) => flag(value, field),
  statusCallbackUrl: (_kind, value, field) => (value === null ? null : typeof value === 'string' && URL.canParse(value) ? value : fail(`${field} must be an absolute URL or null`)),
};

/** Applies a partial configuration (from options or POST /admin/config), checking every field. */
export function mergeConfig(kind: ProviderKind, current: SimulatorConfig, patch: unknown): SimulatorConfig {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) fail('the configuration must be an object');
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    const check = checkers[field as keyof SimulatorConfig];
    if (!check) fail(`unknown setting ${field}`);
    next[field] = check(kind, value, field);
  }
  return next as unknown as SimulatorConfig;
}

export function checkedOutcome(kind: ProviderKind, value: unknown, field: string): SimulatedOutcome {
  if (typeof value !== 'string' || !outcomesOf(kind).includes(value as SimulatedOutcome)) fail(`${field} must be one of ${outcomesOf(kind).join(', ')}`);
  return value as SimulatedOutcome;
}

/** A uniform number in [0, 1) from the seed and a key (and a salt, for independent choices). */
export function unitHash(seed: number, key: string, salt: string): number {
  return createHash('sha256').update(`${seed}:${salt}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The outcome of one payment from the rates: the same for the same seed and end-to-end id. */
export function hashedOutcome(kind: ProviderKind, seed: number, endToEndId: string, rates: OutcomeRates): SimulatedOutcome {
  const roll = unitHash(seed, endToEndId, 'outcome');
  let cumulative = 0;
  for (const outcome of outcomesOf(kind)) {
    if (outcome === 'SUCCESS') continue;
    cumulative += rates[outcome] ?? 0;
    if (roll < cumulative) return outcome;
  }
  return 'SUCCESS';
}
