"""Write PyTorch reference values for the enn-baselines parity tests.

Builds small float64 modules with a fixed seed, runs them on fixed inputs and writes one JSON
file per module next to this script. Each file records the parameters by state-dict name, the
inputs, the outputs, the scalar loss sum(output * loss_weights), and the gradients of that loss
with respect to every parameter and the input. The Java tests read only the JSON files, so they never need
torch. Run it with the interpreter that has torch installed:

    python3 make_baseline_golden.py
"""

import json
import os
import platform

import torch
from torch import nn

SEED = 20240611
OUT_DIR = os.path.dirname(os.path.abspath(__file__))


def encode(tensor):
    """Return a tensor as {"shape": [...], "data": [row-major values]}."""
    t = tensor.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


def meta(description):
    return {
        "description": description,
        "torch": torch.__version__,
        "python": platform.python_version(),
        "dtype": "float64",
        "seed": SEED,
        "script": "make_baseline_golden.py",
        "loss": "sum(output * loss_weights)",
    }


def gradients(module, x):
    grads = {name: encode(p.grad) for name, p in module.named_parameters()}
    grads["input"] = encode(x.grad)
    return grads


def write(name, record):
    path = os.path.join(OUT_DIR, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1)
        f.write("\n")
    print("wrote", path)


def lstm_case():
    torch.manual_seed(SEED)
    lstm = nn.LSTM(input_size=3, hidden_size=4, num_layers=2, batch_first=True)
    x = torch.randn(2, 5, 3, requires_grad=True)
    weights = torch.randn(2, 5, 4)
    parameters = {name: encode(p) for name, p in lstm.named_parameters()}
    output, _ = lstm(x)
    loss = (output * weights).sum()
    loss.backward()
    write("baseline_lstm.json", {
        "meta": meta("nn.LSTM(3, 4, num_layers=2, batch_first=True), zero initial states"),
        "config": {"input_size": 3, "hidden_size": 4, "num_layers": 2},
        "parameters": parameters,
        "inputs": {"x": encode(x), "loss_weights": encode(weights)},
        "outputs": {"output": encode(output)},
        "loss": loss.item(),
        "gradients": gradients(lstm, x),
    })


def conv_batch_norm_case():
    torch.manual_seed(SEED + 1)
    conv = nn.Conv1d(3, 4, kernel_size=5, padding=2)
    norm = nn.BatchNorm1d(4)
    model = nn.Sequential(conv, norm)
    parameters = {name: encode(p) for name, p in model.named_parameters()}

    # one training-mode step: batch statistics, running statistics updated
    model.train()
    x = torch.randn(3, 3, 7, requires_grad=True)
    weights = torch.randn(3, 4, 7)
    output = model(x)
    loss = (output * weights).sum()
    loss.backward()
    train_grads = gradients(model, x)
    buffers = {name: encode(b) for name, b in model.named_buffers()}

    # then evaluation mode on a new input: running statistics
    model.eval()
    model.zero_grad()
    x_eval = torch.randn(2, 3, 6, requires_grad=True)
    weights_eval = torch.randn(2, 4, 6)
    output_eval = model(x_eval)
    loss_eval = (output_eval * weights_eval).sum()
    loss_eval.backward()

    write("baseline_conv_batchnorm.json", {
        "meta": meta("nn.Sequential(nn.Conv1d(3, 4, 5, padding=2), nn.BatchNorm1d(4)): one training-mode step,"
                     " then evaluation mode on a second input"),
        "config": {"in_channels": 3, "out_channels": 4, "kernel_size": 5},
        "parameters": parameters,
        "train": {
            "inputs": {"x": encode(x), "loss_weights": encode(weights)},
            "outputs": {"output": encode(output)},
            "loss": loss.item(),
            "gradients": train_grads,
            "buffers_after": buffers,
        },
        "eval": {
            "inputs": {"x": encode(x_eval), "loss_weights": encode(weights_eval)},
            "outputs": {"output": encode(output_eval)},
            "loss": loss_eval.item(),
            "gradients": gradients(model, x_eval),
        },
    })


def transformer_layer_case():
    torch.manual_seed(SEED + 2)
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=32, dropout=0.1, activation="gelu",
                                       batch_first=True, norm_first=False)
    layer.eval()
    parameters = {name: encode(p) for name, p in layer.named_parameters()}
    x = torch.randn(2, 5, 8)
    weights = torch.randn(2, 5, 8)
    # sample 1 has its last two positions padded (True = ignore that key)
    padding = torch.tensor([[False] * 5, [False, False, False, True, True]])
    cases = {}
    for case, mask in (("no_mask", None), ("key_padding", padding)):
        layer.zero_grad()
        xi = x.clone().requires_grad_(True)
        output = layer(xi, src_key_padding_mask=mask)
        loss = (output * weights).sum()
        loss.backward()
        cases[case] = {
            "inputs": {"x": encode(xi), "loss_weights": encode(weights)},
            "outputs": {"output": encode(output)},
            "loss": loss.item(),
            "gradients": gradients(layer, xi),
        }
        if mask is not None:
            cases[case]["inputs"]["key_padding_mask"] = encode(mask.to(torch.float64))
    write("baseline_transformer_layer.json", {
        "meta": meta("nn.TransformerEncoderLayer(8, 2, dim_feedforward=32, activation='gelu', batch_first=True,"
                     " norm_first=False) in evaluation mode, without and with a key padding mask"),
        "config": {"d_model": 8, "nhead": 2, "dim_feedforward": 32},
        "parameters": parameters,
        "cases": cases,
    })


def main():
    torch.set_default_dtype(torch.float64)
    lstm_case()
    conv_batch_norm_case()
    transformer_layer_case()


if __name__ == "__main__":
    main()
