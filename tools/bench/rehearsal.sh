#!/usr/bin/env bash
# Real-scale rehearsal (docs/BENCHMARKS.md#real-scale-rehearsal): ViT-B/32 with random weights on generated
# photo-sized JPEGs in ImageNet-style folders, through `sweep`, `bench`, `bench-latency` and the window.
#
#   tools/bench/rehearsal.sh [--images 2000] [--seed 0] [--moves 2] [--work DIR] [--no-window] [--shots MS,MS,MS]
#                            [--batch-size 128] [--clean] [--window-only --shots MS,MS,MS] [--skip 3,6,7]
#
# Run from the repository root (builds target/rft-workbench.jar when it is missing). Everything goes under --work
# (default /tmp/rft-rehearsal): the generated project (reused by later runs with the same --images/--seed/
# --batch-size), cold caches, the logs of every step and summary-TAG.md, the table printed at the end.
#
# Steps and what they measure:
#   1. make-rehearsal (skipped when the project exists)               generation time
#   2. sweep --alphas 0, cold tensor cache: first preparation, images/s (decoding time read off the tensor cache
#      files: birth time to last write), and the whole first run
#   3. sweep --alphas 0, warm tensor cache, fresh result cache: the same run without preparation
#   4. Pillow on the same files (Debian /usr/bin/python3, 1 thread)   preparation floor, images/s
#   5. du of the tensor cache                                         cache size on disk
#   6. sweep --alphas 0,0.5,1 (alpha 0 from cache), then again (all from cache): evaluation images/s =
#      2 alphas x images / (difference of the two)
#   7. bench --only evaluation at the project's batch size            bare forward images/s (random 224 px input)
#   8. bench-latency --moves M                                        slider: time to first estimate, to exact
#   9. the window under xvfb-run on a cold cache, three screenshots: during preparation, at the first estimate,
#      while the grid fills (times derived from 2-8 unless --shots is given)
# Peak memory of each JVM: /usr/bin/time -v (maximum resident set size). Heap: JAVA_OPTS (default
# -XX:MaxRAMPercentage=50, as the installed launchers). --window-only retakes the screenshots (step 9 alone, at the
# --shots times) on the project of an earlier run.
# --skip 3,6,7 leaves out steps whose numbers an earlier run already has (they read "-" in the summary); the
# preparation steps (2, 4, 5) always run, and the window unless --no-window.
set -euo pipefail

IMAGES=2000
SEED=0
MOVES=2
WORK=/tmp/rft-rehearsal
WINDOW=1
SHOTS=
BATCH=128
CLEAN=0
WINDOW_ONLY=0
SKIP=
while [ $# -gt 0 ]; do
    case "$1" in
        --images) IMAGES=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --moves) MOVES=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --no-window) WINDOW=0; shift ;;
        --shots) SHOTS=$2; shift 2 ;;
        --batch-size) BATCH=$2; shift 2 ;;
        --clean) CLEAN=1; shift ;;
        --window-only) WINDOW_ONLY=1; shift ;;
        --skip) SKIP=",$2,"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
# skipped N: step N was left out with --skip (its rows read "-")
skipped() {
    [[ "$SKIP" == *",$1,"* ]]
}
for step in 1 2 4 5 9; do
    if skipped "$step"; then
        echo "error: --skip takes steps 3, 6, 7 and 8 (the others feed the rest)" >&2
        exit 2
    fi
done
if { skipped 6 || skipped 8; } && [ "$WINDOW" = 1 ] && [ -z "$SHOTS" ]; then
    echo "error: --skip 6 or 8 needs --shots MS,MS,MS or --no-window (the screenshot times come from steps 6 and 8)" >&2
    exit 2
fi
if [ "$WINDOW_ONLY" = 1 ] && [ -z "$SHOTS" ]; then
    echo "error: --window-only needs --shots MS,MS,MS (e.g. the times in an earlier run's summary)" >&2
    exit 2
fi

JAVA_OPTS=${JAVA_OPTS:--XX:MaxRAMPercentage=50}
JAR=target/rft-workbench.jar
PYTHON=/usr/bin/python3
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    echo "building $JAR" >&2
    mvn -o -B -q package -DskipTests
fi
TAG="i${IMAGES}-s${SEED}-b${BATCH}"
PROJECT="$WORK/project-$TAG"
CACHE="$WORK/cache-$TAG"
LOGS="$WORK/logs-$TAG"
SHOTDIR="$WORK/shots-$TAG"
mkdir -p "$WORK"
if [ "$WINDOW_ONLY" = 0 ]; then
    rm -rf "$LOGS"
fi
rm -rf "$SHOTDIR"
mkdir -p "$LOGS" "$SHOTDIR"

declare -A WALL RSS
# timed NAME CMD...: runs CMD with stdout/stderr in LOGS/NAME.{out,err}; WALL[NAME] seconds, RSS[NAME] MiB
timed() {
    local name=$1
    shift
    local start=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$LOGS/$name.time" "$@" >"$LOGS/$name.out" 2>"$LOGS/$name.err"; then
        echo "error: step $name failed: $*" >&2
        tail -5 "$LOGS/$name.err" >&2
        exit 1
    fi
    WALL[$name]=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    RSS[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOGS/$name.time")
    echo "  $name: ${WALL[$name]} s, peak RSS ${RSS[$name]} MiB" >&2
}
# shellcheck disable=SC2206
RFT=(java $JAVA_OPTS -jar "$JAR")
# calc FORMAT EXPRESSION: awk arithmetic (the expression is parenthesised: a bare ">" would redirect printf)
calc() {
    awk "BEGIN { printf \"$1\", ($2) }"
}

# take_screenshots: the window on a cold cache (its own XDG folders; the engine's extracted libraries are shared),
# snapshots at the comma-separated $SHOTS milliseconds into $SHOTDIR, exit 5 s after the last
take_screenshots() {
    LAST=${SHOTS##*,}
    echo "9. window, screenshots at $SHOTS ms" >&2
    XROOT="$WORK/window-$TAG"
    rm -rf "$XROOT"
    mkdir -p "$XROOT"
    ENGINE_DIR=${ENGINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rft-workbench/djl}
    # shellcheck disable=SC2086
    timed window env XDG_CACHE_HOME="$XROOT/cache" XDG_CONFIG_HOME="$XROOT/config" XDG_DATA_HOME="$XROOT/data" \
        ENGINE_CACHE_DIR="$ENGINE_DIR" DJL_CACHE_DIR="$ENGINE_DIR" \
        xvfb-run -a -s "-screen 0 1400x900x24" java $JAVA_OPTS -Dprism.order=sw \
        -Drft.project="$PROJECT/project.json" -Drft.snapshot="$SHOTDIR/rehearsal.png" -Drft.snapshotAfterMs="$SHOTS" \
        -Drft.exitAfterMs=$((LAST + 5000)) -jar "$JAR"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "rehearsal $TAG in $WORK (JAVA_OPTS=$JAVA_OPTS), load average $LOAD_BEFORE" >&2

# 1. the project
if [ -f "$PROJECT/project.json" ]; then
    echo "1. reusing $PROJECT" >&2
    WALL[make]="(reused)"
    RSS[make]="-"
else
    echo "1. make-rehearsal" >&2
    rm -rf "$PROJECT"
    timed make "${RFT[@]}" make-rehearsal "$PROJECT" --images "$IMAGES" --seed "$SEED" --batch-size "$BATCH" -q
fi
N_VAL=$(find "$PROJECT/val" -type f | wc -l)
N_SUBSET=$(find "$PROJECT/subset" -type f | wc -l)
N=$((N_VAL + N_SUBSET))
IMAGE_MB=$(du -sbc "$PROJECT/val" "$PROJECT/subset" | awk 'END { printf "%.1f", $1 / 1e6 }')
CKPT_MB=$(du -sb "$PROJECT/checkpoints" | awk '{ printf "%.1f", $1 / 1e6 }')

if [ "$WINDOW_ONLY" = 1 ]; then
    take_screenshots
    echo "screenshots: $SHOTDIR ($(ls "$SHOTDIR" | tr '\n' ' ')), peak RSS ${RSS[window]} MiB" >&2
    exit 0
fi

# 2-3. first preparation through sweep: a cold and a warm tensor cache, the same single alpha computed in both
echo "2. sweep --alphas 0, cold cache" >&2
rm -rf "$CACHE"
timed cold "${RFT[@]}" sweep "$PROJECT/project.json" --alphas 0 --cache-dir "$CACHE" -q
if skipped 3; then
    WALL[warm]="-"; RSS[warm]="-"
else
    echo "3. sweep --alphas 0, warm tensor cache, fresh result cache" >&2
    timed warm "${RFT[@]}" sweep "$PROJECT/project.json" --alphas 0 --cache-dir "$CACHE" --results-dir "$CACHE/results-warm" -q
fi
# Preparation time from the tensor cache files themselves: each is created (birth time) when its dataset's decoding
# starts and last written when it ends, so the union of [birth, mtime] over the files is the time spent decoding,
# resizing and writing (without listing the folders and the final fsync), whatever else the run did meanwhile.
PREP_S=$(stat -c '%.9W %.9Y' "$CACHE"/tensors/*.rftc | sort -n | awk '
    { if (NR == 1 || $1 > end) { total += end - start; start = $1; end = $2 } else if ($2 > end) { end = $2 } }
    END { total += end - start; printf "%.2f", total }')
COLD_MINUS_WARM=-
if ! skipped 3; then
    COLD_MINUS_WARM=$(calc "%.1f" "(${WALL[cold]}) - (${WALL[warm]})")
fi
if stat -c '%W' "$CACHE"/tensors/*.rftc | grep -qvx '[1-9][0-9]*'; then
    echo "  (this file system keeps no birth times: preparation = cold - warm run)" >&2
    PREP_S=$COLD_MINUS_WARM
fi
PREP_RATE=$(calc "%.1f" "($PREP_S) > 0 ? ($N) / ($PREP_S) : 0")

# 4. Pillow on the same files
echo "4. Pillow" >&2
$PYTHON "$HERE/pillow_prepare.py" "$PROJECT/val" "$PROJECT/subset" >"$LOGS/pillow.out"
PILLOW_RATE=$(sed -n 's/.*-> \([0-9.]*\) img\/s.*/\1/p' "$LOGS/pillow.out")
PREP_VS_PILLOW=$(calc "%.2f" "($PILLOW_RATE) > 0 ? ($PREP_RATE) / ($PILLOW_RATE) : 0")

# 5. cache size
TENSOR_MB=$(du -sb "$CACHE/tensors" | awk '{ printf "%.1f", $1 / 1e6 }')
TENSOR_KB_PER_IMAGE=$(calc "%.1f" "($TENSOR_MB) * 1000 / ($N)")

# 6. evaluation through the sweep: 2 alphas computed, then the same sweep served from the cache (the overhead)
if skipped 6; then
    WALL[sweep]="-"; RSS[sweep]="-"; WALL[cached]="-"; EVAL_S=-; EVAL_RATE=-; ALPHA_S=-
else
    echo "6. sweep --alphas 0,0.5,1 (2 computed), then again (0 computed)" >&2
    timed sweep "${RFT[@]}" sweep "$PROJECT/project.json" --alphas 0,0.5,1 --cache-dir "$CACHE" --results-dir "$CACHE/results-warm" -q
    timed cached "${RFT[@]}" sweep "$PROJECT/project.json" --alphas 0,0.5,1 --cache-dir "$CACHE" --results-dir "$CACHE/results-warm" -q
    EVAL_S=$(calc "%.1f" "(${WALL[sweep]}) - (${WALL[cached]})")
    EVAL_RATE=$(calc "%.1f" "($EVAL_S) > 0 ? 2 * ($N) / ($EVAL_S) : 0")
    ALPHA_S=$(calc "%.1f" "($EVAL_S) / 2")
fi

# 7. bare forward at the same batch size
if skipped 7; then
    FORWARD_RATE=-; BENCH_EVAL_RATE=-; THREADS=-; EVAL_VS_FORWARD=-
else
    echo "7. bench --only evaluation, batch $BATCH" >&2
    timed bench "${RFT[@]}" bench --model ViT-B-32-quickgelu --only evaluation --eval-images "$BATCH" \
        --batch-size "$BATCH" --rounds 1 --cache-dir "$CACHE/bench"
    FORWARD_RATE=$(sed -n 's/.*vs bare forward \([0-9.]*\) img\/s.*/\1/p' "$LOGS/bench.out")
    BENCH_EVAL_RATE=$(sed -n 's/^evaluation: .*: \([0-9.]*\) img\/s vs.*/\1/p' "$LOGS/bench.out")
    THREADS=$(sed -n 's/.*intra-op threads: \([0-9]*\).*/\1/p' "$LOGS/bench.out")
    if ! skipped 6; then
        EVAL_VS_FORWARD=$(calc "%.2f" "($FORWARD_RATE) > 0 ? ($EVAL_RATE) / ($FORWARD_RATE) : 0")
    else
        EVAL_VS_FORWARD=-
    fi
fi

# 8. slider latency on the warm tensor cache
if skipped 8; then
    WALL[latency]="-"; RSS[latency]="-"; FIRST_MS=-; EXACT_MS=-
else
    echo "8. bench-latency --moves $MOVES" >&2
    timed latency "${RFT[@]}" bench-latency "$PROJECT/project.json" --moves "$MOVES" --cache-dir "$CACHE"
    FIRST_MS=$(sed -n 's/^first estimate.*median \([0-9.]*\) ms.*/\1/p' "$LOGS/latency.out")
    EXACT_MS=$(sed -n 's/^exact full-set values.*median \([0-9.]*\) ms.*/\1/p' "$LOGS/latency.out")
fi

# 9. the window, screenshots during preparation, at the first estimate and while the grid fills
WINDOW_ROW=
if [ "$WINDOW" = 1 ] && command -v xvfb-run >/dev/null; then
    if [ -z "$SHOTS" ]; then
        START_S=$(calc "%.1f" "(${WALL[cached]}) + 3")
        SHOTS=$(awk -v s="$START_S" -v p="$PREP_S" -v f="$FIRST_MS" -v e="$EXACT_MS" -v a="$ALPHA_S" 'BEGIN {
            printf "%d,%d,%d", 1000 * (s + p / 2), 1000 * (s + p) + f + 2000, 1000 * (s + p + 1.5 * a) + e }')
    fi
    take_screenshots
    WINDOW_ROW="| window (cold cache, until exit) | ${WALL[window]} s | ${RSS[window]} MiB | screenshots at $SHOTS ms: $(ls "$SHOTDIR" | tr '\n' ' ')|"
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

SUMMARY="$WORK/summary-$TAG.md"
{
    echo "Rehearsal $TAG: $N_VAL + $N_SUBSET images ($IMAGE_MB MB of JPEG), checkpoints $CKPT_MB MB, batch $BATCH;"
    echo "$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), libtorch intra-op threads $THREADS,"
    echo "JAVA_OPTS=$JAVA_OPTS, $(java -version 2>&1 | head -1); load average $LOAD_BEFORE before, $LOAD_AFTER after."
    echo
    echo "| measure | value | how |"
    echo "|---|---|---|"
    echo "| first preparation | **$PREP_RATE img/s** ($PREP_S s for $N images) | tensor cache files' birth to last write; whole cold sweep ${WALL[cold]} s, warm ${WALL[warm]} s (difference $COLD_MINUS_WARM s) |"
    echo "| Pillow, same files, 1 thread | $PILLOW_RATE img/s | **workbench/Pillow $PREP_VS_PILLOW** |"
    echo "| tensor cache on disk | $TENSOR_MB MB ($TENSOR_KB_PER_IMAGE kB/image) | du of CACHE/tensors |"
    echo "| evaluation in the sweep | **$EVAL_RATE img/s** ($ALPHA_S s per alpha) | sweep of 2 alphas ${WALL[sweep]} s - all cached ${WALL[cached]} s |"
    echo "| bare forward, batch $BATCH | $FORWARD_RATE img/s (bench evaluator $BENCH_EVAL_RATE) | **sweep/bare forward $EVAL_VS_FORWARD** |"
    echo "| slider: first estimate | **$FIRST_MS ms** (median of $MOVES) | bench-latency |"
    echo "| slider: exact values | **$EXACT_MS ms** (median of $MOVES) | bench-latency |"
    echo "| start-up, nothing computed | ${WALL[cached]} s | sweep with every cell cached |"
    echo "| generation | ${WALL[make]} s | make-rehearsal |"
    echo
    echo "| JVM | wall | peak RSS | note |"
    echo "|---|---|---|---|"
    echo "| make-rehearsal | ${WALL[make]} s | ${RSS[make]} MiB | |"
    echo "| sweep, cold cache (preparation + 1 alpha) | ${WALL[cold]} s | ${RSS[cold]} MiB | |"
    echo "| sweep, 2 alphas | ${WALL[sweep]} s | ${RSS[sweep]} MiB | |"
    echo "| bench-latency | ${WALL[latency]} s | ${RSS[latency]} MiB | warm-up + $MOVES moves |"
    if [ -n "$WINDOW_ROW" ]; then
        echo "$WINDOW_ROW"
    fi
} >"$SUMMARY"
cat "$SUMMARY"
echo "logs: $LOGS; screenshots: $SHOTDIR; summary: $SUMMARY" >&2
if [ "$CLEAN" = 1 ]; then
    rm -rf "$CACHE" "$WORK/window-$TAG"
fi
