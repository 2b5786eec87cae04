#!/usr/bin/python3
"""Writes the PyTorch golden vectors of the layers that behave differently in training and evaluation.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/LeNet.Generated.Tests/Golden/make_golden_modes.py
Each network is the PyTorch twin of a declaration in NetworksModes.cs. A batch of 19 runs through both
kernel families. Dropout draws its masks here exactly as the runtime does (DropoutMasks: SplitMix64's
finaliser over the step's key, the dropout layer, the image's place in the batch and the element), so
PyTorch computes with the same masks and its own arithmetic for everything else. The JSON holds the
parameters, inputs, labels, the logits and loss in evaluation and in training, every parameter gradient
and the input gradient in training, and the parameters after two SGD and two Adam steps.
"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
SGD = dict(lr=0.1, momentum=0.9, weight_decay=5e-4)
ADAM = dict(lr=0.01)
M = (1 << 64) - 1


def mix(z):
    z = (z + 0x9E3779B97F4A7C15) & M
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


def for_step(seed, epoch, step):
    """DropoutKey.ForStep."""
    return mix(mix(mix(seed & 0xFFFFFFFF) ^ (epoch & 0xFFFFFFFF)) ^ (step & M))


class KeyedDropout(nn.Module):
    """nn.Dropout with the runtime's masks: the key of the step is set on the module before each pass."""

    key = 0

    def __init__(self, p, index):
        super().__init__()
        self.p, self.index = p, index

    def forward(self, x):
        if not self.training:
            return x
        batch, length = x.shape[0], x[0].numel()
        keep = []
        for n in range(batch):
            image = mix(KeyedDropout.key ^ mix((self.index << 32) | n))
            keep.extend(1.0 if (mix((image + e) & M) >> 11) / 2.0 ** 53 >= self.p else 0.0 for e in range(length))
        # As PyTorch's own dropout: the noise is the mask divided by 1 - p in the tensor's type.
        noise = torch.tensor(keep, dtype=x.dtype).reshape(x.shape)
        noise.div_(1 - self.p)
        return x * noise


def dropout_net():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3, padding=1), act1=nn.ReLU(), dropout1=KeyedDropout(0.25, 0),
        pool1=nn.MaxPool2d(2), flatten=nn.Flatten(),
        fc1=nn.Linear(64, 12), act2=nn.Tanh(), dropout2=KeyedDropout(0.5, 1),
        fc2=nn.Linear(12, 5)))


def dropout_net_double():
    return nn.Sequential(OrderedDict(
        dropout1=KeyedDropout(0.2, 0),
        conv1=nn.Conv2d(2, 4, 3, padding=1), act1=nn.Tanh(), pool1=nn.AvgPool2d(2), flatten=nn.Flatten(),
        fc1=nn.Linear(64, 12), dropout2=KeyedDropout(0.5, 1), act2=nn.Sigmoid(),
        fc2=nn.Linear(12, 5))).double()


def flat(tensors):
    # 17 significant digits identify a double exactly (and a float32 with room to spare).
    return [float("%.17g" % v) for t in tensors for v in t.detach().double().reshape(-1).tolist()]


def golden(name, make, input_shape, classes, batch, seed, dtype):
    torch.manual_seed(seed)
    model = make()
    inputs = torch.randn(batch, *input_shape, dtype=dtype)
    labels = torch.randint(0, classes, (batch,))
    params = list(model.state_dict().items())
    # The keys of the network's own TrainStep calls (a network created with seed 0): step n is ForStep(0, 0, n).
    keys = [for_step(0, 0, n) for n in range(2)]
    record = OrderedDict(
        name=name,
        batch=batch,
        tensors=[dict(name=k, shape=list(v.shape)) for k, v in params],
        parameters=flat(v for _, v in params),
        inputs=flat([inputs]),
        labels=labels.tolist(),
        keys=[str(k) for k in keys])
    loss_fn = nn.CrossEntropyLoss()

    model.eval()
    with torch.no_grad():
        logits = model(inputs)
        record.update(eval_logits=flat([logits]), eval_loss=loss_fn(logits, labels).item())

    model.train()
    KeyedDropout.key = keys[0]
    x = inputs.clone().requires_grad_(True)
    logits = model(x)
    loss = loss_fn(logits, labels)
    loss.backward()
    record.update(
        train_logits=flat([logits]),
        train_loss=loss.item(),
        gradients=flat(p.grad for p in model.parameters()),
        input_gradient=flat([x.grad]),
        sgd=SGD,
        adam=ADAM)

    start = {k: v.clone() for k, v in model.state_dict().items()}
    for optimizer_name, optimizer_type, settings in (("sgd", torch.optim.SGD, SGD), ("adam", torch.optim.Adam, ADAM)):
        model.load_state_dict(start)
        optimizer = optimizer_type(model.parameters(), **settings)
        for step in (1, 2):
            KeyedDropout.key = keys[step - 1]
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), labels)
            loss.backward()
            optimizer.step()
            record[f"{optimizer_name}_step{step}_loss"] = loss.item()
            record[f"{optimizer_name}_parameters_after_step{step}"] = flat(p for p in model.parameters())

    path = os.path.join(HERE, f"{name}.json")
    with open(path, "w") as f:
        json.dump(record, f)
    print(f"{path}: {len(record['parameters'])} parameters, train loss {record['train_loss']:.6f}, eval loss {record['eval_loss']:.6f}, torch {torch.__version__}")


golden("dropout", dropout_net, (2, 8, 8), 5, 19, 11, torch.float32)
golden("dropout_double", dropout_net_double, (2, 8, 8), 5, 19, 12, torch.float64)
