#!/usr/bin/env bash
# One command: set everything up, then package seeds/ into out/ (BagIt bundles).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/archivist package seeds -o out "$@"
