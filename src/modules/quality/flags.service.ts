/** The data-quality flags as other modules read them (the quality module's face): `person_id`, `flag`, `details`. */
export { personFlagsRelation } from './registry-port.repository.js';
