#!/usr/bin/env bash
# Set up .venv (if needed) and run the whole test suite. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
bash scripts/browser-deps.sh || echo "（浏览器测试依赖未安装，真实浏览器测试将跳过）"
exec .venv/bin/python -m pytest -q "$@"
