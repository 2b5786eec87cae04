#!/usr/bin/python3
"""Writes the PyTorch golden vectors of the layers and losses beyond the seed's vocabulary.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/LeNet.Generated.Tests/Golden/make_golden_layers.py
Each network below is the PyTorch twin of a declaration in NetworksLayers.cs (module names give the
same state_dict keys), recorded in float32 (<name>.json) and float64 (<name>_double.json). A batch of
19 runs through both kernel families: lane groups of 2 to 16 images and the rest one by one. The JSON
holds what make_golden.py's does (parameters, inputs, labels, logits, loss, every parameter gradient,
the input gradient, the parameters after one and two SGD steps) and, for a loss with targets (MSE, BCE with
logits, reduction 'mean' over all N × outputs), the targets in place of the labels.
"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
SGD = dict(lr=0.1, momentum=0.9, weight_decay=5e-4)


def leaky():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3), act1=nn.LeakyReLU(), pool1=nn.AvgPool2d(2),
        conv2=nn.Conv2d(4, 5, 2), act2=nn.LeakyReLU(0.2),
        flatten=nn.Flatten(),
        fc1=nn.Linear(45, 8), act3=nn.Tanh(), act4=nn.LeakyReLU(negative_slope=0.3),
        fc2=nn.Linear(8, 6)))


def padded_pools():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3), act1=nn.ReLU(), pool1=nn.MaxPool2d(3, 2, 1),
        conv2=nn.Conv2d(4, 5, 2), act2=nn.Tanh(),
        pool2=nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
        pool3=nn.AvgPool2d(2, padding=1),
        flatten=nn.Flatten(),
        fc1=nn.Linear(20, 6)))


def global_pool():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3), act1=nn.ReLU(), pool1=nn.AdaptiveAvgPool2d(1), act2=nn.Tanh(),
        conv2=nn.Conv2d(4, 6, 1), pool2=nn.AdaptiveAvgPool2d(1),
        flatten=nn.Flatten()))


def regression():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(1, 3, 3), act1=nn.Tanh(), pool1=nn.MaxPool2d(2),
        flatten=nn.Flatten(),
        fc1=nn.Linear(27, 4), act2=nn.Sigmoid()))


def multi_label():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3), act1=nn.LeakyReLU(), pool1=nn.AdaptiveAvgPool2d(1),
        flatten=nn.Flatten(),
        fc1=nn.Linear(4, 5)))


def flat(tensors):
    # 17 significant digits identify a float64 exactly; a float32 needs 9, which "%.17g" also keeps exact.
    return [float("%.17g" % v) for t in tensors for v in t.detach().double().reshape(-1).tolist()]


def golden(name, model, input_shape, outputs, batch, seed, dtype, loss="cross_entropy"):
    torch.manual_seed(seed)
    model = model().to(dtype)
    inputs = torch.randn(batch, *input_shape, dtype=dtype)
    if loss == "cross_entropy":
        labels = torch.randint(0, outputs, (batch,))
        loss_fn = nn.CrossEntropyLoss()
    elif loss == "mse":
        labels = torch.rand(batch, outputs, dtype=dtype)
        loss_fn = nn.MSELoss()
    else:
        # Soft targets in [0, 1], and logits scaled up so that some are large: the loss's overflow-free form matters.
        labels = torch.rand(batch, outputs, dtype=dtype)
        loss_fn = nn.BCEWithLogitsLoss()
        with torch.no_grad():
            model.fc1.weight.mul_(8)
    params = list(model.state_dict().items())
    record = OrderedDict(
        name=name,
        batch=batch,
        tensors=[dict(name=k, shape=list(v.shape)) for k, v in params],
        parameters=flat(v for _, v in params),
        inputs=flat([inputs]))
    if loss == "cross_entropy":
        record["labels"] = labels.tolist()
    else:
        record["labels"] = []
        record["targets"] = flat([labels])

    x = inputs.clone().requires_grad_(True)
    logits = model(x)
    loss = loss_fn(logits, labels)
    loss.backward()
    record.update(
        logits=flat([logits]),
        loss=loss.item(),
        gradients=flat(p.grad for p in model.parameters()),
        input_gradient=flat([x.grad]),
        sgd=SGD)

    optimizer = torch.optim.SGD(model.parameters(), **SGD)
    for step in (1, 2):
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        record[f"step{step}_loss"] = loss.item()
        record[f"parameters_after_step{step}"] = flat(p for p in model.parameters())

    file = name if dtype == torch.float32 else name + "_double"
    path = os.path.join(HERE, f"{file}.json")
    with open(path, "w") as f:
        json.dump(record, f)
    print(f"{path}: {len(record['parameters'])} parameters, loss {record['loss']:.6f}, torch {torch.__version__}")


for dtype in (torch.float32, torch.float64):
    golden("leaky", leaky, (2, 10, 10), 6, batch=19, seed=11, dtype=dtype)
    golden("padded_pools", padded_pools, (2, 11, 11), 6, batch=19, seed=12, dtype=dtype)
    golden("global_pool", global_pool, (2, 9, 7), 6, batch=19, seed=13, dtype=dtype)
    golden("mse", regression, (1, 8, 8), 4, batch=19, seed=14, dtype=dtype, loss="mse")
    golden("bce_with_logits", multi_label, (2, 7, 7), 5, batch=19, seed=15, dtype=dtype, loss="bce")
