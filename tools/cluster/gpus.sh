#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript, docs/CLUSTER.md): prints the GPUs of this
# worker as Spark's ResourceInformation JSON, e.g. {"name": "gpu", "addresses": ["0", "1"]}. The addresses are CUDA
# device numbers; the Spark runner gives each task the GPU Spark assigned it (one task per GPU with
# spark.task.resource.gpu.amount=1). Honours CUDA_VISIBLE_DEVICES the way CUDA does (its entries are renumbered 0..).
set -euo pipefail
if ! command -v nvidia-smi > /dev/null 2>&1; then
    echo '{"name": "gpu", "addresses": []}'
    exit 0
fi
count=$(nvidia-smi --query-gpu=index --format=csv,noheader | wc -l)
if [ -n "${CUDA_VISIBLE_DEVICES:-}" ]; then
    count=$(echo "$CUDA_VISIBLE_DEVICES" | tr ',' '\n' | grep -c .)
fi
addresses=""
for ((i = 0; i < count; i++)); do
    addresses="${addresses:+$addresses, }\"$i\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
