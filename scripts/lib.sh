# Sourced by the scripts beside it: the game binary of a cargo profile, wherever cargo puts
# its target directory (CARGO_TARGET_DIR, .cargo/config.toml, or ./target).
game_binary() { # debug|release
  local target
  target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
  local bin="$target/$1/give-and-take"
  [ -x "$bin" ] || { echo "no $bin: build it first (cargo build, --release for release)" >&2; return 2; }
  echo "$bin"
}

# A private X display for the game, on a free-looking number: sets `display` and `xvfb` (the
# server's pid, for the caller's cleanup to kill) and waits for it to come up.
start_xvfb() {
  display=":$((100 + RANDOM % 400))"
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
}

# A scratch folder (`work`) and a private display, both gone when the script exits, and the
# game with them (`app`, once the caller has started it).
start_session() {
  work=$(mktemp -d)
  start_xvfb
  trap end_session EXIT
}

end_session() {
  kill "${app:-}" 2>/dev/null || true
  kill "${xvfb:-}" 2>/dev/null || true
  rm -rf "${work:-}"
}
