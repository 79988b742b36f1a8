import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** In development Vite serves the UI and proxies the API (DROVER_API, default http://127.0.0.1:8080). */
const api = process.env.DROVER_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/socket.io': { target: api, ws: true },
    },
  },
});
