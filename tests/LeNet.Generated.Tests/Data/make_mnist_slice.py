#!/usr/bin/python3
"""Writes the MNIST slice the tests read: the first 4,000 training and 1,000 test images and labels.

Run from anywhere (python3 standard library only):
    /usr/bin/python3 tests/LeNet.Generated.Tests/Data/make_mnist_slice.py
Reads data/mnist/ at the repository root and writes valid gzip IDX files with the standard names
to mnist-slice/ beside this script. gzip gets mtime 0 and no file name, so the output is the same
on every run.
"""
import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "..", "data", "mnist")
TARGET = os.path.join(HERE, "mnist-slice")
SLICES = [("train", 4000), ("t10k", 1000)]


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    found, = struct.unpack(">I", data[:4])
    assert found == magic, f"{path}: magic 0x{found:08x}, expected 0x{magic:08x}"
    dims = struct.unpack(">%dI" % (magic & 0xFF), data[4:4 + 4 * (magic & 0xFF)])
    return dims, data[4 + 4 * len(dims):]


def write_idx(path, magic, dims, body):
    header = struct.pack(">I%dI" % len(dims), magic, *dims)
    with open(path, "wb") as f:
        f.write(gzip.compress(header + body, compresslevel=9, mtime=0))


def main():
    os.makedirs(TARGET, exist_ok=True)
    for prefix, count in SLICES:
        (total, rows, cols), images = read_idx(os.path.join(SOURCE, f"{prefix}-images-idx3-ubyte.gz"), 0x803)
        (labels_total,), labels = read_idx(os.path.join(SOURCE, f"{prefix}-labels-idx1-ubyte.gz"), 0x801)
        assert total == labels_total >= count
        write_idx(os.path.join(TARGET, f"{prefix}-images-idx3-ubyte.gz"), 0x803, (count, rows, cols), images[:count * rows * cols])
        write_idx(os.path.join(TARGET, f"{prefix}-labels-idx1-ubyte.gz"), 0x801, (count,), labels[:count])
        print(f"{prefix}: {count} of {total} images, labels start {list(labels[:10])}")


if __name__ == "__main__":
    main()
