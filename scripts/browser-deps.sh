#!/usr/bin/env bash
# In CI only: install Chromium and a CJK font from the system packages (skipped when already present).
set -uo pipefail
[ "${CI:-}" = "true" ] || exit 0
if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "cjk"; then exit 0; fi
command -v apt-get >/dev/null 2>&1 || exit 1
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
