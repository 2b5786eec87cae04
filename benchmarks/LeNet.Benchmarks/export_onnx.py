#!/usr/bin/python3
"""Writes lenet5.onnx: the PyTorch twin of the generated LeNet-5 with the weights of lenet5.safetensors.

Run with Debian's PyTorch: /usr/bin/python3 benchmarks/LeNet.Benchmarks/export_onnx.py
The benchmarks compare ONNX Runtime and the generated network on the same weights.
"""
import json
import os
import struct
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


def read_safetensors(path):
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


model = nn.Sequential(OrderedDict(
    conv1=nn.Conv2d(1, 6, 5, padding=2), act1=nn.Tanh(), pool1=nn.AvgPool2d(2),
    conv2=nn.Conv2d(6, 16, 5), act2=nn.Tanh(), pool2=nn.AvgPool2d(2),
    flatten=nn.Flatten(),
    fc1=nn.Linear(400, 120), act3=nn.Tanh(),
    fc2=nn.Linear(120, 84), act4=nn.Tanh(),
    fc3=nn.Linear(84, 10)))
model.load_state_dict(read_safetensors(os.path.join(HERE, "lenet5.safetensors")))
model.eval()
torch.onnx.export(model, torch.zeros(1, 1, 28, 28), os.path.join(HERE, "lenet5.onnx"),
                  input_names=["images"], output_names=["logits"],
                  dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
print("wrote lenet5.onnx, torch", torch.__version__)
