#!/usr/bin/env bash
# In CI only: Chromium, a CJK font and LibreOffice Writer (the 审阅版 .docx tests open files in it) from the system
# packages, Playwright from PyPI — each skipped when present.
set -uo pipefail
[ "${CI:-}" = "true" ] || exit 0
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
if ! "$PY" -c "import playwright.sync_api" 2>/dev/null; then
  "$PY" -m pip install -q --disable-pip-version-check "playwright>=1.45,<2" || exit 1
fi
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "cjk" && command -v soffice >/dev/null 2>&1; then exit 0; fi
command -v apt-get >/dev/null 2>&1 || { echo "没有 apt-get，无法安装 Chromium、中文字体和 LibreOffice" >&2; exit 1; }
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null || exit 1
# LibreOffice is optional: its tests skip with a reason when it cannot be installed
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer >/dev/null \
  || echo "未能安装 libreoffice-writer：LibreOffice 往返测试将跳过" >&2
