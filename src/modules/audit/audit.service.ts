/**
 * The audit module as other modules use it: every state change and every bulk view of personal
 * data is recorded through here, in the caller's transaction (the chain is the repository's).
 */
export { recordAudit, verifyAuditChain, type AuditEventInput, type AuditVerifyResult } from './audit.repository.js';
