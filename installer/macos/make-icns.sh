#!/usr/bin/env bash
# Makes installer/macos/rft-workbench.icns from assets/icon/rft-workbench.png with macOS's own tools (sips, iconutil).
# Run on macOS before `mvn -Pinstaller package`; the .icns is a build output (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=assets/icon/rft-workbench.png
set_dir=$(mktemp -d)/rft-workbench.iconset
mkdir -p "$set_dir"
for size in 16 32 128 256 512; do
    sips -z $size $size "$src" --out "$set_dir/icon_${size}x${size}.png" >/dev/null
    double=$((size * 2))
    sips -z $double $double "$src" --out "$set_dir/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns "$set_dir" -o installer/macos/rft-workbench.icns
echo "wrote installer/macos/rft-workbench.icns"
