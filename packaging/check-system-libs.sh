#!/usr/bin/env bash
# Says which shared libraries Scaffold needs are missing and the exact command that installs them.
# With --run it also checks what a real (X11) window needs; without, what tests and PDF rendering need.
set -u
need=(
  "libpango-1.0.so.0:libpango-1.0-0"
  "libpangoft2-1.0.so.0:libpangoft2-1.0-0"
  "libharfbuzz-subset.so.0:libharfbuzz-subset0"
  "libfontconfig.so.1:libfontconfig1"
  "libEGL.so.1:libegl1"
  "libGL.so.1:libgl1"
  "libxkbcommon.so.0:libxkbcommon0"
  "libdbus-1.so.3:libdbus-1-3"
  "libglib-2.0.so.0:libglib2.0-0"
  "libX11.so.6:libx11-6"
)
if [ "${1:-}" = "--run" ]; then
  need+=(
    "libxcb-cursor.so.0:libxcb-cursor0"
    "libxkbcommon-x11.so.0:libxkbcommon-x11-0"
    "libxcb-icccm.so.4:libxcb-icccm4"
    "libxcb-keysyms.so.1:libxcb-keysyms1"
    "libxcb-image.so.0:libxcb-image0"
    "libxcb-render-util.so.0:libxcb-render-util0"
  )
fi
have=$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null)
missing=()
for pair in "${need[@]}"; do
  lib=${pair%%:*}; pkg=${pair##*:}
  if ! grep -q "$lib" <<<"$have"; then
    echo "Missing system library $lib (Debian/Ubuntu package $pkg)." >&2
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
