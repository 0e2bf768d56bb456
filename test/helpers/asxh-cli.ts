/** `asxh` for child processes in tests (run with `node --import tsx`). */
import '../../src/cli/main.js';
