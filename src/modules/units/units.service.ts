/** Administrative units as other modules look them up (the current 2025 generation by code). */
export { findCurrentUnit } from './units.repository.js';
