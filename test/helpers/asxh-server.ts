/** `npm start`'s server for child processes in tests (run with `node --import tsx`): src/main.ts itself. */
import '../../src/main.js';
