import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run build:web` runs from the repository root with --config web/vite.config.ts; resolving
// paths from this file keeps the build independent of the working directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const apiServer = process.env.ASXH_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npm run dev` (API on :3000) + `npx vite --config web/vite.config.ts`: same-origin cookies via the proxy.
    proxy: {
      '/api': apiServer,
      '/health': apiServer,
    },
  },
});
