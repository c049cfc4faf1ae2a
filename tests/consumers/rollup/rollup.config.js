// SPDX-License-Identifier: MPL-2.0
// A plain Rollup configuration: resolve packages from node_modules for the browser, ES module output in dist/.
// Nothing here is specific to breachcheck-widget (its two extra build lines are in web/README.md, "Rollup").
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  input: 'main.js',
  output: { dir: 'dist', format: 'es' },
  plugins: [nodeResolve({ browser: true })],
};
