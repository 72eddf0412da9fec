#!/usr/bin/env bash
# Sets up a kiosk box on a fresh Debian 12: the frozen kiosk in /opt/nature-en-ville-kiosk, the
# "kiosk" user, the cage session started at boot (kiosk.service, with watchdog and memory
# ceiling), USB sticks mounted under /media/kiosk-usb/<label>, journald with rotation.
# Run it again to update the app: it is idempotent and keeps /etc/default/nature-en-ville-kiosk.
#
#   sudo packaging/linux/install.sh [--app DIR] [--x11] [--no-apt]
#   packaging/linux/install.sh --dry-run       print what would be done, change nothing
#   packaging/linux/install.sh --root DIR      lay every file out under DIR (no apt, no user,
#                                              no running service touched): for tests and images
#   sudo packaging/linux/install.sh --rollback  go back to the app version installed before
#                                 (--no-restart: leave kiosk.service alone; kiosk-app-guard)
#
# DIR of --app is the PyInstaller folder (default: dist/kiosk of this checkout or release).
# The version replaced by an install is kept as /opt/nature-en-ville-kiosk/app.previous.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

app_src=$top/dist/kiosk
root=""
dry_run=0
with_apt=1
x11=0
rollback=0
restart=1

usage() { sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --app) app_src=${2:?--app needs a folder}; shift 2 ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --no-apt) with_apt=0; shift ;;
    --x11) x11=1; shift ;;
    --rollback) rollback=1; shift ;;
    --no-restart) restart=0; shift ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown option $1" >&2; usage ;;
  esac
done

prefix=/opt/nature-en-ville-kiosk
user=kiosk
data=/var/lib/nature-en-ville-kiosk
usb_root=/media/kiosk-usb

# What the frozen kiosk and its session need from Debian (Qt's own libraries are in the app).
# cage 0.1.4 refuses to start without Xwayland, which Debian only recommends. Read-aloud speaks
# through speech-dispatcher (Qt's speechd plugin links libspeechd2) with espeak-ng's voices.
packages=(cage xwayland dbus-user-session udev util-linux
  libegl1 libgl1 libgles2 libegl-mesa0 libgl1-mesa-dri libglx-mesa0 libdrm2
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libxkbcommon0 xkb-data libxcb1
  libfontconfig1 fontconfig fonts-dejavu-core fonts-noto-core
  pipewire-pulse wireplumber
  libspeechd2 speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)
if [ "$x11" = 1 ]; then
  packages+=(xserver-xorg-core xserver-xorg-input-libinput xinit libxcb-cursor0 libxcb-icccm4
    libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
    libxkbcommon-x11-0)
fi

say() { echo "install.sh: $*" >&2; }

# Every change goes through run: printed, and skipped in a dry run.
run() {
  if [ "$dry_run" = 1 ]; then
    printf '+'; printf ' %q' "$@"; printf '\n'
    return 0
  fi
  "$@"
}

# Installs one file of packaging/linux (or any file) at a path of the target system.
put() {
  local mode=$1 src=$2 dest=$root$3
  if [ "$dry_run" = 0 ] && [ -f "$dest" ] && cmp -s "$src" "$dest"; then
    run chmod "$mode" "$dest"
    return 0
  fi
  run install -D -m "$mode" "$src" "$dest"
}

check() {
  if [ ! -x "$app_src/kiosk" ]; then
    say "no frozen kiosk in $app_src: build it first (packaging/dev.sh build) or pass --app DIR"
    exit 1
  fi
  if [ -z "$root" ] && [ "$dry_run" = 0 ]; then
    [ "$(id -u)" -eq 0 ] || { say "run me as root (sudo), or with --dry-run / --root DIR"; exit 1; }
    [ -f /etc/debian_version ] || { say "this script sets up Debian 12 boxes only"; exit 1; }
  fi
}

install_packages() {
  [ -z "$root" ] && [ "$with_apt" = 1 ] || return 0
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: all there"
    return 0
  fi
  say "Debian packages to install: ${missing[*]}"
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

create_user() {
  [ -z "$root" ] || return 0
  if ! getent passwd "$user" >/dev/null; then
    run useradd --system --user-group --home-dir "$data" --no-create-home \
      --shell /usr/sbin/nologin --comment "Nature-en-ville kiosk" "$user"
  fi
  local groups=()
  for g in video render input audio; do
    getent group "$g" >/dev/null && groups+=("$g")
  done
  if [ ${#groups[@]} -gt 0 ]; then
    run usermod -a -G "$(IFS=,; echo "${groups[*]}")" "$user"
  fi
  # kiosk.service creates it too (StateDirectory=); `sudo kiosk …` may come first.
  run install -d -o "$user" -g "$user" -m 0750 "$data"
}

install_app() {
  # Each install is a folder under releases/; "app" and "app.previous" are symlinks to the
  # current and the replaced one, each switched with one rename: a power cut at any moment
  # leaves a whole app behind "app". Older releases are removed.
  local dest=$root$prefix stamp n=1
  stamp=$(date +%Y%m%d-%H%M%S)
  while [ -e "$dest/releases/$stamp" ]; do  # two installs in the same second
    stamp=$(date +%Y%m%d-%H%M%S)-$n
    n=$((n + 1))
  done
  run mkdir -p "$dest/releases"
  if [ -d "$dest/app" ] && [ ! -L "$dest/app" ]; then  # a plain folder: adopt it as a release
    run mv "$dest/app" "$dest/releases/adopted-$stamp"
    run ln -sfn "releases/adopted-$stamp" "$dest/app"
  fi
  run rm -rf "$dest/releases/$stamp.partial"
  run cp -a "$app_src" "$dest/releases/$stamp.partial"
  run mv "$dest/releases/$stamp.partial" "$dest/releases/$stamp"
  if [ -L "$dest/app" ]; then
    relink "$(readlink "$dest/app")" "$dest/app.previous"
  fi
  relink "releases/$stamp" "$dest/app"
  prune_releases "$dest"
  # A new version starts with a clean slate for kiosk-app-guard (its count, its last note).
  run rm -f "$root$data/app-guard.state" "$root$data/app-rollback.json"

  put 0755 "$here/kiosk-session" "$prefix/bin/kiosk-session"
  put 0755 "$here/kiosk-usb-mount" "$prefix/bin/kiosk-usb-mount"
  put 0755 "$here/kiosk-app-guard" "$prefix/bin/kiosk-app-guard"
  put 0755 "$here/kiosk-cli" /usr/local/bin/kiosk
  # Kept on the box for `install.sh --rollback` (an install needs the release it came with).
  put 0755 "$here/install.sh" "$prefix/bin/install.sh"
  local doc
  for doc in "$top"/docs/*-guide.*.md "$top"/docs/screenshots/*.png; do
    [ -f "$doc" ] || continue
    put 0644 "$doc" "$prefix/docs/${doc#"$top"/docs/}"
  done
}

install_system_files() {
  put 0644 "$here/kiosk.service" /etc/systemd/system/kiosk.service
  put 0644 "$here/kiosk-usb-mount@.service" /etc/systemd/system/kiosk-usb-mount@.service
  put 0644 "$here/90-kiosk-usb.rules" /etc/udev/rules.d/90-kiosk-usb.rules
  put 0644 "$here/journald-kiosk.conf" /etc/systemd/journald.conf.d/90-nature-en-ville-kiosk.conf
  put 0644 "$here/pam-nature-en-ville-kiosk" /etc/pam.d/nature-en-ville-kiosk
  # The operator's settings file is installed once and then left alone.
  if [ ! -e "$root/etc/default/nature-en-ville-kiosk" ]; then
    put 0644 "$here/default-nature-en-ville-kiosk" /etc/default/nature-en-ville-kiosk
    if [ "$x11" = 1 ]; then
      run sed -i 's/^#KIOSK_SESSION=cage$/KIOSK_SESSION=x11/' "$root/etc/default/nature-en-ville-kiosk"
    fi
  fi
  run mkdir -p "$root$usb_root" "$root/var/log/journal"
}

enable_units() {
  if [ -n "$root" ]; then
    # Offline: systemctl only writes the symlinks under the given root.
    run mkdir -p "$root/etc/systemd/system"
    run ln -sfn /lib/systemd/system/graphical.target "$root/etc/systemd/system/default.target"
    run systemctl --root="$root" enable kiosk.service
    return 0
  fi
  run systemctl daemon-reload
  run systemctl set-default graphical.target
  run systemctl enable kiosk.service
  run systemctl restart systemd-journald
  run udevadm control --reload
  if systemctl is-active --quiet kiosk.service; then
    run systemctl restart kiosk.service
    say "kiosk restarted on the new version"
  else
    say "done: reboot, or start it now with: systemctl start kiosk"
  fi
}

# Points a symlink at a target with one rename (atomic), never a moment without it.
relink() {
  local target=$1 link=$2
  run ln -sfn "$target" "$link.tmp"
  run mv -T "$link.tmp" "$link"
}

# Keeps the releases that app and app.previous point at; removes the others.
prune_releases() {
  local dest=$1 keep_app="" keep_prev="" r
  [ -L "$dest/app" ] && keep_app=$(basename "$(readlink "$dest/app")")
  [ -L "$dest/app.previous" ] && keep_prev=$(basename "$(readlink "$dest/app.previous")")
  [ "$dry_run" = 1 ] && return 0
  for r in "$dest"/releases/*; do
    [ -e "$r" ] || continue
    case "$(basename "$r")" in
      "$keep_app"|"$keep_prev") ;;
      *) run rm -rf "$r" ;;
    esac
  done
}

# Swaps app and app.previous, then restarts the kiosk on the version it had before.
roll_back() {
  local dest=$root$prefix current previous
  if [ ! -L "$dest/app.previous" ] || [ ! -x "$dest/app.previous/kiosk" ]; then
    say "no previous version in $dest/app.previous: nothing to roll back to"
    exit 1
  fi
  if [ -z "$root" ] && [ "$dry_run" = 0 ] && [ "$(id -u)" -ne 0 ]; then
    say "run me as root (sudo)"
    exit 1
  fi
  current=$(readlink "$dest/app")
  previous=$(readlink "$dest/app.previous")
  relink "$previous" "$dest/app"
  relink "$current" "$dest/app.previous"
  if [ -z "$root" ] && [ "$restart" = 1 ]; then
    run systemctl restart kiosk.service
  fi
  say "rolled back: $dest/app is the version installed before (the other one is app.previous)"
}

if [ "$rollback" = 1 ]; then
  roll_back
  exit 0
fi

check
install_packages
create_user
install_app
install_system_files
enable_units
say "installed in ${root:-/}$prefix (data: $data, USB sticks: $usb_root/<label>)"
