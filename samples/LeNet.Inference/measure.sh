#!/usr/bin/env bash
# Measures one build of the inference sample: executable size, wall time of a process that
# classifies one image (start-up to first prediction, median of 21 runs) and peak memory
# (maximum resident set size, GNU time) for one image and for the 10,000 MNIST test images.
# Needs GNU time (apt-get install -y time) and bc.
#   samples/LeNet.Inference/measure.sh <executable> <image.pgm>
set -euo pipefail
exe="$1"; image="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs=()
for _ in $(seq 21); do
  s=$EPOCHREALTIME; "$exe" "$image" > /dev/null; e=$EPOCHREALTIME
  runs+=("$(echo "($e - $s) * 1000" | bc -l)")
done
median=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 11p)
one=$(/usr/bin/time -f %M "$exe" "$image" 2>&1 >/dev/null | tail -1)
full=$(/usr/bin/time -f "%M" "$exe" "$root/data/mnist/t10k-images-idx3-ubyte.gz" \
  --labels "$root/data/mnist/t10k-labels-idx1-ubyte.gz" --quiet 2>&1 | tr '\n' ' ')
printf 'size %s bytes | one image %.1f ms | peak RSS one image %s KB | test set: %s\n' \
  "$(stat -c %s "$exe")" "$median" "$one" "$full"
