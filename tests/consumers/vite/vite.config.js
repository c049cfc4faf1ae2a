// SPDX-License-Identifier: MPL-2.0
// A plain Vite app with two pages: one at the root, one in a subdirectory.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const page = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  build: {
    rollupOptions: {
      input: { root: page('./index.html'), verifier: page('./espace-adherent/verifier/index.html') },
    },
  },
  // The one line breachcheck-widget's README asks for, for `vite` (dev server) only: pre-bundling would move
  // the package's modules away from its worker and engine files. `vite build` does not need it.
  optimizeDeps: { exclude: ['breachcheck-widget'] },
});
