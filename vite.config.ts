import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: served by the control listener at / and loaded by Electron from file://, hence base './'. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
