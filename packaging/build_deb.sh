#!/usr/bin/env bash
# `make package`: builds dist/pain-recovery-coach_<version>_amd64.deb from a PyInstaller one-folder bundle.
#
# PyInstaller lives in a separate build venv (build/package-venv: the app's runtime dependencies, its voice
# and PyInstaller only), so neither PyInstaller nor the test tools ever reach the app's runtime or the bundle.
# The .deb installs the bundle under /opt/pain-recovery-coach, /usr/bin/pain-recovery-coach and /usr/bin/coach,
# the menu entry, hicolor icons, AppStream metainfo and the copyright file. Built with plain dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=build/package-venv
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' coach/__init__.py)
NAME=pain-recovery-coach
DEB=dist/${NAME}_${VERSION}_amd64.deb
ROOTFS=build/deb-root
started=$SECONDS

for tool in dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package: $tool is needed (apt-get install dpkg)" >&2; exit 1; }
done

if [ ! -x "$VENV/bin/pyinstaller" ] || [ pyproject.toml -nt "$VENV/.stamp" ]; then
  echo "Preparing the build venv ($VENV): the app, its voice and PyInstaller..."
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  "$VENV/bin/python" -m pip install -q ".[voice]" "pyinstaller>=6.10" 2>&1 | grep -v '^WARNING: Location' || true
  touch "$VENV/.stamp"
else
  # Reinstall the app itself (not editable) so the bundle gets this checkout's code.
  "$VENV/bin/python" -m pip install -q --no-deps --force-reinstall . 2>&1 | grep -v '^WARNING: Location' || true
fi

echo "Bundling with PyInstaller..."
rm -rf build/pyinstaller "dist/$NAME"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/$NAME.spec

echo "Assembling the package tree..."
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS/DEBIAN" "$ROOTFS/opt" "$ROOTFS/usr/bin" "$ROOTFS/usr/share/applications" \
  "$ROOTFS/usr/share/metainfo" "$ROOTFS/usr/share/doc/$NAME" "$ROOTFS/usr/share/icons/hicolor/scalable/apps"
cp -a "dist/$NAME" "$ROOTFS/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$ROOTFS/usr/bin/$NAME"
ln -s "/opt/$NAME/$NAME" "$ROOTFS/usr/bin/coach"
install -m 0644 packaging/$NAME.desktop "$ROOTFS/usr/share/applications/$NAME.desktop"
install -m 0644 packaging/io.github.pain_recovery_coach.PainRecoveryCoach.metainfo.xml "$ROOTFS/usr/share/metainfo/"
install -m 0644 packaging/icons/$NAME.svg "$ROOTFS/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
for size in 48 128 256; do
  mkdir -p "$ROOTFS/usr/share/icons/hicolor/${size}x${size}/apps"
  install -m 0644 "packaging/icons/$NAME-$size.png" "$ROOTFS/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
install -m 0644 packaging/debian/copyright "$ROOTFS/usr/share/doc/$NAME/copyright"
gzip -9n -c CHANGELOG.md >"$ROOTFS/usr/share/doc/$NAME/changelog.gz"

if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$ROOTFS/usr/share/metainfo/"*.metainfo.xml
else
  echo "(appstreamcli not installed: metainfo not validated; apt-get install appstream)"
fi

# Depends: the packages that provide every shared library the bundle's programs and plugins need but do not
# carry (what dpkg-shlibdeps would find), looked up on this Debian build machine; then fonts for the PDF.
bundle_libs=$(find "$ROOTFS/opt/$NAME" -name '*.so*' -printf '%f\n' | sort -u)
needed=$(find "$ROOTFS/opt/$NAME" -type f \( -name '*.so*' -o -name "$NAME" \) -print0 \
  | xargs -0 objdump -p 2>/dev/null | awk '/NEEDED/ {print $2}' | sort -u)
packages=()
unresolved=()
for lib in $needed; do
  grep -qxF "$lib" <<<"$bundle_libs" && continue
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')
  # A name that is only a symlink (libbz2.so.1 beside the soname libbz2.so.1.0) is not in ldconfig's cache.
  for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu; do
    [ -z "$path" ] && [ -e "$dir/$lib" ] && path=$dir/$lib
  done
  pkg=""
  [ -n "$path" ] && pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n1 | cut -d: -f1) || true
  [ -z "$pkg" ] && [ -n "$path" ] && pkg=$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1) || true
  if [ -n "$pkg" ]; then packages+=("$pkg"); else unresolved+=("$lib"); fi
done
if ((${#unresolved[@]})); then
  echo "package: no package on this machine provides ${unresolved[*]}: install it and build again" >&2
  exit 1
fi
# The newest glibc symbol version any bundled program uses is the oldest libc6 it runs on.
glibc=$(find "$ROOTFS/opt/$NAME" -type f \( -name '*.so*' -o -name "$NAME" \) -print0 | xargs -0 objdump -T 2>/dev/null \
  | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -n1 | sed 's/GLIBC_//')
DEPENDS=$(printf '%s\n' "${packages[@]}" fonts-dejavu-core | sort -u | paste -sd, - | sed 's/,/, /g' \
  | sed "s/\blibc6\b/libc6 (>= ${glibc:-2.34})/")
echo "Depends: $DEPENDS"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$ROOTFS" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@INSTALLED_KB@/$INSTALLED_KB/" -e "s/@DEPENDS@/$DEPENDS/" \
  packaging/debian/control.in >"$ROOTFS/DEBIAN/control"

mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$ROOTFS" "$DEB" >/dev/null
echo "Built $DEB: $(du -h "$DEB" | cut -f1) to download, $((INSTALLED_KB / 1024)) MB installed, in $((SECONDS - started)) s."
