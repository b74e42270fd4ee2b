import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// `npm run build -- --outDir <dir>` puts the static files where `lore serve`
// finds them (the CMake target passes <build>/web). `npm run dev` proxies the
// API to a `lore serve` on 127.0.0.1:8080.
export default defineConfig({
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2020' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
});
