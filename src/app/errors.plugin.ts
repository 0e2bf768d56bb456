import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, domainError, errors, isAppError } from '../core/errors.js';
import { AssertionError } from '../core/assert.js';
import { limits } from '../limits.js';
import { languageOf } from './http.js';

/** One schema failure as ajv reports it (Fastify's `error.validation`). */
interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A failure of one field, in both languages, with a stable code (the web shows `message` or `messageEn`). */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
  messageEn: string;
}

const locationNames: Record<string, { vi: string; en: string }> = {
  body: { vi: 'nội dung', en: 'body' },
  querystring: { vi: 'tham số truy vấn', en: 'query string' },
  params: { vi: 'đường dẫn', en: 'path' },
  headers: { vi: 'tiêu đề', en: 'headers' },
};

function listOf(values: unknown): string {
  return (Array.isArray(values) ? values : [values]).map((value) => JSON.stringify(value)).join(', ');
}

/** The code and the two messages of one ajv keyword; the field is named by the caller. */
function describeIssue(issue: SchemaIssue): { code: string; vi: string; en: string } {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { code: 'FIELD_REQUIRED', vi: 'bắt buộc phải có', en: 'is required' };
    case 'additionalProperties':
      return { code: 'FIELD_UNKNOWN', vi: 'không được phép (trường không có trong mô tả)', en: 'is not allowed (not a known field)' };
    case 'type':
      return { code: 'FIELD_TYPE', vi: `phải có kiểu ${String(p.type)}`, en: `must be of type ${String(p.type)}` };
    case 'minLength':
      return { code: 'FIELD_TOO_SHORT', vi: `phải có ít nhất ${String(p.limit)} ký tự`, en: `must have at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { code: 'FIELD_TOO_LONG', vi: `không được dài quá ${String(p.limit)} ký tự`, en: `must have at most ${String(p.limit)} characters` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { code: 'FIELD_TOO_SMALL', vi: `phải ${String(p.comparison)} ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { code: 'FIELD_TOO_LARGE', vi: `phải ${String(p.comparison)} ${String(p.limit)}`, en: `must be ${String(p.comparison)} ${String(p.limit)}` };
    case 'minItems':
      return { code: 'FIELD_TOO_FEW_ITEMS', vi: `phải có ít nhất ${String(p.limit)} phần tử`, en: `must have at least ${String(p.limit)} items` };
    case 'maxItems':
      return { code: 'FIELD_TOO_MANY_ITEMS', vi: `không được quá ${String(p.limit)} phần tử`, en: `must have at most ${String(p.limit)} items` };
    case 'uniqueItems':
      return { code: 'FIELD_DUPLICATE_ITEMS', vi: 'có phần tử trùng nhau', en: 'has duplicate items' };
    case 'pattern':
      return { code: 'FIELD_FORMAT', vi: 'sai định dạng', en: 'has the wrong format' };
    case 'format':
      return { code: 'FIELD_FORMAT', vi: `sai định dạng ${String(p.format)}`, en: `must be a valid ${String(p.format)}` };
    case 'enum':
      return { code: 'FIELD_NOT_ALLOWED', vi: `phải là một trong: ${listOf(p.allowedValues)}`, en: `must be one of: ${listOf(p.allowedValues)}` };
    case 'const':
      return { code: 'FIELD_NOT_ALLOWED', vi: `phải là ${listOf(p.allowedValue)}`, en: `must be ${listOf(p.allowedValue)}` };
    case 'anyOf':
    case 'oneOf':
      return { code: 'FIELD_NOT_ALLOWED', vi: 'không khớp với dạng nào được chấp nhận', en: 'matches none of the accepted forms' };
    case 'multipleOf':
      return { code: 'FIELD_NOT_ALLOWED', vi: `phải là bội số của ${String(p.multipleOf)}`, en: `must be a multiple of ${String(p.multipleOf)}` };
    default:
      return { code: 'FIELD_INVALID', vi: 'không hợp lệ', en: issue.message ? `is invalid (${issue.message})` : 'is invalid' };
  }
}

function fieldOf(issue: SchemaIssue): string {
  const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.').replace(/~1/g, '/').replace(/~0/g, '~');
  const child = issue.keyword === 'required' ? issue.params.missingProperty : issue.keyword === 'additionalProperties' ? issue.params.additionalProperty : undefined;
  if (typeof child !== 'string') return base;
  return base ? `${base}.${child}` : child;
}

/**
 * Fastify's schema failures as bilingual field issues. A union of literals fails every branch
 * (one `const` each) and then `anyOf`: those become one issue listing the accepted values.
 */
export function fieldIssues(validation: readonly SchemaIssue[]): FieldIssue[] {
  const byField = new Map<string, SchemaIssue[]>();
  for (const issue of validation) {
    const field = fieldOf(issue);
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  const result: FieldIssue[] = [];
  for (const [field, issues] of byField) {
    const union = issues.find((issue) => issue.keyword === 'anyOf' || issue.keyword === 'oneOf');
    const constants = issues.filter((issue) => issue.keyword === 'const').map((issue) => issue.params.allowedValue);
    const chosen: SchemaIssue[] = union
      ? [constants.length > 0 ? { keyword: 'enum', instancePath: union.instancePath, params: { allowedValues: constants } } : union]
      : issues;
    const seen = new Set<string>();
    for (const issue of chosen) {
      const text = describeIssue(issue);
      const name = field || '(root)';
      const entry = { field, code: text.code, message: `«${name}» ${text.vi}`, messageEn: `"${name}" ${text.en}` };
      if (seen.has(entry.message)) continue;
      seen.add(entry.message);
      result.push(entry);
    }
  }
  return result;
}

function validationError(error: FastifyError): AppError {
  const issues = fieldIssues((error.validation ?? []) as SchemaIssue[]);
  const location = error.validationContext ?? 'body';
  const where = locationNames[location] ?? { vi: location, en: location };
  const first = issues[0];
  const more = issues.length - 1;
  const vi = first
    ? `Dữ liệu gửi lên không hợp lệ (${where.vi}): ${first.message}${more > 0 ? ` và ${more} lỗi khác` : ''}`
    : 'Dữ liệu gửi lên không hợp lệ';
  const en = first
    ? `The request is invalid (${where.en}): ${first.messageEn}${more > 0 ? ` and ${more} more` : ''}`
    : 'The request is invalid';
  return errors.validation({ location, context: location, field: first?.field ?? null, issues }, { vi, en });
}

/** Bodies and uploads over their bound (Fastify's body limit, @fastify/multipart's file and part limits). */
function tooLarge(error: FastifyError, request: FastifyRequest): AppError {
  const upload = error.code === 'FST_REQ_FILE_TOO_LARGE';
  const parts = error.code === 'FST_FILES_LIMIT' || error.code === 'FST_PARTS_LIMIT' || error.code === 'FST_FIELDS_LIMIT';
  if (parts) {
    return domainError('BODY_TOO_MANY_PARTS', 413, 'Gửi quá nhiều tệp hoặc trường trong một lần', 'Too many files or fields in one request', { reason: error.code });
  }
  const limitBytes = upload ? limits.uploadBytesMax : request.routeOptions.bodyLimit ?? limits.requestBodyBytesMax;
  const size = limitBytes >= 1024 * 1024 ? `${Math.floor(limitBytes / (1024 * 1024))} MB` : `${Math.floor(limitBytes / 1024)} KB`;
  return domainError(
    'BODY_TOO_LARGE',
    413,
    upload ? `Tệp gửi lên quá lớn (tối đa ${size})` : `Dữ liệu gửi lên quá lớn (tối đa ${size})`,
    upload ? `The uploaded file is too large (at most ${size})` : `The request body is too large (at most ${size})`,
    { limitBytes },
  );
}

/** Maps database constraint violations that can reach the user onto stable codes. */
function fromDatabaseError(error: { code?: string; constraint?: string; detail?: string }): AppError | undefined {
  if (error.code === '23505') return errors.conflict({ constraint: error.constraint });
  if (error.code === '23514') return errors.validation({ constraint: error.constraint }, { vi: 'Dữ liệu vi phạm ràng buộc', en: 'The data violates a constraint' });
  if (error.code === '23503') return errors.validation({ constraint: error.constraint }, { vi: 'Dữ liệu tham chiếu không tồn tại', en: 'Referenced data does not exist' });
  return undefined;
}

/** One error shape everywhere: `{code, message, details}`, message in the request's language. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { cause?: unknown }, request, reply) => {
    const language = languageOf(request);
    let appError: AppError;
    if (isAppError(error)) appError = error;
    else if (error.validation) appError = validationError(error);
    else if (error.statusCode === 429) appError = errors.rateLimited();
    else if (error.statusCode === 413) appError = tooLarge(error, request);
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 && !(error instanceof AssertionError)) {
      appError = errors.validation({ reason: error.message });
    } else {
      const database = fromDatabaseError((error.cause ?? error) as { code?: string });
      if (database) appError = database;
      else appError = errors.internal({ requestId: request.id });
    }
    // Logged once, through the logger's error serialiser (app/logging.ts): type, code and stack
    // frames, never the error's details or a failed query's parameters (a batch's rows).
    if (appError.status >= 500) request.log.error({ err: error }, 'server error');
    // The rest of a refused large body is never read: close the connection after the answer
    // rather than keep a socket whose upload can neither finish nor be reused.
    if (appError.status === 413) reply.header('connection', 'close');
    return reply.code(appError.status).send(appError.toBody(language));
  });

  app.setNotFoundHandler((request, reply) => {
    const body = errors.notFound({ path: request.url.split('?')[0] }).toBody(languageOf(request));
    return reply.code(404).send(body);
  });
}
