import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.js';

/**
 * Domain capabilities register their routes here (registry, accounts, payroll, disbursement …),
 * each as its own encapsulated plugin.
 */
export function moduleRoutes(_ctx: AppContext): FastifyPluginAsyncTypebox {
  return async () => {};
}
