#!/usr/bin/env node
// The `asxh` command: runs the compiled CLI (build with `npm run build`).
import '../dist/src/cli/main.js';
