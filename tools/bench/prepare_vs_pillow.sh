#!/usr/bin/env bash
# First preparation of photo-sized images: the workbench (2 decoding threads, as on this 2-core machine) against
# Pillow on one thread, side by side on the same files, in one run (docs/BENCHMARKS.md#image-preparation).
#
#   tools/bench/prepare_vs_pillow.sh [--jpegs 600] [--pngs 200] [--trials 3] [--work DIR]
#
# Generates the images once (tools/bench/make_photo_folder.py, Debian's /usr/bin/python3 with Pillow), then
# alternates Pillow (tools/bench/pillow_prepare.py: open, convert RGB, bicubic shortest-side resize, centre crop)
# and `rft-workbench bench --only preparation` (a whole first preparation into a fresh tensor cache: hashing,
# decoding, the PIL-exact resize and crop, writing and validating the cache file; median of 3 rounds) TRIALS times
# per format, and prints the median of each side and their ratio. The issue's target is a ratio of at least 2.
set -euo pipefail
JPEGS=600
PNGS=200
TRIALS=3
WORK=/tmp/rft-prepare-bench
while [ $# -gt 0 ]; do
    case "$1" in
        --jpegs) JPEGS=$2; shift 2 ;;
        --pngs) PNGS=$2; shift 2 ;;
        --trials) TRIALS=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
PYTHON=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=target/rft-workbench.jar
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    echo "building $JAR" >&2
    mvn -o -B -q package -DskipTests
fi
PHOTOS="$WORK/photos-j${JPEGS}-p${PNGS}"
if [ ! -d "$PHOTOS" ]; then
    "$PYTHON" "$HERE/make_photo_folder.py" "$PHOTOS.tmp" --jpegs "$JPEGS" --pngs "$PNGS" >&2
    mv "$PHOTOS.tmp" "$PHOTOS"
fi
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
for kind in jpeg png; do
    folder="$PHOTOS/$kind"
    [ "$(ls "$folder/photo" | wc -l)" -gt 0 ] || continue
    : > "$WORK/$kind.pillow"; : > "$WORK/$kind.workbench"
    for t in $(seq "$TRIALS"); do
        "$PYTHON" "$HERE/pillow_prepare.py" "$folder" | sed -E 's/.* -> ([0-9.]+) img\/s.*/\1/' >> "$WORK/$kind.pillow"
        java ${JAVA_OPTS:-} -jar "$JAR" bench --only preparation --data "$folder" --rounds 3 \
            | sed -E 's/.*threads: ([0-9.]+) img\/s.*/\1/' >> "$WORK/$kind.workbench"
    done
    p=$(median < "$WORK/$kind.pillow"); w=$(median < "$WORK/$kind.workbench")
    printf '%s: %s images; pillow 1 thread %s img/s (trials: %s); workbench %s threads %s img/s (trials: %s); ratio %.2f\n' \
        "$kind" "$(ls "$folder/photo" | wc -l)" "$p" "$(paste -sd' ' "$WORK/$kind.pillow")" "$(nproc)" "$w" \
        "$(paste -sd' ' "$WORK/$kind.workbench")" "$(awk -v w="$w" -v p="$p" 'BEGIN { print w / p }')"
done
