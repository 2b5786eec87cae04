#!/usr/bin/python3
"""Writes the PyTorch golden vectors the parity tests compare against.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/LeNet.Generated.Tests/Golden/make_golden.py
A batch of 19 runs through both kernel families: lane groups of 8 or 16 images and the rest one by one.
Each network below is the PyTorch twin of a declaration in Networks.cs; module names give the
same state_dict keys. For a fixed batch the JSON holds the parameters, inputs, labels, logits,
mean cross-entropy loss, every parameter gradient, the input gradient, and the parameters after
one and two SGD steps (momentum and weight decay) on that batch.
"""
import json
import os
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
SGD = dict(lr=0.1, momentum=0.9, weight_decay=5e-4)


def lenet5():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(1, 6, 5, padding=2), act1=nn.Tanh(), pool1=nn.AvgPool2d(2),
        conv2=nn.Conv2d(6, 16, 5), act2=nn.Tanh(), pool2=nn.AvgPool2d(2),
        flatten=nn.Flatten(),
        fc1=nn.Linear(400, 120), act3=nn.Tanh(),
        fc2=nn.Linear(120, 84), act4=nn.Tanh(),
        fc3=nn.Linear(84, 10)))


def mixed():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3, stride=2, padding=1), act1=nn.ReLU(), pool1=nn.MaxPool2d(2, stride=1),
        conv2=nn.Conv2d(4, 5, 3), act2=nn.Sigmoid(), pool2=nn.AvgPool2d(3, stride=1),
        flatten=nn.Flatten(),
        fc1=nn.Linear(20, 12), act3=nn.ReLU(), act4=nn.Tanh(),
        fc2=nn.Linear(12, 7)))


def flat(tensors):
    # 9 significant digits identify a float32 exactly and keep the files small.
    return [float("%.9g" % v) for t in tensors for v in t.detach().double().reshape(-1).tolist()]


def golden(name, model, input_shape, classes, batch, seed):
    torch.manual_seed(seed)
    model = model()
    inputs = torch.randn(batch, *input_shape)
    labels = torch.randint(0, classes, (batch,))
    params = list(model.state_dict().items())
    record = OrderedDict(
        name=name,
        batch=batch,
        tensors=[dict(name=k, shape=list(v.shape)) for k, v in params],
        parameters=flat(v for _, v in params),
        inputs=flat([inputs]),
        labels=labels.tolist())

    loss_fn = nn.CrossEntropyLoss()
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
    optimizer.zero_grad()
    for step in (1, 2):
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        record[f"step{step}_loss"] = loss.item()
        record[f"parameters_after_step{step}"] = flat(p for p in model.parameters())

    path = os.path.join(HERE, f"{name}.json")
    with open(path, "w") as f:
        json.dump(record, f)
    print(f"{path}: {len(record['parameters'])} parameters, loss {record['loss']:.6f}, torch {torch.__version__}")


def optimizer_golden(name, optimizer_type, configs):
    """One optimizer alone, over its options, three steps on fixed gradients."""
    torch.manual_seed(3)
    start = torch.randn(8)
    grads = [torch.randn(8) for _ in range(3)]
    cases = []
    for config in configs:
        p = torch.nn.Parameter(start.clone())
        optimizer = optimizer_type([p], **config)
        steps = []
        for g in grads:
            p.grad = g.clone()
            optimizer.step()
            steps.append(flat([p]))
        cases.append(dict(config=config, steps=steps))
    record = dict(start=flat([start]), gradients=[flat([g]) for g in grads], cases=cases)
    path = os.path.join(HERE, f"{name}.json")
    with open(path, "w") as f:
        json.dump(record, f)
    print(f"{path}: {len(cases)} configurations")


optimizer_golden("sgd", torch.optim.SGD, [
    dict(lr=0.1),
    dict(lr=0.1, momentum=0.9),
    dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=1e-3),
    dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=1e-2),
])
optimizer_golden("adam", torch.optim.Adam, [
    dict(lr=0.01),
    dict(lr=0.001, betas=(0.8, 0.99), eps=1e-6, weight_decay=1e-2),
])
golden("lenet5", lenet5, (1, 28, 28), 10, batch=19, seed=1)
golden("mixed", mixed, (2, 13, 13), 7, batch=19, seed=2)
