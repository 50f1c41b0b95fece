import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// One build tool for all three parts. Main and preload bundle `shared/`; native and runtime
// dependencies stay external (they ship in app.asar), renderer-only packages are bundled.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The backup worker is its own entry: main/backup/runner.ts starts out/main/backupWorker.js.
      rolldownOptions: { input: { index: resolve(__dirname, 'main/index.ts'), backupWorker: resolve(__dirname, 'main/backup/worker.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
