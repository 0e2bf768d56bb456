import type { QualityFlags } from '../registry/ports.js';
import { personFlagsRelation } from './registry-port.repository.js';

/** What the quality module provides to the registry (registry/ports.ts), wired in src/app/context.ts. */
export const qualityFlagsOfRegistry: QualityFlags = { personFlagsRelation };
