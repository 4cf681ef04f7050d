#!/usr/bin/env bash
# Sets up everything the app and its tests need on a fresh Debian/Ubuntu machine:
# system packages (when root; otherwise prints the exact apt-get line and stops) and .venv with the app.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # Qt offscreen and in a window
  libglib2.0-0 libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0
  # QtMultimedia (without libxrandr2 the player silently stays NoMedia)
  libpulse0 libxrandr2
  # A real window under Xvfb (screenshots, `make run` on a headless box)
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # Fallback voice, audio checks, PDF text for report tests
  espeak-ng sox poppler-utils
  # The privacy test: traces every connection and file write of a render and an app start
  strace
  # Fonts the clinician PDF embeds (TrueType outlines reportlab can embed): Latin, Cyrillic, Greek;
  # Chinese, Japanese, Korean; rarer ideographs; emoji and symbols in outline (colour emoji fonts cannot be)
  fonts-dejavu-core fonts-wqy-microhei fonts-droid-fallback fonts-symbola
  # Desktop notifications: a session bus and a notification daemon for the reminder tests
  dbus dunst libnotify-bin
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Some system packages are missing. Please run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    echo "then run this command again." >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.coach-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[voice,test,dev]"
  touch "$stamp"
fi
