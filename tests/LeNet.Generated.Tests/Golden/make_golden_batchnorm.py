#!/usr/bin/python3
"""Writes the PyTorch golden vectors of batch normalisation.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/LeNet.Generated.Tests/Golden/make_golden_batchnorm.py
Each network is the PyTorch twin of a declaration in NetworksBatchNorm.cs. A batch of 19 runs through whole
lane groups and the images left over at every width. The JSON holds the parameters (state_dict order, buffers
apart), inputs and labels; the logits and loss in evaluation with the initial running statistics; in training,
the logits, loss, every parameter gradient, the input gradient and the running statistics after that pass; and,
from the same start, two SGD and two Adam steps: the loss of each, the parameters after each, the buffers
after both, and the logits in evaluation after both. The float network's whole state_dict after the two SGD steps
is also written as batchnorm_state.safetensors (num_batches_tracked as PyTorch's int64), for the loader.
"""
import json
import os
import struct
from collections import OrderedDict

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
SGD = dict(lr=0.1, momentum=0.9, weight_decay=5e-4)
ADAM = dict(lr=0.01)


def batchnorm_net():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(2, 4, 3, padding=1), bn1=nn.BatchNorm2d(4), act1=nn.ReLU(),
        pool1=nn.MaxPool2d(2), flatten=nn.Flatten(),
        fc1=nn.Linear(64, 12), bn2=nn.BatchNorm1d(12), act2=nn.Tanh(),
        fc2=nn.Linear(12, 5)))


def batchnorm_net_double():
    return nn.Sequential(OrderedDict(
        bn1=nn.BatchNorm2d(2, affine=False),
        conv1=nn.Conv2d(2, 4, 3, padding=1), act1=nn.Tanh(), bn2=nn.BatchNorm2d(4, eps=1e-3, momentum=0.3),
        pool1=nn.AvgPool2d(2), flatten=nn.Flatten(),
        fc1=nn.Linear(64, 12), bn3=nn.BatchNorm1d(12), act2=nn.Sigmoid(),
        fc2=nn.Linear(12, 5))).double()


def flat(tensors):
    # 17 significant digits identify a double exactly (and a float32 with room to spare).
    return [float("%.17g" % v) for t in tensors for v in t.detach().double().reshape(-1).tolist()]


def write_safetensors(path, state):
    """The safetensors format written by hand: each tensor in its own dtype, little-endian, the header padded to 8 bytes."""
    dtypes = {torch.float32: ("F32", "<f"), torch.float64: ("F64", "<d"), torch.int64: ("I64", "<q")}
    header, offset, blobs = {}, 0, []
    for name, tensor in state.items():
        dtype, fmt = dtypes[tensor.dtype]
        values = tensor.detach().reshape(-1).tolist()
        data = struct.pack("<" + fmt[1] * len(values), *values)
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def golden(name, make, input_shape, classes, batch, seed, dtype):
    torch.manual_seed(seed)
    model = make()
    # Parameters away from their initial 1 and 0, so that a γ or β in the wrong place shows.
    with torch.no_grad():
        for key, value in model.named_parameters():
            if key.startswith("bn"):
                value.add_(0.2 * torch.randn_like(value))
    inputs = torch.randn(batch, *input_shape, dtype=dtype) * 1.5 + 0.3
    labels = torch.randint(0, classes, (batch,))
    params = list(model.named_parameters())
    buffers = list(model.named_buffers())
    record = OrderedDict(
        name=name,
        batch=batch,
        tensors=[dict(name=k, shape=list(v.shape)) for k, v in params],
        buffer_tensors=[dict(name=k, shape=list(v.shape)) for k, v in buffers],
        parameters=flat(v for _, v in params),
        inputs=flat([inputs]),
        labels=labels.tolist())
    loss_fn = nn.CrossEntropyLoss()
    start = {k: v.clone() for k, v in model.state_dict().items()}

    model.eval()
    with torch.no_grad():
        logits = model(inputs)
        record.update(eval_logits=flat([logits]), eval_loss=loss_fn(logits, labels).item())

    model.train()
    x = inputs.clone().requires_grad_(True)
    logits = model(x)
    loss = loss_fn(logits, labels)
    loss.backward()
    record.update(
        train_logits=flat([logits]),
        train_loss=loss.item(),
        gradients=flat(p.grad for p in model.parameters()),
        input_gradient=flat([x.grad]),
        buffers_after_train=flat(b for _, b in model.named_buffers()),
        sgd=SGD,
        adam=ADAM)

    for optimizer_name, optimizer_type, settings in (("sgd", torch.optim.SGD, SGD), ("adam", torch.optim.Adam, ADAM)):
        model.load_state_dict(start)
        model.train()
        optimizer = optimizer_type(model.parameters(), **settings)
        for step in (1, 2):
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), labels)
            loss.backward()
            optimizer.step()
            record[f"{optimizer_name}_step{step}_loss"] = loss.item()
            record[f"{optimizer_name}_parameters_after_step{step}"] = flat(p for p in model.parameters())
        record[f"{optimizer_name}_buffers_after_step2"] = flat(b for _, b in model.named_buffers())
        if optimizer_name == "sgd" and dtype == torch.float32:
            write_safetensors(os.path.join(HERE, f"{name}_state.safetensors"), model.state_dict())
        model.eval()
        with torch.no_grad():
            record[f"{optimizer_name}_eval_logits_after_step2"] = flat([model(inputs)])

    path = os.path.join(HERE, f"{name}.json")
    with open(path, "w") as f:
        json.dump(record, f)
    print(f"{path}: {len(record['parameters'])} parameters, train loss {record['train_loss']:.6f}, eval loss {record['eval_loss']:.6f}, torch {torch.__version__}")


golden("batchnorm", batchnorm_net, (2, 8, 8), 5, 19, 21, torch.float32)
golden("batchnorm_double", batchnorm_net_double, (2, 8, 8), 5, 19, 22, torch.float64)
