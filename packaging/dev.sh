#!/usr/bin/env bash
# One entry point for newcomers and CI: installs what the kiosk needs, then runs it or its tests.
#   packaging/dev.sh run    install, then start the kiosk on the shipped demo content (offline)
#   packaging/dev.sh test   install with the dev tools, then lint, type-check (mypy) and run the
#                           whole test suite
#                           (it includes the frozen-app smoke test: tests/e2e/test_frozen.py)
#   packaging/dev.sh build  install with the dev tools, then freeze the kiosk with PyInstaller
#                           into dist/kiosk/ and pack dist/nature-en-ville-kiosk-VERSION-linux-ARCH.tar.gz
#                           (what packaging/linux/install.sh installs on a kiosk box)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in run|test|build) ;; *) echo "usage: $0 run|test|build" >&2; exit 2 ;; esac
shift

# Debian packages Qt (widgets, multimedia, X under Xvfb) needs at run time.
apt_packages=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0
  libpulse0 libxrandr2 fonts-dejavu-core
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
  # Read-aloud: Qt's speechd engine (libspeechd2) talks to speech-dispatcher and its espeak-ng
  # voices; the read-aloud test renders speech to a WAV with espeak-ng and measures it (sox).
  libspeechd2 speech-dispatcher speech-dispatcher-espeak-ng espeak-ng sox)
if [ "$mode" != run ]; then
  # The tests check the packaging files with shellcheck and systemd-analyze (package systemd);
  # PyInstaller needs objdump (package binutils).
  apt_packages+=(shellcheck systemd binutils)
  # The frozen kiosk is smoke-tested inside the box's real session: cage (which needs
  # Xwayland) on wlroots' headless backend, Qt's wayland plugin (libwayland-*).
  apt_packages+=(cage xwayland libwayland-client0 libwayland-cursor0 libwayland-egl1)
  # USB sticks are played by disk images on loop devices (mkfs.vfat, mkfs.ext4).
  apt_packages+=(dosfstools e2fsprogs)
  # The fleet's collection point in tests: a real nginx with its WebDAV modules on 127.0.0.1.
  apt_packages+=(nginx-light libnginx-mod-http-dav-ext)
  # The fleet report's PDF is read back as text and its sample pages drawn (pdftotext, pdftoppm).
  apt_packages+=(poppler-utils)
fi

install_apt() {
  command -v dpkg-query >/dev/null || { echo "not a Debian system: install Qt's libraries by hand" >&2; return 0; }
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_python() {
  local py=${PYTHON:-python3}
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed" >&2; exit 1; }
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >&2
  if [ "$mode" != run ]; then
    .venv/bin/python -m pip install -q -e '.[dev]' >&2
  else
    .venv/bin/python -m pip install -q -e . >&2
  fi
  .venv/bin/python -m kiosk.core.catalogs compile >&2
}

install_apt
install_python

if [ "$mode" = run ]; then
  exec .venv/bin/kiosk run "$@"
fi

if [ "$mode" = build ]; then
  .venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
    --workpath build/pyinstaller packaging/kiosk.spec
  version=$(.venv/bin/python -c 'import kiosk; print(kiosk.__version__)')
  name=nature-en-ville-kiosk-$version
  tarball=dist/$name-linux-$(uname -m).tar.gz
  # The release mirrors the checkout (dist/kiosk, packaging/linux, docs) so that
  # packaging/linux/install.sh finds the app the same way in both.
  shopt -s nullglob
  tar -czf "$tarball" --transform "s,^,$name/," dist/kiosk packaging/linux \
    docs/*-guide.*.md docs/screenshots
  echo "built dist/kiosk ($(du -sh dist/kiosk | cut -f1)) and $tarball ($(du -sh "$tarball" | cut -f1))"
  exit 0
fi

export QT_LOGGING_RULES='qt.multimedia*=false'
.venv/bin/ruff check .
.venv/bin/lint-imports
# The type checker: strict on kiosk/core, standard elsewhere ([tool.mypy] in pyproject.toml).
.venv/bin/mypy
# Xvfb gives the tests that need a real X screen one; the rest run offscreen (tests/conftest.py).
exec xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m pytest "$@"
