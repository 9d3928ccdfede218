import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The dashboard is served by the API from dist/ (apps/api/src/app/serve-web-app.ts); nothing loads from a CDN.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@meshguard/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be an inline script, which the strict Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    // ECharts is loaded lazily in its own chunk; the warning is about that chunk, not the initial route.
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
