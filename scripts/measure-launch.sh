#!/usr/bin/env bash
# Measures the game's start and its memory: under Xvfb, the time from launch until the first
# frame with everything loaded is drawn (the title screen, fonts and scenarios in: the
# script's `ready`, then a screenshot of that frame, whose file appearing is the clock's stop),
# and the peak resident memory of a whole playthrough of quote_dispute to its reflection
# screen (`/usr/bin/time`'s maximum RSS).
#
# usage: scripts/measure-launch.sh [debug|release] [runs]
# needs: Xvfb, the binary built first with the `dev` feature (the default features).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-release}
runs=${2:-3}
source scripts/lib.sh
bin=$(game_binary "$profile")

start_session

now_ms() { date +%s%3N; }

for i in $(seq "$runs"); do
  rm -rf "$work/data" "$work/shots"
  start=$(now_ms)
  (cd "$work" && DISPLAY=$display GIVE_AND_TAKE_DATA="$work/data" GIVE_AND_TAKE_SHOTS="$work/shots" \
    GIVE_AND_TAKE_SCRIPT="ready; shot first; exit" exec "$bin" >"$work/log" 2>&1) &
  app=$!
  until [ -s "$work/shots/first.png" ]; do
    kill -0 "$app" 2>/dev/null || { echo "the game exited before its first frame" >&2; cat "$work/log" >&2; exit 1; }
    sleep 0.01
  done
  echo "launch to first drawn frame ($profile, run $i): $(( $(now_ms) - start )) ms"
  wait "$app" || { echo "the game exited with an error" >&2; cat "$work/log" >&2; exit 1; }
done

rm -rf "$work/data"
(cd "$work" && DISPLAY=$display GIVE_AND_TAKE_DATA="$work/data" \
  GIVE_AND_TAKE_SCRIPT="ready; start quote_dispute; autoplay 1; frames 10; key enter; screen reflection; frames 30; exit" \
  /usr/bin/time -f "%M" -o "$work/rss" "$bin" >"$work/log" 2>&1) || { cat "$work/log" >&2; exit 1; }
echo "peak resident memory, a playthrough to the reflection ($profile): $(( $(cat "$work/rss") / 1024 )) MB"
