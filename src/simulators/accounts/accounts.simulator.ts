import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { domainError } from '../../core/errors.js';
import { toBankAscii } from '../../core/text.js';
import { Random } from '../../demo/random.js';
import { limits } from '../../limits.js';
import { formatOfFile, readSheet } from '../../modules/registry/import/reader.js';
import { normalizeVietnameseMobile } from '../../modules/registry/validation/phone.js';
import {
  accountsApiKeyHeader,
  accountStatuses,
  nameMaskCharacter,
  type AccountInquiryResponse,
  type AccountStatus,
} from '../../adapters/accounts/account-inquiry.adapter.js';

/**
 * A stand-in for the NAPAS account-name inquiry (PAYMENT-FORMATS §4.4) for demos and tests, run
 * as its own process (`asxh sim accounts`) or in-process in tests. No database. Outcomes are
 * chosen deterministically from a hash of (seed, BIN, account), so every run and every process
 * gives the same answer:
 *
 *   80 % ACTIVE with the holder's name in upper-case ASCII · 8 % ACTIVE with a masked name
 *   4 % CLOSED · 3 % BLOCKED · 5 % UNKNOWN (no such account)
 *
 * The holder's name comes from optional import-template files (`dataFiles`: the accounts listed
 * there carry their `chu_tai_khoan`), otherwise a plausible generated name. Overrides force an
 * outcome per account; `slowRate` delays some answers to exercise client timeouts.
 */

export interface AccountOverride {
  status: AccountStatus;
  /** The holder's name to return (upper-cased and stripped of diacritics). */
  accountName?: string;
  /** Return the name masked: first letter of each word, `*` for the rest. */
  masked?: boolean;
  /** Answer only after this delay (a slow bank). */
  delayMs?: number;
}

export interface AccountsSimulatorOptions {
  port: number;
  host?: string;
  /** Changes which accounts get which outcome and generated name. */
  seed: number;
  /** Share of inquiries (a deterministic sequence from the seed) answered only after `slowMs`, 0–1. */
  slowRate?: number;
  slowMs?: number;
  /** Forced outcomes, keyed `BIN:account` (see `accountKey`). */
  overrides?: Record<string, AccountOverride>;
  /** Import-template files (CSV or XLSX) whose accounts the simulator knows, with their holders. */
  dataFiles?: string | readonly string[];
  /** When set, every request must carry it in the `x-api-key` header. */
  apiKey?: string;
}

export interface AccountsSimulator {
  url: string;
  /** Replaces (`replace: true`) or merges the forced outcomes. */
  setOverrides(overrides: Record<string, AccountOverride>, replace?: boolean): void;
  close(): Promise<void>;
}

type SimulatedOutcome = AccountStatus | 'MASKED';

const simulatorBounds = { delayMsMax: 120_000, knownAccountsMax: limits.importRowsMax, overridesMax: 100_000 };
/** Longer than the client's default 5 s timeout, so a slow answer is a timeout. */
const defaultSlowMs = 6_000;

/** The key of an account in overrides and in the name map. */
export function accountKey(bin: string, accountNumber: string): string {
  return `${bin}:${accountNumber}`;
}

// ─── Deterministic outcomes ───────────────────────────────────────────────────────────────────────

/** A uniform number in [0, 1) from the account (and a salt, for independent choices). */
function unitHash(seed: number, key: string, salt: string): number {
  return createHash('sha256').update(`${seed}:${salt}:${key}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function hashedOutcome(seed: number, key: string): SimulatedOutcome {
  const roll = unitHash(seed, key, 'outcome');
  if (roll < 0.04) return 'CLOSED';
  if (roll < 0.07) return 'BLOCKED';
  if (roll < 0.12) return 'UNKNOWN';
  if (roll < 0.2) return 'MASKED';
  return 'ACTIVE';
}

const surnames = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'PHAN', 'VU', 'DANG', 'BUI', 'DO', 'HO', 'NGO', 'DUONG', 'LY'];
const middles = ['VAN', 'THI', 'DUC', 'MINH', 'HUU', 'NGOC', 'THANH', 'XUAN', 'KIM', 'QUANG', 'THU', 'CONG'];
const givens = ['AN', 'BINH', 'CUONG', 'DUNG', 'DAO', 'HAI', 'HOA', 'HUNG', 'HUONG', 'LAN', 'LINH', 'LONG', 'MAI', 'MINH', 'NAM', 'NGA', 'PHUONG', 'SON', 'TAM', 'THAO', 'TRANG', 'TUAN', 'VAN', 'YEN'];

/** A plausible Vietnamese holder name for an account the simulator has no name for. */
export function plausibleName(seed: number, key: string): string {
  const pick = (items: readonly string[], salt: string) => items[Math.floor(unitHash(seed, key, salt) * items.length)]!;
  return `${pick(surnames, 'surname')} ${pick(middles, 'middle')} ${pick(givens, 'given')}`;
}

/** "NGUYEN VAN AN" → "N***** V** A*": the first letter of each word, one `*` per hidden letter. */
export function maskName(name: string): string {
  return name
    .split(' ')
    .filter((word) => word !== '')
    .map((word) => word[0]! + nameMaskCharacter.repeat(word.length - 1))
    .join(' ');
}

/** The answer for one account, given its outcome and the holder's name. */
export function simulatedAnswer(outcome: SimulatedOutcome, holder: string): AccountInquiryResponse {
  switch (outcome) {
    case 'ACTIVE':
      return { status: 'ACTIVE', accountName: holder };
    case 'MASKED':
      return { status: 'ACTIVE', accountName: maskName(holder) };
    case 'BLOCKED':
      // A frozen account still exists: banks show whose it is.
      return { status: 'BLOCKED', accountName: holder };
    case 'CLOSED':
    case 'UNKNOWN':
      return { status: outcome, accountName: null };
  }
}

// ─── The accounts it knows ────────────────────────────────────────────────────────────────────────

const walletChannels = new Set(['VI_DIEN_TU', 'MOBILE_MONEY']);

/** The account as the import normalises it: a wallet's phone number, or a bank account's digits. */
function normalizedAccount(channel: string, text: string): string | null {
  if (walletChannels.has(channel)) return normalizeVietnameseMobile(text);
  const digits = text.replace(/[\s.-]/g, '');
  return /^\d{6,19}$/.test(digits) ? digits : null;
}

/** `BIN:account` → holder in upper-case ASCII, from import-template files (a later row wins). */
async function loadHolderNames(paths: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const path of paths) {
    let header: string[] | null = null;
    for await (const { cells } of readSheet(path, formatOfFile(path))) {
      if (header === null) {
        header = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim().toLowerCase());
        continue;
      }
      const row = Object.fromEntries(header.map((key, index) => [key, (cells[index] ?? '').trim()]));
      const bin = (row.ma_to_chuc ?? '').toUpperCase();
      const account = normalizedAccount((row.hinh_thuc_nhan ?? '').toUpperCase(), row.so_tai_khoan ?? '');
      const holder = toBankAscii(row.chu_tai_khoan ?? '');
      if (!/^\d{6}$/.test(bin) || account === null || holder === '') continue;
      names.set(accountKey(bin, account), holder);
      if (names.size > simulatorBounds.knownAccountsMax) {
        throw domainError('SIMULATOR_DATA_TOO_LARGE', 400, 'Tệp dữ liệu mô phỏng quá lớn', 'The simulator data files are too large', { path });
      }
    }
  }
  return names;
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────────

const inquiryBodySchema = {
  type: 'object',
  required: ['bin', 'accountNumber'],
  additionalProperties: false,
  properties: { bin: { type: 'string', pattern: '^\\d{6}$' }, accountNumber: { type: 'string', pattern: '^\\d{6,19}$' } },
} as const;

const overrideSchema = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: accountStatuses },
    accountName: { type: 'string', minLength: 1, maxLength: 140 },
    masked: { type: 'boolean' },
    delayMs: { type: 'integer', minimum: 0, maximum: simulatorBounds.delayMsMax },
  },
} as const;

const overridesBodySchema = {
  type: 'object',
  required: ['overrides'],
  additionalProperties: false,
  properties: {
    overrides: { type: 'object', maxProperties: 10_000, propertyNames: { pattern: '^\\d{6}:\\d{6,19}$' }, additionalProperties: overrideSchema },
    replace: { type: 'boolean' },
  },
} as const;

function sameKey(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function boundedDelay(value: number | undefined, fallback: number): number {
  return Math.min(Math.max(value ?? fallback, 0), simulatorBounds.delayMsMax);
}

export async function startAccountsSimulator(options: AccountsSimulatorOptions): Promise<AccountsSimulator> {
  const slowRate = Math.min(Math.max(options.slowRate ?? 0, 0), 1);
  const slowMs = boundedDelay(options.slowMs, defaultSlowMs);
  const dataPaths = typeof options.dataFiles === 'string' ? [options.dataFiles] : [...(options.dataFiles ?? [])];
  const holders = await loadHolderNames(dataPaths);
  let overrides = new Map<string, AccountOverride>(Object.entries(options.overrides ?? {}));
  const slowness = new Random(options.seed ^ 0x5104);

  const setOverrides = (next: Record<string, AccountOverride>, replace: boolean) => {
    if (replace) overrides = new Map();
    for (const [key, override] of Object.entries(next)) overrides.set(key, override);
    if (overrides.size > simulatorBounds.overridesMax) throw Object.assign(new Error(`at most ${simulatorBounds.overridesMax} overrides`), { statusCode: 400 });
  };

  /** The answer and how long to wait before giving it. */
  const answer = (bin: string, accountNumber: string): { response: AccountInquiryResponse; delayMs: number } => {
    const key = accountKey(bin, accountNumber);
    const override = overrides.get(key);
    const holder = toBankAscii(override?.accountName ?? holders.get(key) ?? plausibleName(options.seed, key));
    const slow = slowRate > 0 && slowness.next() < slowRate;
    if (override) {
      const outcome: SimulatedOutcome = override.status === 'ACTIVE' && override.masked ? 'MASKED' : override.status;
      return { response: simulatedAnswer(outcome, holder), delayMs: boundedDelay(override.delayMs, slow ? slowMs : 0) };
    }
    return { response: simulatedAnswer(hashedOutcome(options.seed, key), holder), delayMs: slow ? slowMs : 0 };
  };

  // Closing aborts the delays of answers still pending, so close() never waits for a slow answer.
  const closing = new AbortController();
  const pause = (milliseconds: number) =>
    new Promise<void>((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', cancel);
        resolve();
      }, milliseconds);
      closing.signal.addEventListener('abort', cancel, { once: true });
    });

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  const requireKey = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.apiKey && !sameKey(request.headers[accountsApiKeyHeader], options.apiKey)) {
      return reply.code(401).send({ code: 'UNAUTHORIZED', message: 'missing or wrong API key' });
    }
  };

  app.get('/health', async () => ({ status: 'ok', knownAccounts: holders.size, overrides: overrides.size }));

  app.post<{ Body: { bin: string; accountNumber: string } }>('/v1/accounts/inquiry', { schema: { body: inquiryBodySchema }, preHandler: requireKey }, async (request) => {
    const { response, delayMs } = answer(request.body.bin, request.body.accountNumber);
    if (delayMs > 0) await pause(delayMs);
    return response;
  });

  app.post<{ Body: { overrides: Record<string, AccountOverride>; replace?: boolean } }>(
    '/admin/overrides',
    { schema: { body: overridesBodySchema }, preHandler: requireKey },
    async (request) => {
      setOverrides(request.body.overrides, request.body.replace ?? false);
      return { overrides: overrides.size };
    },
  );

  app.delete('/admin/overrides', { preHandler: requireKey }, async () => {
    overrides = new Map();
    return { overrides: 0 };
  });

  const address = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    url: address,
    setOverrides: (next, replace = false) => setOverrides(next, replace),
    close: async () => {
      closing.abort();
      await app.close();
    },
  };
}
