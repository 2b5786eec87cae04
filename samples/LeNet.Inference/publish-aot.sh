#!/usr/bin/env bash
# Publishes the inference sample with NativeAOT and fails on any trimming or AOT warning.
# Needs, besides the .NET 10 SDK: clang and zlib1g-dev (Debian: apt-get install -y clang zlib1g-dev).
# Then classifies the MNIST test set with the committed weights and prints the accuracy.
#   samples/LeNet.Inference/publish-aot.sh [output-directory [publish options...]]
# The output directory defaults to artifacts/aot; further options go to `dotnet publish`, e.g.
# -p:IlcInstructionSet=native for a binary that uses every instruction set of this machine
# (AVX-512 here) instead of the portable x86-64-v2 baseline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/artifacts/aot}"
shift || true
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# -warnaserror is already on (TreatWarningsAsErrors), but ILC's trim/AOT warnings (IL2xxx, IL3xxx)
# are checked by name too, so a change to that setting cannot hide them.
dotnet publish "$here/LeNet.Inference.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$out" \
  -nodeReuse:false "$@" 2>&1 | tee "$log"
if grep -E "warning (IL[0-9]{4}|CS[0-9]{4}|NU[0-9]{4})|: warning " "$log"; then
  echo "publish-aot.sh: the publish reported warnings (above); expected none." >&2
  exit 1
fi

echo "binary: $(stat -c %s "$out/LeNet.Inference") bytes"
"$out/LeNet.Inference" "$root/data/mnist/t10k-images-idx3-ubyte.gz" \
  --labels "$root/data/mnist/t10k-labels-idx1-ubyte.gz" --quiet
