#!/usr/bin/env bash
# Measures how much CPU the game uses while it waits for the player: started under Xvfb,
# brought to where it waits (the title, or a line with its choices), given the keyboard
# focus, left alone for a few seconds, then its user+system time is read from /proc over
# 10 seconds. The game's reactive update mode should keep this under 2 % of one core.
#
# usage: scripts/measure-idle-cpu.sh [debug|release] [title|play]
# needs: Xvfb, xdotool; the binary built first (`cargo build`, or `cargo build --release`).
# Exits 1 when the figure is 2 % or more.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-debug}
where=${2:-play}
source scripts/lib.sh
bin=$(game_binary "$profile")

case "$where" in
  title) script="ready" ;;
  play) script="ready; start quote_dispute; read" ;;
  *) echo "where: title or play" >&2; exit 2 ;;
esac

start_session

# Started from an unrelated directory: the game must find its files by itself.
(cd "$work" && DISPLAY=$display GIVE_AND_TAKE_DATA="$work/data" GIVE_AND_TAKE_SCRIPT="$script" \
  exec "$bin" >"$work/log" 2>&1) &
app=$!
sleep 4
# A focused window wakes more often (every 5 s) than an unfocused one (every 60 s).
DISPLAY=$display xdotool search --sync --name 'Give and Take' windowfocus --sync >/dev/null 2>&1 || true
sleep 4

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$app/stat"; }
t0=$(ticks)
sleep 10
t1=$(ticks)
used=$((t1 - t0))
percent=$(awk -v t="$used" -v hz="$hz" 'BEGIN { printf "%.1f", t * 100 / (hz * 10) }')
echo "idle on the $where screen ($profile build): $used ticks of 1/$hz s in 10 s = $percent % of one core"
awk -v p="$percent" 'BEGIN { exit !(p < 2.0) }'
