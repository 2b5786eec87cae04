#!/usr/bin/python3
"""PyTorch <-> LeNet.Generated weights, both ways, through safetensors files.

Run with Debian's PyTorch (apt-get install python3-torch), from anywhere:
    /usr/bin/python3 tests/LeNet.Generated.Tests/Interop/pytorch_interop.py

1. Builds the reference PyTorch LeNet5 (nn.Sequential `features` and `classifier`, so its
   state_dict keys are features.0.weight ... classifier.4.bias), seeds it, trains it briefly on
   MNIST and writes its state_dict to pytorch-lenet5.safetensors, and its logits on the 10,000
   test images to pytorch-lenet5-logits.safetensors. The C# tests load the weights through
   SequentialNames.LeNet5 and must give the same logits (InteropTests).
2. Loads the weights the generated network trained (samples/LeNet.Inference/lenet5.safetensors,
   keys conv1.weight ... fc3.bias) into the same PyTorch model and writes its logits on the test
   set to generated-lenet5-logits.safetensors; the C# tests check the generated network predicts
   the same class for every image.

The `safetensors` package is not in Debian, so the format is written and read by hand: an 8-byte
little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, the data.
"""
import gzip
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MNIST = os.path.join(ROOT, "data", "mnist")
GENERATED_WEIGHTS = os.path.join(ROOT, "samples", "LeNet.Inference", "lenet5.safetensors")

# nn.Sequential index of each parameterised layer -> the generated network's layer name.
SEQUENTIAL_TO_GENERATED = {
    "features.0": "conv1", "features.3": "conv2",
    "classifier.0": "fc1", "classifier.2": "fc2", "classifier.4": "fc3",
}


class LeNet5(nn.Module):
    """The reference LeNet-5: tanh, average pooling, 28x28 input padded by the first convolution."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.Tanh(), nn.AvgPool2d(2),
            nn.Conv2d(6, 16, 5), nn.Tanh(), nn.AvgPool2d(2))
        self.classifier = nn.Sequential(
            nn.Linear(400, 120), nn.Tanh(),
            nn.Linear(120, 84), nn.Tanh(),
            nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


def read_idx(name):
    with gzip.open(os.path.join(MNIST, name + ".gz"), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(prefix):
    # ToTensor() then Normalize((0.1307,), (0.3081,)), in float32 as torchvision does.
    images = torch.from_numpy(read_idx(prefix + "-images-idx3-ubyte").copy()).float().div(255)
    images = images.sub(0.1307).div(0.3081).unsqueeze(1)
    labels = torch.from_numpy(read_idx(prefix + "-labels-idx1-ubyte").astype(np.int64))
    return images, labels


def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = metadata
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # safetensors pads the header with spaces to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", f"{path}: {name} is {entry['dtype']}, expected F32"
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[start + begin:start + end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def to_generated_names(name):
    module, _, kind = name.rpartition(".")
    return SEQUENTIAL_TO_GENERATED[module] + "." + kind


def to_sequential_names(name):
    inverse = {v: k for k, v in SEQUENTIAL_TO_GENERATED.items()}
    module, _, kind = name.rpartition(".")
    return inverse[module] + "." + kind


def logits_of(model, images):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(images[i:i + 1000]) for i in range(0, len(images), 1000)])


def main():
    torch.manual_seed(5)
    torch.set_num_threads(2)
    train_images, train_labels = mnist("train")
    test_images, test_labels = mnist("t10k")

    # 1. PyTorch-trained weights for the generated network: one short epoch is enough to give
    #    logits of realistic size (a trained net's, not an initialisation's).
    model = LeNet5()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    order = torch.randperm(len(train_images))
    began = time.time()
    model.train()
    for step in range(0, len(order), 64):
        batch = order[step:step + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(train_images[batch]), train_labels[batch])
        loss.backward()
        optimizer.step()
    logits = logits_of(model, test_images)
    accuracy = (logits.argmax(1) == test_labels).float().mean().item()
    print(f"PyTorch LeNet5: one epoch in {time.time() - began:.1f} s, test accuracy {accuracy:.2%}")
    write_safetensors(os.path.join(HERE, "pytorch-lenet5.safetensors"), model.state_dict(),
                      {"source": "pytorch_interop.py", "test_accuracy": f"{accuracy:.4f}"})
    write_safetensors(os.path.join(HERE, "pytorch-lenet5-logits.safetensors"), {"logits": logits})

    # 2. The generated network's weights in PyTorch.
    generated = read_safetensors(GENERATED_WEIGHTS)
    model = LeNet5()
    model.load_state_dict({to_sequential_names(k): v for k, v in generated.items()})
    logits = logits_of(model, test_images)
    accuracy = (logits.argmax(1) == test_labels).float().mean().item()
    print(f"generated LeNet5's weights in PyTorch: test accuracy {accuracy:.2%} ({int(round(accuracy * 10000))} of 10,000)")
    write_safetensors(os.path.join(HERE, "generated-lenet5-logits.safetensors"), {"logits": logits})


if __name__ == "__main__":
    main()
