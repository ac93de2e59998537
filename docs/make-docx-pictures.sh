#!/bin/sh
# Regenerate the pictures of the Word documents under docs/: the 2024年7月 bulletin and the 2024
# report draft of the committed checklists/ after the simulated year of tests/data/year_2024.txt,
# written with --format docx, converted to PDF by LibreOffice and to PNG by pdftoppm.
# Needs (Debian): libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk.  docs/fonts.conf maps
# the GB/T 9704 faces (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) to Noto CJK for the rendering.
# Usage (from the repository root): sh docs/make-docx-pictures.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
lawgov="$root/.venv/bin/lawgov"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/checklists" "$tmp/ws"
grep -v '^#' "$root/tests/data/year_2024.txt" | while IFS= read -r line; do
  [ -n "$line" ] || continue
  eval "set -- $line"
  as_of=$1
  shift
  "$lawgov" --dir "$tmp/ws" --as-of "$as_of" "$@" >/dev/null
done
"$lawgov" --dir "$tmp/ws" bulletin --month 2024-07 --format docx -o "$tmp/bulletin.docx" >/dev/null
"$lawgov" --dir "$tmp/ws" --as-of 2024-12-31 report --format docx -o "$tmp/report.docx" >/dev/null
for name in bulletin report; do
  FONTCONFIG_FILE="$root/docs/fonts.conf" HOME="$tmp" soffice -env:UserInstallation="file://$tmp/lo" \
    --headless --convert-to pdf --outdir "$tmp" "$tmp/$name.docx" >/dev/null 2>&1
  pdftoppm -r 72 -png "$tmp/$name.pdf" "$tmp/$name"
done
# pdftoppm numbers pages with as many digits as the last page needs: take them in order.
pick() { ls "$tmp"/"$1"-*.png | sed -n "$2p"; }
cp "$(pick bulletin 1)" "$root/docs/docx-bulletin-1.png"
cp "$(pick bulletin 2)" "$root/docs/docx-bulletin-2.png"
cp "$(pick bulletin 3)" "$root/docs/docx-bulletin-3.png"
annex=$(pdftotext -layout "$tmp/bulletin.pdf" - | awk 'BEGIN{RS="\f"} /附件/ {print NR; exit}')
cp "$(pick bulletin "$annex")" "$root/docs/docx-bulletin-annex.png"
cp "$(pick report 1)" "$root/docs/docx-report-1.png"
cp "$(pick report 2)" "$root/docs/docx-report-2.png"
echo "wrote docs/docx-bulletin-{1,2,3,annex}.png and docs/docx-report-{1,2}.png"
