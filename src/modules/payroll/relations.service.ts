/**
 * Payroll's published relations for modules above it whose code the composition (app/context.ts)
 * loads as a port: this file imports no service, so such a module does not reach the context.
 */
export { cyclesRelation, payableLinesRelation } from './payroll.repository.js';
