import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { isAppError } from '../core/errors.js';

/**
 * The server log holds no personal data (issue #18): no request bodies, cookies, tokens or
 * passwords; no personal IDs, phones or account numbers in URLs, messages or errors; no error
 * details (an import's error may carry the rows of a batch). What stays is enough to follow a
 * request: method, path, status, timing, request id, error type, code and stack frames.
 */

const redacted = '[redacted]';

/**
 * Runs of 8 or more digits, alone or split by single spaces or dots: personal IDs (12 digits, 9 on
 * the old cards), phones (+84 …), bank account and card numbers. Amounts and dates of that length
 * are lost with them, which a log can spare.
 */
const digitRuns = /\+?\d(?:[ .]?\d){7,}/g;

export function scrubLogText(text: string): string {
  return text.replace(digitRuns, redacted);
}

/** The path with long digit runs hidden and every query value replaced (a search may be by personal ID or name). */
export function logUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const cleanPath = scrubLogText(path);
  if (query === undefined) return cleanPath;
  const keys = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => `${scrubLogText(pair.split('=', 1)[0] ?? '').slice(0, 40)}=${redacted}`);
  return `${cleanPath}?${keys.join('&')}`;
}

/** Longest message kept from an error (a failed query's text can be long; its parameters are never kept). */
const errorMessageCharsMax = 2000;
const errorCauseDepthMax = 3;

/**
 * Drizzle's failed-query message ends with the statement's parameters (`\nparams: …`), which are
 * the rows being written: cut them, then hide digit runs in what is left.
 */
function scrubErrorMessage(message: string): string {
  const cut = message.indexOf('\nparams:');
  const kept = cut >= 0 ? `${message.slice(0, cut)}\nparams: ${redacted}` : message;
  return scrubLogText(kept.slice(0, errorMessageCharsMax));
}

/** Fields of database and HTTP errors that name a rule, never a value. */
const errorCodeFields = ['code', 'statusCode', 'status', 'constraint', 'table', 'column', 'routine', 'severity', 'validationContext'] as const;

export function serializeLogError(error: unknown, depth = 0): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(error instanceof Error)) {
    // Already serialised (a child logger's bindings), or something thrown that is not an Error.
    const given = error as { type?: unknown; message?: unknown; stack?: unknown } | null;
    if (given && typeof given === 'object' && typeof given.type === 'string' && typeof given.message === 'string') {
      return { type: given.type, message: scrubLogText(given.message), stack: typeof given.stack === 'string' ? scrubLogText(given.stack) : '' };
    }
    return { type: typeof error, message: redacted, stack: '' };
  }
  const type = error.name || error.constructor.name;
  const message = scrubErrorMessage(error.message);
  // The stack's first lines repeat the message (parameters included): keep only the frames.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const result: { type: string; message: string; stack: string; [key: string]: unknown } = {
    type,
    message,
    stack: scrubLogText([`${type}: ${message.split('\n', 1)[0] ?? ''}`, ...frames].join('\n')),
  };
  const fields = error as unknown as Record<string, unknown>;
  for (const field of errorCodeFields) {
    const value = fields[field];
    if (typeof value === 'string' || typeof value === 'number') result[field] = typeof value === 'string' ? scrubLogText(value) : value;
  }
  // An AppError's details stay out: an import's error may carry a batch's rows.
  if (isAppError(error)) result.code = error.code;
  if (error.cause !== undefined && depth < errorCauseDepthMax) result.cause = serializeLogError(error.cause, depth + 1);
  return result;
}

const structureDepthMax = 6;

/** Keys whose values Pino hands to the serialisers below (pino applies `formatters.log` before them). */
const serialisedKeys = new Set(['err', 'req', 'res']);

/** Every string of a logged object scrubbed; errors under other keys serialised as `err` is; bounded depth. */
function scrubLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) result[key] = serialisedKeys.has(key) ? value : scrubValue(value, 1);
  return result;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubLogText(value);
  if (value instanceof Error) return serializeLogError(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= structureDepthMax) return redacted;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  // Requests, replies and other class instances go through their serialisers (req, res), not here.
  if (prototype !== Object.prototype && prototype !== null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = scrubValue(item, depth + 1);
  return result;
}

/** Where the lines go: stdout by default, a test's capture otherwise. */
export interface LogDestination {
  write(line: string): void;
}

/** Fastify's logger options (Pino's, with Fastify's serialisers and stream). */
export type AppLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Pino `redact` paths: what must never be printed even if some code logs a whole request or body. */
export const redactedLogPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-asxh-cli-token"]',
  'req.headers["x-asxh-signature"]',
  'req.body',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body',
  'password',
  'currentPassword',
  'newPassword',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'token',
  '*.token',
];

/** The logger of the HTTP server: the given level (or `info`), redaction and the serialisers above. */
export function appLoggerOptions(logger: boolean | { level: string } | undefined, destination?: LogDestination): AppLoggerOptions | false {
  if (!logger) return false;
  const level = typeof logger === 'object' ? logger.level : 'info';
  return {
    level,
    redact: { paths: redactedLogPaths, censor: redacted },
    serializers: {
      req: (request: FastifyRequest) => ({ method: request.method, url: logUrl(request.url), remoteAddress: request.ip }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error) => serializeLogError(error),
    },
    formatters: { log: scrubLogObject },
    hooks: {
      // Messages too: Fastify writes e.g. "Route POST:/api/v1/beneficiaries/<id> not found".
      logMethod(args, method) {
        const cleaned = (args as unknown[]).map((item) => (typeof item === 'string' ? scrubLogText(item) : item));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
    ...(destination ? { stream: destination } : {}),
  };
}
