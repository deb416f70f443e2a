#!/usr/bin/env bash
# Spark runner overhead against the embedded service on the same cells (docs/BENCHMARKS.md, "Spark"): one sweep of
# the WiSE-FT sample, each run from an empty result cache (the tensor cache is filled once before), JVM start
# included, in one session so the ratio compares like with like:
#   embedded            java -jar target/rft-workbench.jar sweep ...
#   spark local[2]      tools/rft-spark sweep ... --engine spark --master local[2]
#   1 / 2 executors     --master local-cluster[N,1,2048]: executor JVMs of their own, one core each
# Usage: tools/bench/spark_overhead.sh [--trials 3] [--alphas 0:1:0.05]   (after mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
trials=3
alphas=0:1:0.05
while [ $# -gt 0 ]; do
    case "$1" in
        --trials) trials="$2"; shift 2 ;;
        --alphas) alphas="$2"; shift 2 ;;
        *) echo "usage: $0 [--trials N] [--alphas GRID]" >&2; exit 2 ;;
    esac
done
project=sample-projects/fashion-clip-wiseft/project.json
work=$(mktemp -d /tmp/rft-spark-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_USER="${SPARK_USER:-$(id -un)}"
mkdir -p "$SPARK_HOME/jars"
java -jar target/rft-workbench.jar sweep "$project" --alphas 0 --cache-dir "$work/cache" -q > /dev/null 2>&1
run() { # embedded|spark, then the sweep's extra arguments; prints seconds
    local results="$work/results-$RANDOM$RANDOM" start end launcher
    if [ "$1" = embedded ]; then launcher=(java -jar target/rft-workbench.jar); else launcher=(tools/rft-spark); fi
    shift
    start=$(date +%s.%N)
    "${launcher[@]}" sweep "$project" --alphas "$alphas" --cache-dir "$work/cache" --results-dir "$results" -q "$@" \
        > /dev/null 2> "$work/err"
    end=$(date +%s.%N)
    grep -q "computed, 0 from cache" "$work/err" || { cat "$work/err" >&2; exit 1; }
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
cells=$(java -jar target/rft-workbench.jar sweep "$project" --alphas "$alphas" --cache-dir "$work/cache" \
    --results-dir "$work/count" -q 2>&1 >/dev/null | sed -n 's/^cells: \([0-9]*\) computed.*/\1/p')
echo "cells per run: $cells ($alphas x the readout datasets); trials: $trials; load: $(cut -d' ' -f1-3 /proc/loadavg)"
opts=(--engine spark --spark-conf spark.ui.enabled=false)
xopts=(--spark-conf "spark.executor.extraJavaOptions=-Dai.djl.pytorch.num_threads=1" --spark-conf spark.executor.memory=2g)
for t in $(seq "$trials"); do
    e=$(run embedded)
    l=$(run spark --master 'local[2]' "${opts[@]}")
    c1=$(run spark --master 'local-cluster[1,1,2048]' "${opts[@]}" "${xopts[@]}")
    c2=$(run spark --master 'local-cluster[2,1,2048]' "${opts[@]}" "${xopts[@]}")
    printf 'trial %d: embedded %.1f s, local[2] %.1f s, 1 executor %.1f s, 2 executors %.1f s\n' "$t" "$e" "$l" "$c1" "$c2"
    echo "$e $l $c1 $c2" >> "$work/times"
done
/usr/bin/python3 - "$work/times" "$cells" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
cells = int(sys.argv[2])
med = [statistics.median(r[i] for r in rows) for i in range(4)]
names = ["embedded", "spark local[2]", "spark 1 executor", "spark 2 executors"]
for n, m in zip(names, med):
    print(f"{n:18s} median {m:6.1f} s  {cells / m:5.2f} cells/s  ratio to embedded {m / med[0]:.2f}")
PY
