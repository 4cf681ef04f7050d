#!/usr/bin/env bash
# Sets up what the app needs on a fresh Debian/Ubuntu machine: system packages (when root; otherwise it
# prints the exact apt-get line and stops) and .venv with the app, rebuilt when it is broken.
#
#   scripts/setup.sh                 runtime only (what `make run` needs: the app and its voice)
#   scripts/setup.sh --extras voice,test,dev    also the test and development tools (`make test`)
#   scripts/setup.sh --check         only say whether .venv is usable (exit 0) or why not (exit 1)
#
# PYTHON picks the interpreter (default python3); it must be Python 3.11 or newer.
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS=voice
CHECK_ONLY=0
while (($#)); do
  case "$1" in
    --extras) EXTRAS=$2; shift 2 ;;
    --extras=*) EXTRAS=${1#--extras=}; shift ;;
    --check) CHECK_ONLY=1; shift ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

APT_PACKAGES=(
  # Python's venv module (Debian and Ubuntu ship it separately from python3)
  python3-venv
  # Qt offscreen and in a window
  libglib2.0-0 libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0
  # QtMultimedia (without libxrandr2 the player silently stays NoMedia)
  libpulse0 libxrandr2
  # A real window under Xvfb (screenshots, `make run` on a headless box)
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
  # Fallback voice; test tones for the player tests and PDF text for the report tests (the app runs no sox)
  espeak-ng sox poppler-utils
  # The privacy test: traces every connection and file write of a render and an app start
  strace
  # Fonts the clinician PDF embeds (TrueType outlines reportlab can embed): Latin, Cyrillic, Greek;
  # Chinese, Japanese, Korean; rarer ideographs; emoji and symbols in outline (colour emoji fonts cannot be)
  fonts-dejavu-core fonts-wqy-microhei fonts-droid-fallback fonts-symbola
  # Desktop notifications: a session bus and a notification daemon for the reminder tests
  dbus dunst libnotify-bin
  # The exchange folder's reference sync engine (the end-to-end test pairs two instances on 127.0.0.1)
  syncthing
)

PYTHON=${PYTHON:-python3}
MIN_PYTHON=3.11

# --- Which Python -------------------------------------------------------------------------------------
python_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
version_ok() { [ "$(printf '%s\n%s\n' "$MIN_PYTHON" "$1" | sort -V | head -n1)" = "$MIN_PYTHON" ]; }

need_python() {
  if ! command -v "$PYTHON" >/dev/null; then
    echo "setup: $PYTHON was not found. Pain Recovery Coach needs Python $MIN_PYTHON or newer:" >&2
    echo "  sudo apt-get install -y python3 python3-venv" >&2
    exit 1
  fi
  PY_VERSION=$(python_version "$PYTHON") || PY_VERSION=unknown
  if ! version_ok "$PY_VERSION"; then
    echo "setup: Pain Recovery Coach needs Python $MIN_PYTHON or newer; $PYTHON is Python $PY_VERSION." >&2
    echo "  On Ubuntu 22.04: sudo apt-get install -y python3.11 python3.11-venv" >&2
    echo "  then run: PYTHON=python3.11 make run" >&2
    echo "  (or install the .deb package, which brings its own Python)." >&2
    exit 1
  fi
}

# --- Is .venv usable? ----------------------------------------------------------------------------------
# Prints why not (one line) and returns 1; returns 0 when it is fine. The import check runs only once
# the app was installed into it (the stamp), so a half-made venv is "not installed", not "broken".
venv_problem() {
  local py=.venv/bin/python
  if [ ! -e .venv ]; then echo "there is no .venv yet"; return 1; fi
  if [ ! -x "$py" ]; then echo ".venv has no Python (.venv/bin/python is missing or not runnable)"; return 1; fi
  local have
  if ! have=$(python_version "$py"); then
    echo ".venv/bin/python does not run (was its Python removed or upgraded?)"; return 1
  fi
  if [ -n "${PY_VERSION:-}" ] && [ "$have" != "$PY_VERSION" ]; then
    echo ".venv was made with Python $have, not $PY_VERSION"; return 1
  fi
  if ! "$py" -m pip --version >/dev/null 2>&1; then
    echo ".venv has no pip (made without ensurepip: install python3-venv)"; return 1
  fi
  if [ -f .venv/.coach-installed ]; then
    local err
    if ! err=$("$py" -c 'import importlib.metadata as m; m.distribution("pain-recovery-coach")
import PySide6.QtWidgets, sqlite_utils, apscheduler, pydub, soundfile, click' 2>&1); then
      echo ".venv cannot import the app: $(printf '%s' "$err" | tail -n1)"; return 1
    fi
  fi
  return 0
}

if ((CHECK_ONLY)); then
  need_python
  if why=$(venv_problem); then echo ".venv is usable"; exit 0; fi
  echo "$why"; exit 1
fi

# --- System packages -----------------------------------------------------------------------------------
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

# --- .venv -----------------------------------------------------------------------------------------------
need_python
if ! why=$(venv_problem); then
  if [ -e .venv ]; then
    echo "Rebuilding .venv: $why."
    rm -rf .venv
  fi
  if ! "$PYTHON" -m venv .venv; then
    rm -rf .venv
    echo "setup: could not create .venv with $PYTHON; install the venv module: sudo apt-get install -y python$PY_VERSION-venv" >&2
    exit 1
  fi
fi

# PySide6-Addons is one wheel (Multimedia comes only with it) and carries Qt WebEngine, ~220 MB the app
# never imports. Remove it from .venv after each install; pip uninstall and reinstall still work.
prune_webengine() {
  local qt
  qt=$(.venv/bin/python -c 'import os, PySide6; print(os.path.dirname(PySide6.__file__))' 2>/dev/null) || return 0
  rm -rf "$qt"/QtWebEngine*.so "$qt"/QtWebEngine*.pyi "$qt"/Qt/lib/libQt6WebEngine* \
    "$qt"/Qt/libexec/QtWebEngineProcess "$qt"/Qt/resources/qtwebengine* "$qt"/Qt/resources/v8_context_snapshot.bin \
    "$qt"/Qt/translations/qtwebengine_locales "$qt"/Qt/qml/QtWebEngine
}

# Install when pyproject changed or these extras were not installed yet ("voice" is inside "voice,test,dev").
stamp=.venv/.coach-installed
installed=$(cat "$stamp" 2>/dev/null || true)
wanted_missing=0
IFS=, read -ra wanted <<<"$EXTRAS"
for extra in "${wanted[@]}"; do
  [[ ",$installed," == *",$extra,"* ]] || wanted_missing=1
done
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ((wanted_missing)); then
  all=$EXTRAS
  [ -n "$installed" ] && all="$installed,$EXTRAS"
  all=$(tr , '\n' <<<"$all" | sort -u | paste -sd, -)
  echo "Installing the app into .venv (extras: $all)..."
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[$all]"
  echo "$all" >"$stamp"
  prune_webengine
fi
