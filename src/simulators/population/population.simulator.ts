import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { isValidIsoDate, parseDateLoose } from '../../core/dates.js';
import { domainError } from '../../core/errors.js';
import { foldVietnamese } from '../../core/text.js';
import { demoCommunes, demoRows } from '../../demo/generator.js';
import { Random } from '../../demo/random.js';
import { limits } from '../../limits.js';
import { formatOfFile, readSheet } from '../../modules/registry/import/reader.js';
import {
  populationApiKeyHeader,
  populationIdsPerRequestMax,
  type PopulationLookupResponse,
  type PopulationRecord,
} from '../../adapters/population/population.adapter.js';

/**
 * A stand-in for the national population database (CSDLQG về dân cư) for demos and tests, run as
 * its own process (`asxh sim population`). It knows the demo generator's people for (seed, size)
 * and the people of optional import-template CSV/XLSX files, and answers identity look-ups with
 * realistic outcomes chosen deterministically from a hash of the personal ID (so every run, and
 * every process, gives the same answer). Overrides force an outcome for an ID. No database.
 */

export type SimulatedOutcome = 'MATCH' | 'NAME_MISMATCH' | 'DOB_MISMATCH' | 'DECEASED' | 'MOVED' | 'NOT_FOUND';

export interface PopulationOverride {
  status: SimulatedOutcome;
  /** Only for an ID the simulator does not otherwise know: the person it should know. */
  fullName?: string;
  birthDate?: string;
  sex?: 'M' | 'F';
  /** DECEASED: the date of death (default: a deterministic date in the last five months). */
  deathDate?: string;
  /** MOVED: the new commune (default: another demo commune). */
  residenceCommuneCode?: string;
}

export interface PopulationSimulatorOptions {
  port: number;
  host?: string;
  /** Demo generator seed and number of demo rows (src/demo/generator.ts). */
  seed: number;
  size: number;
  /** ISO date the demo data is "as of" — must equal the date the demo was seeded with. */
  today: string;
  /** Import-template files (CSV or XLSX) whose people the simulator should also know. */
  extraCsv?: string | readonly string[];
  overrides?: Record<string, PopulationOverride>;
  /** When set, every request must carry it in the `x-api-key` header. */
  apiKey?: string;
  /** Share of look-up requests answered 503 (deterministic sequence from the seed), 0–1. */
  failRate?: number;
  /** Delay before every look-up answer, to exercise client timeouts. */
  latencyMs?: number;
}

export interface PopulationSimulator {
  url: string;
  /** Replaces (`replace: true`) or merges the forced outcomes. */
  setOverrides(overrides: Record<string, PopulationOverride>, replace?: boolean): void;
  close(): Promise<void>;
}

/** A person as the population database holds them before any simulated discrepancy. */
interface BasePerson {
  personalId: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  communeCode: string;
}

const outcomes: readonly SimulatedOutcome[] = ['MATCH', 'NAME_MISMATCH', 'DOB_MISMATCH', 'DECEASED', 'MOVED', 'NOT_FOUND'];
const simulatorBounds = { latencyMsMax: 120_000, extraPeopleMax: limits.importRowsMax, overridesMax: 100_000 };

// ─── Deterministic outcomes ───────────────────────────────────────────────────────────────────────

/** A uniform number in [0, 1) from the personal ID (and a salt, for independent choices). */
function unitHash(personalId: string, salt: string): number {
  return createHash('sha256').update(`${salt}:${personalId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * ~93 % exact match, 2 % another name, 1.5 % another date of birth, 1.5 % deceased, 2 % moved.
 * Shares close to what the 2023–2024 clean-up campaigns reported (DOMAIN.md §4.4); unknown IDs are
 * NOT_FOUND by construction.
 */
export function hashedOutcome(personalId: string): SimulatedOutcome {
  const roll = unitHash(personalId, 'outcome');
  if (roll < 0.02) return 'NAME_MISMATCH';
  if (roll < 0.035) return 'DOB_MISMATCH';
  if (roll < 0.05) return 'DECEASED';
  if (roll < 0.07) return 'MOVED';
  return 'MATCH';
}

const middleNames = ['Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Ngọc', 'Thanh', 'Xuân', 'Kim', 'Quang', 'Thu', 'Công'];

/** Another middle name (the most common registry error), always different once folded. */
export function nameVariant(fullName: string, sex: 'M' | 'F', personalId: string): string {
  const words = fullName.split(' ').filter((word) => word !== '');
  if (words.length < 3) return [words[0] ?? '', sex === 'F' ? 'Thị' : 'Văn', ...words.slice(1)].join(' ').trim();
  const current = foldVietnamese(words[1]!);
  const candidates = middleNames.filter((name) => foldVietnamese(name) !== current);
  words[1] = candidates[Math.floor(unitHash(personalId, 'middle') * candidates.length)]!;
  return words.join(' ');
}

/**
 * A typing error that keeps the year (the year is part of the personal ID, DOMAIN.md §5.1): day and
 * month swapped when that gives a date, otherwise another day of the same month.
 */
export function birthDateVariant(birthDate: string): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  if (Number(day) <= 12 && day !== month) return `${year}-${day}-${month}`;
  return `${year}-${month}-${String((Number(day) % 28) + 1).padStart(2, '0')}`;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A death within the last five months, never before the birth. */
function simulatedDeathDate(person: BasePerson, today: string): string {
  const date = addDays(today, -(1 + Math.floor(unitHash(person.personalId, 'death') * 150)));
  return date < person.birthDate ? person.birthDate : date;
}

function movedCommune(person: BasePerson): string {
  const others = demoCommunes.map(([code]) => code).filter((code) => code !== person.communeCode);
  return others[Math.floor(unitHash(person.personalId, 'moved') * others.length)]!;
}

function notFound(personalId: string): PopulationRecord {
  return { personalId, found: false, fullName: null, birthDate: null, sex: null, deceased: false, deathDate: null, residenceCommuneCode: null };
}

/** The record the database returns for a person and an outcome. */
export function simulatedRecord(person: BasePerson, outcome: SimulatedOutcome, today: string, override?: PopulationOverride): PopulationRecord {
  if (outcome === 'NOT_FOUND') return notFound(person.personalId);
  const record: PopulationRecord = {
    personalId: person.personalId,
    found: true,
    fullName: person.fullName,
    birthDate: person.birthDate,
    sex: person.sex,
    deceased: false,
    deathDate: null,
    residenceCommuneCode: person.communeCode,
  };
  switch (outcome) {
    case 'NAME_MISMATCH':
      record.fullName = nameVariant(person.fullName, person.sex, person.personalId);
      break;
    case 'DOB_MISMATCH':
      record.birthDate = birthDateVariant(person.birthDate);
      break;
    case 'DECEASED':
      record.deceased = true;
      record.deathDate = override?.deathDate ?? simulatedDeathDate(person, today);
      break;
    case 'MOVED':
      record.residenceCommuneCode = override?.residenceCommuneCode ?? movedCommune(person);
      break;
    case 'MATCH':
      break;
  }
  return record;
}

// ─── The people it knows ──────────────────────────────────────────────────────────────────────────

/** Modular inverse of the generator's serial multiplier (7919) modulo 10^6, by extended Euclid. */
function inverseModulo(value: number, modulus: number): number {
  let [oldR, r] = [value, modulus];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const quotient = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  const inverse = ((oldS % modulus) + modulus) % modulus;
  if ((value * inverse) % modulus !== 1) throw new Error('no modular inverse');
  return inverse;
}

const serialModulus = 1_000_000;
const serialInverse = inverseModulo(7919, serialModulus);

/**
 * The demo person with this ID, without holding the data set in memory: the generator's 6-digit
 * serial is (index·7919 + 104729) mod 10^6, so the serial gives the index modulo 10^6 and at most
 * size/10^6 + 1 candidates, each regenerated and compared in full (a change in the generator shows
 * up as "not found", never as a wrong person).
 */
function demoPerson(personalId: string, options: Pick<PopulationSimulatorOptions, 'seed' | 'size' | 'today'>): BasePerson | undefined {
  const serial = Number(personalId.slice(6));
  const remainder = ((((serial - 104729) % serialModulus) + serialModulus) * serialInverse) % serialModulus;
  const blocks = Math.ceil(options.size / serialModulus);
  for (let block = 0; block < blocks; block++) {
    const index = block * serialModulus + remainder;
    if (index >= options.size) break;
    const row = demoRows(index, { seed: options.seed, today: options.today })[0]!;
    if (row.so_dinh_danh === personalId) return personOfRow(row);
  }
  return undefined;
}

function personOfRow(row: Readonly<Record<string, string | undefined>>): BasePerson | undefined {
  const personalId = (row.so_dinh_danh ?? '').trim();
  const birthDate = parseDateLoose(row.ngay_sinh ?? '');
  const fullName = (row.ho_ten ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!/^\d{12}$/.test(personalId) || !birthDate || fullName === '') return undefined;
  const sex = /^(nam|m|male)$/i.test((row.gioi_tinh ?? '').trim()) ? 'M' : 'F';
  return { personalId, fullName, birthDate, sex, communeCode: (row.ma_don_vi ?? '').trim() };
}

/** The people of import-template files, keyed by personal ID (a later file wins). */
async function loadTemplatePeople(paths: readonly string[]): Promise<Map<string, BasePerson>> {
  const people = new Map<string, BasePerson>();
  for (const path of paths) {
    let header: string[] | null = null;
    for await (const { cells } of readSheet(path, formatOfFile(path))) {
      if (header === null) {
        header = cells.map((cell) => cell.replace(/^\uFEFF/, '').trim().toLowerCase());
        continue;
      }
      const row = Object.fromEntries(header.map((key, index) => [key, cells[index] ?? '']));
      const person = personOfRow(row);
      if (person) people.set(person.personalId, person);
      if (people.size > simulatorBounds.extraPeopleMax) {
        throw domainError('SIMULATOR_DATA_TOO_LARGE', 400, 'Tệp dữ liệu mô phỏng quá lớn', 'The simulator data files are too large', { path });
      }
    }
  }
  return people;
}

function personOfOverride(personalId: string, override: PopulationOverride | undefined): BasePerson | undefined {
  if (!override?.fullName || !override.birthDate) return undefined;
  return { personalId, fullName: override.fullName, birthDate: override.birthDate, sex: override.sex ?? 'F', communeCode: override.residenceCommuneCode ?? '' };
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────────

const lookupBodySchema = {
  type: 'object',
  required: ['ids'],
  additionalProperties: false,
  properties: { ids: { type: 'array', maxItems: populationIdsPerRequestMax, items: { type: 'string', pattern: '^\\d{12}$' } } },
} as const;

const overrideSchema = {
  type: 'object',
  required: ['status'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: outcomes },
    fullName: { type: 'string', minLength: 1, maxLength: 200 },
    birthDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    sex: { type: 'string', enum: ['M', 'F'] },
    deathDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    residenceCommuneCode: { type: 'string', pattern: '^\\d{5}$' },
  },
} as const;

const overridesBodySchema = {
  type: 'object',
  required: ['overrides'],
  additionalProperties: false,
  properties: {
    overrides: { type: 'object', maxProperties: populationIdsPerRequestMax * 20, propertyNames: { pattern: '^\\d{12}$' }, additionalProperties: overrideSchema },
    replace: { type: 'boolean' },
  },
} as const;

/** An error Fastify answers with 400 (the admin endpoint's caller sent something unusable). */
function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

function validateOverrides(overrides: Record<string, PopulationOverride>): void {
  for (const [id, override] of Object.entries(overrides)) {
    for (const date of [override.birthDate, override.deathDate]) {
      if (date !== undefined && !isValidIsoDate(date)) throw badRequest(`invalid date ${date} in the override of ${id}`);
    }
  }
}

function sameKey(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startPopulationSimulator(options: PopulationSimulatorOptions): Promise<PopulationSimulator> {
  if (!isValidIsoDate(options.today)) throw new Error(`today must be an ISO date, got ${options.today}`);
  if (!Number.isInteger(options.size) || options.size < 0 || options.size > limits.demoBeneficiariesMax) throw new Error(`size must be 0–${limits.demoBeneficiariesMax}`);
  const failRate = Math.min(Math.max(options.failRate ?? 0, 0), 1);
  const latencyMs = Math.min(Math.max(options.latencyMs ?? 0, 0), simulatorBounds.latencyMsMax);
  const extraPaths = typeof options.extraCsv === 'string' ? [options.extraCsv] : [...(options.extraCsv ?? [])];
  const extraPeople = await loadTemplatePeople(extraPaths);
  let overrides = new Map<string, PopulationOverride>(Object.entries(options.overrides ?? {}));
  validateOverrides(options.overrides ?? {});
  const failures = new Random(options.seed ^ 0x0fa11);

  const answer = (personalId: string): PopulationRecord => {
    const override = overrides.get(personalId);
    const person = extraPeople.get(personalId) ?? demoPerson(personalId, options) ?? personOfOverride(personalId, override);
    if (!person) return notFound(personalId);
    return simulatedRecord(person, override?.status ?? hashedOutcome(personalId), options.today, override);
  };

  // forceCloseConnections: close() must not wait for clients' keep-alive sockets (tests stop it often).
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024, forceCloseConnections: true });
  const requireKey = async (request: FastifyRequest, reply: FastifyReply) => {
    if (options.apiKey && !sameKey(request.headers[populationApiKeyHeader], options.apiKey)) {
      return reply.code(401).send({ code: 'UNAUTHORIZED', message: 'missing or wrong API key' });
    }
  };

  app.get('/health', async () => ({ status: 'ok', demoPeople: options.size, extraPeople: extraPeople.size, overrides: overrides.size }));

  app.post<{ Body: { ids: string[] } }>('/v1/citizens/lookup', { schema: { body: lookupBodySchema }, preHandler: requireKey }, async (request, reply) => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (failRate > 0 && failures.next() < failRate) return reply.code(503).header('retry-after', '0').send({ code: 'UNAVAILABLE', message: 'simulated outage' });
    const response: PopulationLookupResponse = { results: [...new Set(request.body.ids)].map(answer) };
    return response;
  });

  app.post<{ Body: { overrides: Record<string, PopulationOverride>; replace?: boolean } }>(
    '/admin/overrides',
    { schema: { body: overridesBodySchema }, preHandler: requireKey },
    async (request) => {
      validateOverrides(request.body.overrides);
      if (request.body.replace) overrides = new Map();
      for (const [id, override] of Object.entries(request.body.overrides)) overrides.set(id, override);
      if (overrides.size > simulatorBounds.overridesMax) throw badRequest(`at most ${simulatorBounds.overridesMax} overrides`);
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
    setOverrides(next, replace = false) {
      validateOverrides(next);
      if (replace) overrides = new Map();
      for (const [id, override] of Object.entries(next)) overrides.set(id, override);
    },
    close: () => app.close(),
  };
}
