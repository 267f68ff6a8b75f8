#!/usr/bin/env bash
# The whole suite once more from a copy of this clone with nothing beside it (no ../shared), as a new user's
# fresh clone sees it: every test that reads ../shared must skip, none may fail. .ci/run calls this after test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/clone"
# tracked and untracked-but-not-ignored files as they are now (so a local run tests the working tree too)
git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$work/clone"
[ ! -e "$work/shared" ] || { echo "副本旁边不应有 shared 目录：$work/shared" >&2; exit 1; }
cd "$work/clone"
echo "== 在没有 ../shared 的副本中再次运行全部测试：$work/clone"
bash scripts/test.sh "$@"
