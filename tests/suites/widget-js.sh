#!/usr/bin/env bash
# The widget's Node unit tests (readers, NIR formatting, strings) with Node's built-in test runner.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test tests/js/
