#!/usr/bin/env bash
# Hot reload as an author sees it, in a real window under Xvfb: plays a copy of the quote
# dispute from an author's folder (`--scenarios`), and while the game waits at Jort's first
# line, edits that line, then breaks the file, then fixes it again. Screenshots of each
# stage go to target/screenshots/hot-reload/ (look at them):
#   10_before.png       Jort's line as shipped
#   11_after_edit.png   the edited line, same place, a notice "still at jort_at_door"
#   12_broken.png       a red banner with file:line:col; the last good version still playing
#   13_fixed.png        banner gone, still at the same place
#
# usage: scripts/hot-reload-check.sh [debug|release]   (needs Xvfb; builds nothing: run
# `cargo build` or `cargo build --release` first)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
profile=${1:-debug}
source scripts/lib.sh
bin=$(game_binary "$profile")
shots="$root/target/screenshots/hot-reload"
rm -rf "$shots"
mkdir -p "$shots"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mine"
file="$work/mine/quote_dispute.ron"
cp scenarios/quote_dispute.ron "$file"
good="$work/good.ron"

GIVE_AND_TAKE_DATA="$work/data" GIVE_AND_TAKE_SHOTS="$shots" GIVE_AND_TAKE_SCRIPT_TIMEOUT=90 \
GIVE_AND_TAKE_SCRIPT="ready; start quote_dispute; read; frames 5; shot 10_before; \
  wait-reload; frames 20; shot 11_after_edit; wait-reload; frames 20; shot 12_broken; \
  wait-reload; frames 20; shot 13_fixed; exit" \
  xvfb-run -a -s "-screen 0 1280x800x24" "$bin" --scenarios "$work/mine" >"$work/log" 2>&1 &
app=$!

sleep 12
echo "== edit: Jort's line"
sed -i 's/Shall I take you through it?/Shall I walk you through it, page by page?/' "$file"
cp "$file" "$good"
sleep 5
echo "== edit: broken (an unclosed list)"
sed -i '0,/then: Choices(\[/s//then: Choices([[/' "$file"
sleep 5
echo "== edit: fixed"
cp "$good" "$file"

status=0
wait "$app" || status=$?
grep -E "notice|error\[|WARN.*ron" "$work/log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-220 || true
echo "game exited with $status; screenshots:"
ls "$shots"
exit "$status"
