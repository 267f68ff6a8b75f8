#!/usr/bin/env bash
# Set up .venv (if needed) and start the app on 127.0.0.1 with the bundled corpus and the offline drafter.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
# Another address (e.g. --server.address 0.0.0.0) is said, and refused unless NIANBAO_ALLOW_NETWORK=1 (no sign-in).
.venv/bin/python -m ui.network --server.address 127.0.0.1 "$@" || exit 2
exec .venv/bin/streamlit run app.py --server.address 127.0.0.1 "$@"
