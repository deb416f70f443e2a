#!/usr/bin/env bash
# The issue-4 pipeline on a project, from the CLI: sweep, straggler layers, sharpness heatmap, correlation table.
# Usage: tools/analyze_sample.sh PROJECT OUT_DIR [ALPHAS] [EXAMPLES]
# Writes OUT_DIR/{sweep,stragglers,sharpness,correlation}.{json,csv} and prints the tables.
# On a shared or loaded machine, one libtorch thread is much faster than two (oversubscription): THREADS=1 (default).
set -euo pipefail
project=$1
out=$2
alphas=${3:-0:1:0.1}
examples=${4:-256}
threads=${THREADS:-1}
jar=${JAR:-target/rft-workbench.jar}
mkdir -p "$out"
run() { java -Dai.djl.pytorch.num_threads="$threads" -jar "$jar" "$@"; }
run sweep "$project" --alphas "$alphas" --out "$out/sweep.json" --csv "$out/sweep.csv" -q
run stragglers "$project" --alphas "$alphas" --top-k 2 --out "$out/stragglers.json" --csv "$out/stragglers.csv"
run sharpness "$project" --alphas "$alphas" --examples "$examples" --out "$out/sharpness.json" --csv "$out/sharpness.csv" -q
run correlate --sweep "$out/sweep.json" --sharpness "$out/sharpness.json" --stragglers-file "$out/stragglers.json" \
    --out "$out/correlation.json" --csv "$out/correlation.csv"
