#!/usr/bin/python3
"""PyTorch's speed on the workloads of benchmarks/LeNet.Benchmarks, for comparison on the same machine.

Run with Debian's PyTorch (apt-get install -y python3-torch), from anywhere:
    /usr/bin/python3 benchmarks/peers/pytorch_lenet5.py            # about two minutes
    /usr/bin/python3 benchmarks/peers/pytorch_lenet5.py --quick    # a smoke run, seconds

The network is the seed LeNet-5 of the generated benchmarks (28x28 input, Conv2d(1,6,5,padding=2)
+ Tanh, AvgPool2d(2), Conv2d(6,16,5) + Tanh, AvgPool2d(2), Linear(400,120) + Tanh,
Linear(120,84) + Tanh, Linear(84,10)), float32, with the benchmarks' weights
(LeNet.Benchmarks/lenet5.safetensors) and the same kinds of input: normalised noise of the same
range, or the first 16 MNIST training batches of 64 (data/mnist). Cases, as in TrainingBenchmarks and InferenceBenchmarks:

- a training step on a batch of 64: zero_grad, forward, CrossEntropyLoss, backward, SGD step
  (lr 0.01, momentum 0.9), on noise and on MNIST;
- inference (torch.inference_mode, eval mode) of one image, and of a batch of 256;

each on 1 and 2 threads (torch.set_num_threads). Every case is warmed up, then timed in blocks of
a fixed number of calls; the table gives the median block per image, and the fastest and slowest
block, so a noisy machine shows as a wide spread. The output is a markdown table and the machine.
"""
import argparse
import gzip
import json
import os
import platform
import statistics
import struct
import subprocess
import time
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
WEIGHTS = os.path.join(ROOT, "benchmarks", "LeNet.Benchmarks", "lenet5.safetensors")
MNIST = os.path.join(ROOT, "data", "mnist")
MEAN, STD = 0.1307, 0.3081


def lenet5():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(1, 6, 5, padding=2), act1=nn.Tanh(), pool1=nn.AvgPool2d(2),
        conv2=nn.Conv2d(6, 16, 5), act2=nn.Tanh(), pool2=nn.AvgPool2d(2),
        flatten=nn.Flatten(),
        fc1=nn.Linear(400, 120), act3=nn.Tanh(),
        fc2=nn.Linear(120, 84), act4=nn.Tanh(),
        fc3=nn.Linear(84, 10)))


def read_safetensors(path):
    """float32 tensors of a safetensors file (the `safetensors` package is not in Debian)."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        values = struct.unpack(f"<{(end - begin) // 4}f", data[begin:end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(entry["shape"])
    return tensors


def network():
    model = lenet5()
    model.load_state_dict(read_safetensors(WEIGHTS))
    return model


def noise(count):
    """Normalised noise in [-0.5, 2.5), the range of the C# benchmarks' Workload.Images; labels 0-9 in turn."""
    generator = torch.Generator().manual_seed(42)
    images = torch.rand(count, 1, 28, 28, generator=generator) * 3 - 0.5
    return images, torch.arange(count) % 10


def mnist_batches(count, batch):
    """The first count batches of the MNIST training set, normalised as the training sample does."""
    with gzip.open(os.path.join(MNIST, "train-images-idx3-ubyte.gz"), "rb") as f:
        pixels = f.read()[16:16 + count * batch * 784]
    with gzip.open(os.path.join(MNIST, "train-labels-idx1-ubyte.gz"), "rb") as f:
        labels = f.read()[8:8 + count * batch]
    images = (torch.frombuffer(bytearray(pixels), dtype=torch.uint8).float() / 255 - MEAN) / STD
    images = images.reshape(count, batch, 1, 28, 28)
    labels = torch.frombuffer(bytearray(labels), dtype=torch.uint8).long().reshape(count, batch)
    return [(images[b].contiguous(), labels[b].contiguous()) for b in range(count)]


def measure(call, images_per_call, warmup_seconds, blocks, block_seconds):
    """Median, fastest and slowest block in microseconds per image."""
    end = time.perf_counter() + warmup_seconds
    calls = 0
    while time.perf_counter() < end or calls < 3:
        call()
        calls += 1
    # Calls per block from the warm-up's pace, so each block lasts about block_seconds.
    per_call = warmup_seconds / calls
    per_block = max(1, int(block_seconds / per_call))
    times = []
    for _ in range(blocks):
        start = time.perf_counter()
        for _ in range(per_block):
            call()
        times.append((time.perf_counter() - start) * 1e6 / (per_block * images_per_call))
    return statistics.median(times), min(times), max(times)


def training_case(data):
    model = network()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_function = nn.CrossEntropyLoss()
    batches = [noise(64)] if data == "noise" else mnist_batches(16, 64)
    state = {"next": 0}

    def step():
        images, labels = batches[state["next"] % len(batches)]
        state["next"] += 1
        optimizer.zero_grad()
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()

    return step


def inference_case(batch):
    model = network()
    model.eval()
    images, _ = noise(batch)

    def forward():
        with torch.inference_mode():
            model(images)

    return forward


def lscpu(field):
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout.splitlines():
            name, _, value = line.partition(":")
            if name.strip() == field:
                return value.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated (default 1,2)")
    parser.add_argument("--blocks", type=int, default=21, help="timed blocks per case (default 21)")
    parser.add_argument("--block-seconds", type=float, default=0.25, help="length of a block (default 0.25)")
    parser.add_argument("--warmup-seconds", type=float, default=1.0, help="warm-up per case (default 1)")
    parser.add_argument("--quick", action="store_true", help="3 blocks of 0.05 s after 0.1 s of warm-up")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.blocks, arguments.block_seconds, arguments.warmup_seconds = 3, 0.05, 0.1

    torch.set_num_interop_threads(1)
    cases = [
        ("training step, batch 64, noise", 64, lambda: training_case("noise")),
        ("training step, batch 64, MNIST", 64, lambda: training_case("MNIST")),
        ("inference, batch 1", 1, lambda: inference_case(1)),
        ("inference, batch 256", 256, lambda: inference_case(256)),
    ]
    rows = []
    for threads in (int(t) for t in arguments.threads.split(",")):
        torch.set_num_threads(threads)
        for name, images, make in cases:
            median, fastest, slowest = measure(make(), images, arguments.warmup_seconds, arguments.blocks, arguments.block_seconds)
            rows.append((name, threads, median, fastest, slowest))

    print("| case | threads | µs per image (median) | images/s | fastest – slowest block (µs) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, threads, median, fastest, slowest in sorted(rows, key=lambda r: (r[0], r[1])):
        print(f"| {name} | {threads} | {median:,.2f} | {1e6 / median:,.0f} | {fastest:,.2f} – {slowest:,.2f} |")
    print()
    print(f"CPU: {lscpu('Model name')} (family {lscpu('CPU family')}, model {lscpu('Model')}), {os.cpu_count()} logical CPUs")
    capability = [line.strip() for line in torch.__config__.show().splitlines() if "CPU capability" in line]
    print(f"PyTorch {torch.__version__} ({'; '.join(capability) or 'capability not reported'}), Python {platform.python_version()}")
    print(f"threads: torch.set_num_threads({arguments.threads}), interop threads {torch.get_num_interop_threads()}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"timing: {arguments.warmup_seconds} s warm-up, median of {arguments.blocks} blocks of about {arguments.block_seconds} s per case")


if __name__ == "__main__":
    main()
