import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from './context.js';
import { registryRoutes } from '../modules/registry/registry.routes.js';
import { payrollRoutes } from '../modules/payroll/payroll.routes.js';
import { oneOffRoutes } from '../modules/payroll/oneoff.routes.js';
import { accountsRoutes } from '../modules/accounts/accounts.routes.js';
import { verificationRoutes } from '../modules/accounts/verification.routes.js';
import { populationRoutes } from '../modules/population/population.routes.js';
import { qualityRoutes } from '../modules/quality/quality.routes.js';
import { disbursementRoutes } from '../modules/disbursement/disbursement.routes.js';
import { providerProfileRoutes } from '../modules/disbursement/providers.routes.js';
import { g2pCallbackRoutes } from '../modules/disbursement/callbacks.routes.js';
import { payersRoutes } from '../modules/payers/payers.routes.js';
import { feesRoutes } from '../modules/fees/fees.routes.js';
import { reportingRoutes } from '../modules/reporting/reporting.routes.js';
import { submissionsRoutes } from '../modules/submissions/submissions.routes.js';
import { settlementRoutes } from '../modules/disbursement/settlement.routes.js';
import { cashPointRoutes } from '../modules/disbursement/cashpoints.routes.js';
import { cashCorrectionRoutes } from '../modules/disbursement/cash-corrections.routes.js';
import { complaintsRoutes } from '../modules/complaints/complaints.routes.js';
import { beneficiaryRoutes } from '../modules/beneficiary/beneficiary.routes.js';
import { notificationRoutes, smsCallbackRoutes } from '../modules/notifications/notifications.routes.js';

/**
 * Domain capabilities register their routes here (registry, accounts, payroll, disbursement …),
 * each as its own encapsulated plugin.
 */
export function moduleRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(registryRoutes(ctx));
    await app.register(payrollRoutes(ctx));
    await app.register(oneOffRoutes(ctx));
    await app.register(accountsRoutes(ctx));
    await app.register(verificationRoutes(ctx));
    await app.register(populationRoutes(ctx));
    await app.register(qualityRoutes(ctx));
    await app.register(disbursementRoutes(ctx));
    await app.register(providerProfileRoutes(ctx));
    await app.register(payersRoutes(ctx));
    await app.register(feesRoutes(ctx));
    await app.register(settlementRoutes(ctx));
    await app.register(cashPointRoutes(ctx));
    await app.register(cashCorrectionRoutes(ctx));
    await app.register(reportingRoutes(ctx));
    await app.register(submissionsRoutes(ctx));
    await app.register(complaintsRoutes(ctx));
    await app.register(beneficiaryRoutes(ctx));
    await app.register(notificationRoutes(ctx));
    // Its own plugin: it replaces the JSON parser (raw body for the signature) in its scope only.
    await app.register(g2pCallbackRoutes(ctx));
    await app.register(smsCallbackRoutes(ctx));
  };
}
