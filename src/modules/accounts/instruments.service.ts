/** The payment instruments as other modules read them (the accounts module's face). */
export { instrumentsRelation } from './instruments.repository.js';
