#!/usr/bin/env bash
# One command: set everything up, then package seeds/ into out/ (BagIt bundles).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The shipped example configuration (it says plainly that it is an example); for real
# deposits write your own with `.venv/bin/archivist init` and pass --config archivist.toml.
exec .venv/bin/archivist package seeds -o out --config examples/archivist.example.toml "$@"
