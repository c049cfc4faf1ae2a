// SPDX-License-Identifier: MPL-2.0
// A plain webpack 5 app with two pages: one at the root, one in a subdirectory. Nothing here is specific to
// breachcheck-widget: webpack finds the worker, the engine glue and the .wasm through the package's own
// `new Worker(new URL(...), ...)` and `new URL(..., import.meta.url)` expressions.
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default {
  entry: './src/main.js',
  output: { path: here('./dist'), filename: '[name].[contenthash].js', clean: true },
  // Production builds only: webpack's development devtool uses eval, which a strict CSP refuses.
  devtool: false,
  plugins: [
    new HtmlWebpackPlugin({ template: here('./src/page.html'), filename: 'index.html' }),
    new HtmlWebpackPlugin({ template: here('./src/page.html'), filename: 'espace-adherent/verifier/index.html' }),
  ],
  // `webpack serve`: the data set and its config are static files under public/ (written by the test).
  devServer: { static: here('./public'), historyApiFallback: false, hot: false, liveReload: false },
};
