#!/usr/bin/env bash
# Writes wwwroot/mnist: the first TRAIN images and labels of MNIST's training set and the first
# TEST of its test set, cut from data/mnist as gzip IDX files under the original names (the
# count in each header set to match), so MnistDataset reads them as it reads the full set.
#   samples/LeNet.Browser/make-mnist-subset.sh [TRAIN] [TEST]     (defaults: 10000 1000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$here/../../data/mnist"
out="$here/wwwroot/mnist"
train="${1:-10000}"
test="${2:-1000}"
mkdir -p "$out"

raw="$(mktemp)"
trap 'rm -f "$raw"' EXIT

# cut NAME COUNT HEADER_BYTES RECORD_BYTES
cut() {
    local name="$1" count="$2" header="$3" record="$4"
    gzip -dc "$source_dir/$name.gz" > "$raw"
    {
        # Magic number, then the count as a big-endian 32-bit integer, then the other dimensions and the records.
        head -c 4 "$raw"
        printf '%08x' "$count" | xxd -r -p
        head -c $((header + count * record)) "$raw" | tail -c +9
    } | gzip -9 -n > "$out/$name.gz"
}

cut train-images-idx3-ubyte "$train" 16 784
cut train-labels-idx1-ubyte "$train" 8 1
cut t10k-images-idx3-ubyte "$test" 16 784
cut t10k-labels-idx1-ubyte "$test" 8 1
ls -l "$out"
