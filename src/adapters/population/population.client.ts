import type { Config } from '../../config.js';
import { isValidIsoDate } from '../../core/dates.js';
import { domainError, type AppError } from '../../core/errors.js';
import {
  populationApiKeyHeader,
  populationIdsPerRequestMax,
  type PopulationAdapter,
  type PopulationLookupResponse,
  type PopulationRecord,
} from './population.adapter.js';

/**
 * HTTP client of the population database: `POST {baseUrl}/v1/citizens/lookup` with at most 500 IDs
 * per request, an API key header, a timeout per attempt and retries with exponential backoff on
 * network errors, timeouts, 5xx and 429. Other 4xx answers are not retried: repeating a refused
 * request cannot succeed.
 */
export interface PopulationClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  attemptsMax?: number;
  backoffMsBase?: number;
  backoffMsMax?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  sleep?: (milliseconds: number) => Promise<void>;
}

const defaults = { timeoutMs: 15_000, attemptsMax: 4, backoffMsBase: 250, backoffMsMax: 5_000 };
/** Upper bounds whatever the caller passes (a limit on everything). */
const bounds = { timeoutMsMax: 120_000, attemptsMax: 10, backoffMsMax: 60_000 };

const sleepFor = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

function unavailable(details: Record<string, unknown>): AppError {
  return domainError(
    'POPULATION_UNAVAILABLE',
    503,
    'Không kết nối được Cơ sở dữ liệu quốc gia về dân cư, hãy thử lại sau',
    'The national population database cannot be reached; try again later',
    details,
  );
}

function badResponse(reason: string): AppError {
  return domainError(
    'POPULATION_BAD_RESPONSE',
    502,
    'Cơ sở dữ liệu quốc gia về dân cư trả lời không đúng định dạng',
    'The national population database sent an invalid answer',
    { reason },
  );
}

function refused(status: number, body: string): AppError {
  if (status === 401 || status === 403) {
    return domainError(
      'POPULATION_AUTH_FAILED',
      502,
      'Cơ sở dữ liệu quốc gia về dân cư từ chối khóa truy cập (kiểm tra ASXH_POPULATION_API_KEY)',
      'The national population database refused the API key (check ASXH_POPULATION_API_KEY)',
      { status },
    );
  }
  return domainError('POPULATION_REJECTED', 502, 'Cơ sở dữ liệu quốc gia về dân cư từ chối yêu cầu', 'The national population database rejected the request', {
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

export class PopulationHttpClient implements PopulationAdapter {
  private readonly url: string;
  private readonly settings: Required<Omit<PopulationClientOptions, 'apiKey' | 'baseUrl'>> & { apiKey: string | undefined };

  constructor(options: PopulationClientOptions) {
    this.url = new URL('v1/citizens/lookup', options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`).toString();
    this.settings = {
      apiKey: options.apiKey,
      timeoutMs: Math.min(options.timeoutMs ?? defaults.timeoutMs, bounds.timeoutMsMax),
      attemptsMax: Math.max(1, Math.min(options.attemptsMax ?? defaults.attemptsMax, bounds.attemptsMax)),
      backoffMsBase: options.backoffMsBase ?? defaults.backoffMsBase,
      backoffMsMax: Math.min(options.backoffMsMax ?? defaults.backoffMsMax, bounds.backoffMsMax),
      fetch: options.fetch ?? fetch,
      sleep: options.sleep ?? sleepFor,
    };
  }

  async lookup(personalIds: readonly string[]): Promise<PopulationRecord[]> {
    const unique = [...new Set(personalIds)];
    const records: PopulationRecord[] = [];
    for (let start = 0; start < unique.length; start += populationIdsPerRequestMax) {
      const chunk = unique.slice(start, start + populationIdsPerRequestMax);
      records.push(...(await this.lookupChunk(chunk)));
    }
    return records;
  }

  private async lookupChunk(ids: string[]): Promise<PopulationRecord[]> {
    const body = JSON.stringify({ ids });
    let last: Extract<Attempt, { ok: false }> | undefined;
    for (let attempt = 1; attempt <= this.settings.attemptsMax; attempt++) {
      const result = await this.attempt(body);
      if (result.ok) return parseLookupResponse(result.body, ids);
      if (!result.retryable) throw refused(result.status ?? 0, result.body);
      last = result;
      if (attempt < this.settings.attemptsMax) await this.settings.sleep(this.backoff(attempt, result.retryAfterMs));
    }
    throw unavailable({ attempts: this.settings.attemptsMax, status: last?.status ?? null, reason: last?.reason ?? 'unknown' });
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
    if (this.settings.apiKey) headers[populationApiKeyHeader] = this.settings.apiKey;
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

const nullableString = (value: unknown): value is string | null => value === null || typeof value === 'string';
const nullableDate = (value: unknown): value is string | null => value === null || (typeof value === 'string' && isValidIsoDate(value));

/** Validates the answer field by field: a service that answers nonsense must not change the registry. */
export function parseLookupResponse(text: string, requested: readonly string[]): PopulationRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badResponse('not JSON');
  }
  const results = (parsed as Partial<PopulationLookupResponse> | null)?.results;
  if (!Array.isArray(results)) throw badResponse('no results array');
  const wanted = new Set(requested);
  return results.map((item: unknown, index) => {
    const record = item as Record<string, unknown> | null;
    const valid =
      record !== null &&
      typeof record === 'object' &&
      typeof record.personalId === 'string' &&
      wanted.has(record.personalId) &&
      typeof record.found === 'boolean' &&
      typeof record.deceased === 'boolean' &&
      nullableString(record.fullName) &&
      nullableDate(record.birthDate) &&
      nullableDate(record.deathDate) &&
      (record.sex === null || record.sex === 'M' || record.sex === 'F') &&
      (record.residenceCommuneCode === null || (typeof record.residenceCommuneCode === 'string' && /^\d{5}$/.test(record.residenceCommuneCode)));
    if (!valid) throw badResponse(`invalid result at index ${index}`);
    return {
      personalId: record.personalId as string,
      found: record.found as boolean,
      fullName: record.fullName as string | null,
      birthDate: record.birthDate as string | null,
      sex: record.sex as 'M' | 'F' | null,
      deceased: record.deceased as boolean,
      deathDate: record.deathDate as string | null,
      residenceCommuneCode: record.residenceCommuneCode as string | null,
    };
  });
}

/**
 * The adapter configured for this installation: `ASXH_POPULATION_URL` (config.populationUrl) and
 * the key in `ASXH_POPULATION_API_KEY`. The key is read here because `Config` has no field for it
 * yet; it never appears in logs or errors.
 */
export function populationAdapterFromConfig(config: Pick<Config, 'populationUrl'>, env: NodeJS.ProcessEnv = process.env): PopulationAdapter {
  if (!config.populationUrl) {
    throw domainError(
      'POPULATION_NOT_CONFIGURED',
      503,
      'Chưa cấu hình kết nối Cơ sở dữ liệu quốc gia về dân cư (biến ASXH_POPULATION_URL)',
      'The national population database is not configured (set ASXH_POPULATION_URL)',
    );
  }
  return new PopulationHttpClient({ baseUrl: config.populationUrl, apiKey: env.ASXH_POPULATION_API_KEY || undefined });
}
