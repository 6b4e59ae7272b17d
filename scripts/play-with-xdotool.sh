#!/usr/bin/env bash
# Plays a scenario to its outcome with real X input under Xvfb, keyboard only or mouse only,
# then opens the reflection and quits through the menus. Proves that every step can be done
# with either device alone. Screenshots go to target/screenshots/xdotool-<mode>-<id>/.
#
# usage: scripts/play-with-xdotool.sh keyboard|mouse [SCENARIO_ID] [debug|release]
# needs: Xvfb, xdotool, ImageMagick (to find buttons on screen for the mouse).
#
# Keyboard: Enter reveals a line and then continues; at the choices Down shows the focus ring
# on the first choice and Enter picks it. Mouse: the lowest button in the middle column of
# the window is clicked (Continue, or the last choice), or the text, which reveals it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?keyboard or mouse}
id=${2:-quote_dispute}
profile=${3:-debug}
root=$(pwd)
source scripts/lib.sh
bin=$(game_binary "$profile")
shots="$root/target/screenshots/xdotool-$mode-$id"
rm -rf "$shots"
mkdir -p "$shots"

# A home with only this scenario, so the list holds one card.
work=$(mktemp -d)
mkdir -p "$work/home/scenarios"
cp "scenarios/$id.ron" "$work/home/scenarios/"
ln -s "$root/assets" "$work/home/assets"

start_xvfb
export DISPLAY=$display
# The game's log is kept with the screenshots before the session goes.
trap 'cp "$work/log" "$shots/game.log" 2>/dev/null || true; end_session' EXIT

(cd "$work" && GIVE_AND_TAKE_HOME="$work/home" GIVE_AND_TAKE_DATA="$work/data" exec "$bin" >"$work/log" 2>&1) &
app=$!
wid=$(xdotool search --sync --name 'Give and Take' | head -1)
sleep 3
# No window manager: the window gets the keyboard only when told.
xdotool windowfocus --sync "$wid"
# Drawn without any input: the first frames after the window opens.
import -window "$wid" "$shots/01_title.png"

shot() { import -window "$wid" "$shots/$1.png"; }
# XTEST (no --window): the window has the focus, and modifiers like Shift arrive intact.
key() { xdotool key "$@"; sleep 0.5; }
# The y of the highest (first) or lowest (last) button row in the window's column x.
button_y() { # first|last x
  import -window "$wid" png:- 2>/dev/null | convert - -crop "1x720+$2+0" txt:- | awk -F'[:,()]' -v last="$([ "$1" = last ] && echo 1 || echo 0)" '
    # A button at rest or under the pointer (crates/game/src/theme/palette.rs BUTTON, BUTTON_HOVER).
    /#2C3142|#3A4158/ { if (last || found == "") found = $2 }
    END { if (found != "") print found }'
}
click_at() {
  xdotool mousemove --window "$wid" "$1" "$2"
  sleep 0.3
  xdotool click 1
  sleep 0.6
}
click_button() { # first|last [x]
  local x=${2:-640} y
  y=$(button_y "$1" "$x")
  [ -n "$y" ] || { echo "no button on screen at x=$x" >&2; return 1; }
  # Ten pixels inside the button's top (first) or bottom (last) edge.
  if [ "$1" = first ]; then click_at "$x" "$((y + 10))"; else click_at "$x" "$((y - 10))"; fi
}
# The game logs each screen it opens.
on_screen() { [ "$(grep -o 'screen [A-Za-z]*' "$work/log" | tail -1)" = "screen $1" ]; }
# Waits (up to 15 s) for a screen: software rendering on a busy machine can lag the keys.
wait_screen() {
  for _ in $(seq 75); do on_screen "$1" && return 0; sleep 0.2; done
  echo "waited in vain for the $1 screen" >&2
  return 1
}


# Title: Scenarios, then the only card.
if [ "$mode" = keyboard ]; then key Return; else click_button first; fi
wait_screen List; sleep 0.5
if [ "$mode" = keyboard ]; then key Return; else click_button first; fi
wait_screen Play; sleep 0.5
shot 02_first_card

steps=0
until on_screen Outcome; do
  steps=$((steps + 1))
  [ "$steps" -lt 200 ] || { echo "no outcome after 200 rounds" >&2; exit 1; }
  if [ "$mode" = keyboard ]; then
    key Return
    on_screen Outcome && break
    key Down
    [ "$steps" = 3 ] && shot 03_focus_ring
    key Return
  else
    # The text first (a click reveals it), then the lowest button: Continue or the last choice.
    click_at 640 300
    on_screen Outcome && break
    click_button last 2>/dev/null || true
  fi
done
sleep 1.5
shot 04_outcome
grep -o "outcome \`[a-z_]*\` after [0-9]* choices" "$work/log"

# The outcome's first button opens the reflection; then back out to the title and quit.
if [ "$mode" = keyboard ]; then
  key Return; wait_screen Reflection; sleep 0.5; shot 05_reflection
  key Next; key Next; sleep 0.5; shot 06_reflection_scrolled
  key Escape; wait_screen List
  key Escape; wait_screen Title; sleep 0.5
  # Title: Scenarios (focused), Settings, Quit.
  key Tab; key Tab; sleep 0.5; shot 07_title_quit_focused; key Return
else
  # Outcome: "See what happened" left of centre.
  click_button first 480; wait_screen Reflection; sleep 0.5; shot 05_reflection
  xdotool mousemove --window "$wid" 640 300; sleep 0.2
  xdotool click 5 click 5 click 5 click 5; sleep 0.8; shot 06_reflection_scrolled
  # Footer: "Back to the list" right of centre; then the list's Back; then the title's Quit.
  click_button last 800; wait_screen List; sleep 0.5
  click_button last; wait_screen Title; sleep 0.5
  click_button last
fi

# Running, and not a zombie waiting to be reaped.
alive() { local s; s=$(ps -o stat= -p "$1" 2>/dev/null) || return 1; [[ $s != Z* ]]; }
for _ in $(seq 50); do alive "$app" || break; sleep 0.2; done
if alive "$app"; then
  shot 99_did_not_quit
  echo "the game did not quit; see $shots/99_did_not_quit.png" >&2
  exit 1
fi
status=0
wait "$app" || status=$?
echo "$mode-only playthrough of $id: game exited with $status; screenshots in $shots"
exit "$status"
