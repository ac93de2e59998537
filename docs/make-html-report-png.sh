#!/bin/sh
# Regenerate docs/html-report.png and docs/html-report-390.png: the HTML export of the committed
# checklists/ as of 2024-07-15, after ticking a few tasks in a temporary copy, shot by headless
# Chromium at 1280 px (a desktop) and at 390 px (a phone: the task table becomes cards; the
# picture shows the top of the page and the first cards).
# Usage (from the repository root): sh docs/make-html-report-png.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
lawgov="$root/.venv/bin/lawgov"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/checklists" "$tmp/ws"
run() { "$lawgov" --dir "$tmp/ws" --as-of 2024-07-15 "$@" >/dev/null; }
run done M1.1 M1.3 M2.2 M3.2 --on 2024-05-20 --by 办公室 --note "已按计划完成"
run done D1 D2 --on 2024-06-28 --by 办公室
run done R3 --on 2024-07-10 --by 司法局 --evidence "南开司法〔2024〕7号"
run start M3.3 M3.4 M6.1 M6.3 P1.2 --by 办公室
run done M4.4 --period 2024-01 --by 司法局
run done M4.4 --period 2024-02 --by 司法局
run done M4.4 --period 2024-03 --by 司法局
run done M2.5 --period 2024-Q1 --by 发展改革委
run drop P1.1 --reason "并入P1.2统一推进" --by 办公室
"$lawgov" --dir "$tmp/ws" --as-of 2024-07-15 export -o "$tmp/report.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$tmp/profile" --window-size=1280,1640 \
  --screenshot="$root/docs/html-report.png" "file://$tmp/report.html" >/dev/null 2>&1
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$tmp/profile" --window-size=390,4400 \
  --screenshot="$tmp/narrow.png" "file://$tmp/report.html" >/dev/null 2>&1
cp "$tmp/narrow.png" "$root/docs/html-report-390.png"
echo "wrote $root/docs/html-report.png and $root/docs/html-report-390.png"
