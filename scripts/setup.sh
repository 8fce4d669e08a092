#!/usr/bin/env bash
# Set up everything archivist needs on Debian 12 (bookworm) with Python 3.11:
# the Debian packages it calls (installed only when missing) and a virtualenv in .venv.
# Usage: scripts/setup.sh            (runtime only)
#        scripts/setup.sh --test     (runtime + test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(jing fonts-noto-cjk fonts-noto-core libharfbuzz-subset0 poppler-utils fontconfig libpango-1.0-0 libpangoft2-1.0-0)
command -v java >/dev/null 2>&1 || DEBS+=(default-jre-headless)
if [ "${1:-}" = "--test" ]; then
  DEBS+=(chromium pandoc)                      # Ace by DAISY's browser; the benchmark's baseline
  command -v npm >/dev/null 2>&1 || DEBS+=(nodejs npm)
fi
missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q -e ".${extra}"
if [ "${1:-}" = "--test" ] && [ ! -x .tools/ace/node_modules/.bin/ace-cli ]; then
  echo "setup: installing Ace by DAISY into .tools/ace"
  mkdir -p .tools/ace
  (cd .tools/ace && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund @daisy/ace-cli >/dev/null)
fi
echo "setup: ready (.venv/bin/archivist)"
