import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { providerSignatureHeader, signedContent, type ProviderErrorBody } from '../../adapters/providers/provider-protocol.js';
import { verifyWebhook } from '../../modules/formats/webhook.js';
import {
  checkedOutcome,
  defaultConfig,
  hashedOutcome,
  mergeConfig,
  simulatorBounds,
  SimulatorInputError,
  type ProviderKind,
  type SimulatedOutcome,
  type SimulatorConfig,
} from './simulator-config.js';

/**
 * What the three provider simulators share: configuration and forced outcomes, request
 * signatures, counters that tests compare ("each batch processed exactly once, no payment paid
 * twice"), cancellable delays and the admin endpoints (`/admin/config`, `/admin/outcomes`,
 * `/admin/stats`, `/admin/reset`). No database: state lives in memory for the process's life.
 */

export interface ProviderSimulatorOptions {
  kind: ProviderKind;
  /** 0 = any free port. */
  port: number;
  host?: string;
  seed: number;
  /** The endpoint secret shared with ASXH Pay: verifies our requests, signs callbacks. */
  secret: string;
  /** Forced outcomes per end-to-end id (as POST /admin/outcomes). */
  outcomes?: Record<string, SimulatedOutcome>;
  /** Rates and behaviours (as POST /admin/config). */
  config?: Partial<SimulatorConfig>;
  /** Injected clock (tests with a fake clock sign with the same time the server checks). */
  now?: () => Date;
  /** Used to deliver callbacks. */
  fetch?: typeof fetch;
  /**
   * Wallet: called with every G2P Connect message the simulator receives or sends (requests,
   * answers, callbacks and the answers to them), so a test can check the whole conversation
   * against the published API. A throw on a received request refuses it (ERR err.request.bad).
   */
  validate?: G2pMessageCheck;
  /**
   * Bank: called with every ISO 20022 document the simulator accepts (pain.001) or publishes
   * (pain.002, camt.052/camt.054), so a test can check them against the official XSDs.
   */
  isoDocument?: IsoDocumentHook;
}

export type IsoDocumentHook = (direction: 'received' | 'sent', xml: string) => void;

/** The G2P Connect operations (the OpenAPI paths) whose messages a `validate` hook sees. */
export type G2pOperation = '/disburse' | '/on-disburse' | '/disburse/txn/status' | '/disburse/txn/on-status' | '/disburse/sync/txn/status';
export type G2pMessageCheck = (part: 'request' | 'response', operation: G2pOperation, body: unknown, httpStatus: number | null) => void;

export interface SimulatorStats {
  /** Every submission received, duplicates and replays included. */
  submissions: number;
  /** Batch (MsgId / idempotency key / list id) → times it was processed: must be 1. */
  processed: Record<string, number>;
  /** Submissions recognised as already processed and acknowledged without processing. */
  duplicates: number;
  /** Idempotent replays of a stored answer (same key, same body). */
  replays: number;
  /** 409 answers: the same key while the original was in progress. */
  conflicts: number;
  /** 422 answers: a key or MsgId reused with different content. */
  mismatches: number;
  /** Submissions refused as invalid. */
  refused: number;
  unauthorized: number;
  statusQueries: number;
  reportsServed: number;
  callbacks: { sent: number; delivered: number; failed: number; duplicates: number; late: number };
  /** End-to-end id → times it was paid out: must be at most 1. */
  payouts: Record<string, number>;
}

export interface ProviderSimulator {
  kind: ProviderKind;
  url: string;
  configure(patch: Partial<SimulatorConfig>): SimulatorConfig;
  forceOutcomes(outcomes: Record<string, SimulatedOutcome>, replace?: boolean): void;
  outcomeOf(endToEndId: string): SimulatedOutcome;
  stats(): SimulatorStats;
  /** Resolves when no callback delivery (late ones included) is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function emptyStats(): SimulatorStats {
  return {
    submissions: 0,
    processed: {},
    duplicates: 0,
    replays: 0,
    conflicts: 0,
    mismatches: 0,
    refused: 0,
    unauthorized: 0,
    statusQueries: 0,
    reportsServed: 0,
    callbacks: { sent: 0, delivered: 0, failed: 0, duplicates: 0, late: 0 },
    payouts: {},
  };
}

export class SimulatorRuntime {
  config: SimulatorConfig;
  stats: SimulatorStats = emptyStats();
  readonly kind: ProviderKind;
  readonly seed: number;
  readonly secret: string;
  readonly now: () => Date;
  readonly fetch: typeof fetch;
  readonly validate: G2pMessageCheck | null;
  readonly isoDocument: IsoDocumentHook | null;
  private forced = new Map<string, SimulatedOutcome>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly resets: (() => void)[] = [];
  private readonly closing = new AbortController();

  constructor(options: ProviderSimulatorOptions) {
    this.kind = options.kind;
    this.seed = options.seed;
    this.secret = options.secret;
    this.now = options.now ?? (() => new Date());
    this.fetch = options.fetch ?? fetch;
    this.validate = options.validate ?? null;
    this.isoDocument = options.isoDocument ?? null;
    this.config = mergeConfig(options.kind, defaultConfig(options.kind), options.config ?? {});
    this.forceOutcomes(options.outcomes ?? {}, true);
  }

  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  outcomeOf(endToEndId: string): SimulatedOutcome {
    return this.forced.get(endToEndId) ?? hashedOutcome(this.kind, this.seed, endToEndId, this.config.rates);
  }

  forceOutcomes(outcomes: Record<string, SimulatedOutcome>, replace = false): void {
    const next = replace ? new Map<string, SimulatedOutcome>() : new Map(this.forced);
    for (const [endToEndId, outcome] of Object.entries(outcomes)) next.set(endToEndId, checkedOutcome(this.kind, outcome, `outcomes.${endToEndId}`));
    if (next.size > simulatorBounds.forcedOutcomesMax) throw new SimulatorInputError(`at most ${simulatorBounds.forcedOutcomesMax} forced outcomes`);
    this.forced = next;
  }

  configure(patch: unknown): SimulatorConfig {
    this.config = mergeConfig(this.kind, this.config, patch);
    return this.config;
  }

  /** Counts one processing of a batch and one payout per paid item (the "exactly once" evidence). */
  recordProcessed(batchKey: string, paidEndToEndIds: readonly string[]): void {
    this.stats.processed[batchKey] = (this.stats.processed[batchKey] ?? 0) + 1;
    for (const id of paidEndToEndIds) this.stats.payouts[id] = (this.stats.payouts[id] ?? 0) + 1;
  }

  /** Whether the request carries a valid signature of its body (or of METHOD path for a GET). */
  verify(request: FastifyRequest): boolean {
    const header = request.headers[providerSignatureHeader];
    const body = typeof request.body === 'string' ? request.body : null;
    const valid = typeof header === 'string' && verifyWebhook(this.secret, signedContent(request.method, request.url, body), header, { nowSeconds: this.nowSeconds() }).valid;
    if (!valid) this.stats.unauthorized++;
    return valid;
  }

  /** A delay that close() cuts short, so closing never waits for a hanging answer. */
  pause(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closing.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.closing.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, milliseconds);
      this.closing.signal.addEventListener('abort', done, { once: true });
    });
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Background work (callback deliveries) that idle() waits for. */
  track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  async idle(): Promise<void> {
    // Deliveries may schedule further deliveries (a late callback), hence the loop; bounded by close().
    for (let round = 0; round < 100 && this.pending.size > 0; round++) await Promise.all([...this.pending]);
  }

  onReset(reset: () => void): void {
    this.resets.push(reset);
  }

  reset(): void {
    this.stats = emptyStats();
    for (const reset of this.resets) reset();
  }

  close(): void {
    this.closing.abort();
  }
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body: ProviderErrorBody = { errors: [{ code, message }] };
  return reply.code(status).send(body);
}

export function unauthorized(reply: FastifyReply): FastifyReply {
  return sendError(reply, 401, 'err.request.unauthorized', 'missing, expired or wrong X-Asxh-Signature');
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new SimulatorInputError('the body is not JSON');
  }
}

/** The HTTP app with raw-string bodies (signatures cover raw bytes) and the admin endpoints. */
export function createSimulatorApp(runtime: SimulatorRuntime): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 512 * 1024 * 1024, forceCloseConnections: true });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  for (const type of ['application/json', 'application/xml', 'text/xml', 'text/csv', 'text/plain']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  }
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error instanceof SimulatorInputError ? 400 : (error.statusCode ?? 500);
    return sendError(reply, status, status >= 500 ? 'err.service.unavailable' : 'err.request.bad', error.message);
  });

  app.get('/health', async () => ({ status: 'ok', kind: runtime.kind }));
  app.get('/admin/config', async () => runtime.config);
  app.post('/admin/config', async (request) => runtime.configure(parseJson(request.body)));
  app.post('/admin/outcomes', async (request) => {
    const body = parseJson(request.body) as { outcomes?: unknown; replace?: unknown };
    if (typeof body.outcomes !== 'object' || body.outcomes === null) throw new SimulatorInputError('outcomes must be an object: end-to-end id → outcome');
    runtime.forceOutcomes(body.outcomes as Record<string, SimulatedOutcome>, body.replace === true);
    return { forced: Object.keys(body.outcomes).length };
  });
  app.get('/admin/stats', async () => runtime.stats);
  app.post('/admin/reset', async () => {
    runtime.reset();
    return { reset: true };
  });
  return app;
}

/** Listens and wraps the runtime as the public simulator handle. */
export async function listen(app: FastifyInstance, runtime: SimulatorRuntime, options: ProviderSimulatorOptions): Promise<ProviderSimulator> {
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  return {
    kind: runtime.kind,
    url,
    configure: (patch) => runtime.configure(patch),
    forceOutcomes: (outcomes, replace) => runtime.forceOutcomes(outcomes, replace),
    outcomeOf: (endToEndId) => runtime.outcomeOf(endToEndId),
    stats: () => structuredClone(runtime.stats),
    idle: () => runtime.idle(),
    close: async () => {
      runtime.close();
      await app.close();
    },
  };
}
