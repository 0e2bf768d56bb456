import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, errors, isAppError } from '../core/errors.js';
import { AssertionError } from '../core/assert.js';
import { languageOf } from './http.js';

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
    else if (error.validation) {
      appError = errors.validation({
        issues: error.validation.map((issue) => ({
          field: (issue.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || (issue.params as { missingProperty?: string })?.missingProperty || '',
          message: issue.message ?? '',
        })),
        context: error.validationContext,
      });
    } else if (error.statusCode === 429) appError = errors.rateLimited();
    else if (error.statusCode === 413) appError = errors.validation({ reason: 'body too large' }, { vi: 'Dữ liệu gửi lên quá lớn', en: 'Request body too large' });
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500 && !(error instanceof AssertionError)) {
      appError = errors.validation({ reason: error.message });
    } else {
      const database = fromDatabaseError((error.cause ?? error) as { code?: string });
      if (database) appError = database;
      else {
        request.log.error({ err: error }, 'unexpected error');
        appError = errors.internal({ requestId: request.id });
      }
    }
    if (appError.status >= 500) request.log.error({ err: error }, 'server error');
    return reply.code(appError.status).send(appError.toBody(language));
  });

  app.setNotFoundHandler((request, reply) => {
    const body = errors.notFound({ path: request.url.split('?')[0] }).toBody(languageOf(request));
    return reply.code(404).send(body);
  });
}
