#!/usr/bin/env bash
# Set up .venv (if needed) and start the app on 127.0.0.1 with the bundled corpus and the offline drafter.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 "$@"
