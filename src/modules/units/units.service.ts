/** Administrative units as other modules look them up (the current 2025 generation by code) and join them. */
export { findCurrentUnit, hasProviders, hasUnits, providersRelation, unitsRelation } from './units.repository.js';
/** Where the units from before 1 July 2025 went (the import maps former codes through it). */
export { legacyUnitTargetsRelation } from './units.repository.js';
/** The payment providers' directory as stored (read by the import and the accounts, written by `asxh providers import`). */
export { listActiveProviders, syncProviders, type ProviderRecord } from './providers.repository.js';
