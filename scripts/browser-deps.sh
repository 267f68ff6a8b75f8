#!/usr/bin/env bash
# In CI only: Chromium and a CJK font from the system packages, Playwright from PyPI — each skipped when present.
set -uo pipefail
[ "${CI:-}" = "true" ] || exit 0
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
if ! "$PY" -c "import playwright.sync_api" 2>/dev/null; then
  "$PY" -m pip install -q --disable-pip-version-check "playwright>=1.45,<2" || exit 1
fi
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "cjk"; then exit 0; fi
command -v apt-get >/dev/null 2>&1 || { echo "没有 apt-get，无法安装 Chromium 和中文字体" >&2; exit 1; }
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
