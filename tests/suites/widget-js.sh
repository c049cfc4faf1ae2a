#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The widget's Node unit tests (readers, NIR formatting, strings) with Node's built-in test runner.
set -euo pipefail
cd "$(dirname "$0")/../.."
node --test tests/js/
