#!/usr/bin/env bash
# Re-renders the pictures of the operator and facilitator guides (docs/screenshots/*.png) with
# the kiosk's own `kiosk screenshot`, on a fresh data dir with the shipped content, offscreen.
#   packaging/make_doc_screenshots.sh              with .venv/bin/kiosk
#   KIOSK=dist/kiosk/kiosk packaging/make_doc_screenshots.sh   with the frozen kiosk
set -euo pipefail
cd "$(dirname "$0")/.."

kiosk=${KIOSK:-.venv/bin/kiosk}
out=docs/screenshots
size=${SIZE:-1920x1080}
screens=(attract home exhibits videos sensors trends agenda trail admin health usb)
langs=(fr en)

# The first shipped exhibit module, for a picture of one module's page.
first_module=$(find exhibits -mindepth 2 -maxdepth 2 -name module.toml 2>/dev/null | sort | head -n 1)
if [ -n "$first_module" ]; then
  screens+=("exhibit:$(basename "$(dirname "$first_module")")")
fi

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen QT_LOGGING_RULES='qt.multimedia*=false'
# The pictures show a box without network, as it starts every morning: every proxy points at a
# closed local port, so nothing leaves this machine and no picture depends on a remote server.
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=http://127.0.0.1:9
unset NO_PROXY no_proxy

failed=0
# shot FILE SCREEN LANG SIZE DATA_DIR [extra kiosk screenshot options…]
shot() {
  local file=$1 screen=$2 lang=$3 wh=$4 dir=$5
  shift 5
  if "$kiosk" screenshot "$file" --screen "$screen" --lang "$lang" --size "$wh" \
       --data-dir "$dir" "$@" >/dev/null 2>>"$data/stderr.log"; then
    echo "$file"
  else
    echo "make_doc_screenshots: could not render $screen ($lang, $wh $*):" >&2
    tail -n 20 "$data/stderr.log" >&2
    failed=1
  fi
}

for lang in "${langs[@]}"; do
  for screen in "${screens[@]}"; do
    shot "$out/${screen%%:*}-$lang.png" "$screen" "$lang" "$size" "$data/$lang"
  done
done
# Episodes (issue 16): rehearsals on the shipped demonstration recording, at an ozone
# afternoon, a heat-wave night and an ordinary summer morning.
recording=media/recordings/demo-juillet-2027
moments=(ozone=2027-07-15T14:30 heat=2027-07-21T02:00 ordinary=2027-07-17T10:00)
for lang in "${langs[@]}"; do
  for moment in "${moments[@]}"; do
    name=${moment%%=*}
    targets=(attract home)
    [ "$name" = ordinary ] || targets+=(episode)
    for screen in "${targets[@]}"; do
      shot "$out/day-$name-$screen-$lang.png" "$screen" "$lang" "$size" "$data/$lang-$name" \
        --rehearse "${moment#*=}" --recording "$recording"
    done
  done
done
# Every visitor and staff screen at the three sizes of issue 13 (docs/screenshots/sizes/:
# <screen>-<lang>-<size>.png), in French and English; GALLERY=0 skips them.
if [ "${GALLERY:-1}" = 1 ]; then
  gallery=(attract home exhibits videos sensors trends agenda trail privacy farewell admin health usb)
  [ -n "$first_module" ] && gallery+=("exhibit:$(basename "$(dirname "$first_module")")")
  mkdir -p "$out/sizes"
  for lang in "${langs[@]}"; do
    for wh in 1280x800 1920x1080 1080x1920; do
      for screen in "${gallery[@]}"; do
        shot "$out/sizes/${screen%%:*}-$lang-$wh.png" "$screen" "$lang" "$wh" \
          "$data/$lang-gallery"
      done
    done
  done
fi
exit "$failed"
