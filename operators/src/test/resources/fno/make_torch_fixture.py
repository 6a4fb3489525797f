"""FNO models of the original code (Li et al., fourier_1d.py / fourier_2d.py: the same module names, initialisation,
padding of 9 points in 2-D, exact GELU) built in PyTorch, exported to the neuralop4j model format with the
recipe in operators/FNO.md, and run on random inputs.
Writes fno_torch_1d.safetensors, fno_torch_2d.safetensors and fno_torch_io.npz (x and y of each case, channels
first as neuralop4j takes them). The safetensors files are written by a few lines here instead of the safetensors
package (not in Debian); the recipe is otherwise the documented one.
Run: /usr/bin/python3 make_torch_fixture.py  (Debian's python3-torch 1.13 and python3-numpy)."""
import json, struct
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(20241123)

class SpectralConv1d(nn.Module):
    def __init__(self, in_channels, out_channels, modes1):
        super().__init__()
        self.modes1 = modes1
        self.scale = 1 / (in_channels * out_channels)
        self.weights1 = nn.Parameter(self.scale * torch.rand(in_channels, out_channels, modes1, dtype=torch.cdouble))

    def forward(self, x):
        x_ft = torch.fft.rfft(x)
        out_ft = torch.zeros(x.shape[0], self.weights1.shape[1], x.size(-1) // 2 + 1, dtype=torch.cdouble)
        out_ft[:, :, :self.modes1] = torch.einsum("bix,iox->box", x_ft[:, :, :self.modes1], self.weights1)
        return torch.fft.irfft(out_ft, n=x.size(-1))

class SpectralConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, modes1, modes2):
        super().__init__()
        self.modes1, self.modes2 = modes1, modes2
        self.scale = 1 / (in_channels * out_channels)
        self.weights1 = nn.Parameter(self.scale * torch.rand(in_channels, out_channels, modes1, modes2, dtype=torch.cdouble))
        self.weights2 = nn.Parameter(self.scale * torch.rand(in_channels, out_channels, modes1, modes2, dtype=torch.cdouble))

    def forward(self, x):
        m1, m2 = self.modes1, self.modes2
        x_ft = torch.fft.rfft2(x)
        out_ft = torch.zeros(x.shape[0], self.weights1.shape[1], x.size(-2), x.size(-1) // 2 + 1, dtype=torch.cdouble)
        out_ft[:, :, :m1, :m2] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, :m1, :m2], self.weights1)
        out_ft[:, :, -m1:, :m2] = torch.einsum("bixy,ioxy->boxy", x_ft[:, :, -m1:, :m2], self.weights2)
        return torch.fft.irfft2(out_ft, s=(x.size(-2), x.size(-1)))

class FNO1d(nn.Module):
    def __init__(self, modes, width):
        super().__init__()
        self.fc0 = nn.Linear(2, width)  # input channel is 2: (a(x), x)
        for l in range(4):
            setattr(self, "conv%d" % l, SpectralConv1d(width, width, modes))
            setattr(self, "w%d" % l, nn.Conv1d(width, width, 1))
        self.fc1 = nn.Linear(width, 128)
        self.fc2 = nn.Linear(128, 1)

    def forward(self, x):
        grid = torch.linspace(0, 1, x.shape[1]).reshape(1, -1, 1).repeat(x.shape[0], 1, 1)
        x = self.fc0(torch.cat((x, grid), dim=-1)).permute(0, 2, 1)
        for l in range(4):
            x = getattr(self, "conv%d" % l)(x) + getattr(self, "w%d" % l)(x)
            if l < 3: x = F.gelu(x)
        x = F.gelu(self.fc1(x.permute(0, 2, 1)))
        return self.fc2(x)

class FNO2d(nn.Module):
    def __init__(self, modes1, modes2, width):
        super().__init__()
        self.padding = 9  # pad the domain if input is non-periodic
        self.fc0 = nn.Linear(3, width)  # input channel is 3: (a(x, y), x, y)
        for l in range(4):
            setattr(self, "conv%d" % l, SpectralConv2d(width, width, modes1, modes2))
            setattr(self, "w%d" % l, nn.Conv2d(width, width, 1))
        self.fc1 = nn.Linear(width, 128)
        self.fc2 = nn.Linear(128, 1)

    def forward(self, x):
        b, sx, sy = x.shape[0], x.shape[1], x.shape[2]
        gx = torch.linspace(0, 1, sx).reshape(1, sx, 1, 1).repeat(b, 1, sy, 1)
        gy = torch.linspace(0, 1, sy).reshape(1, 1, sy, 1).repeat(b, sx, 1, 1)
        x = self.fc0(torch.cat((x, gx, gy), dim=-1)).permute(0, 3, 1, 2)
        x = F.pad(x, [0, self.padding, 0, self.padding])
        for l in range(4):
            x = getattr(self, "conv%d" % l)(x) + getattr(self, "w%d" % l)(x)
            if l < 3: x = F.gelu(x)
        x = x[..., :-self.padding, :-self.padding].permute(0, 2, 3, 1)
        return self.fc2(F.gelu(self.fc1(x)))

def save_file(tensors, path, metadata):
    """The safetensors layout: little-endian u64 header size, JSON header, then the raw little-endian data."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        raw = t.numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw); offset += len(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h)
        for raw in blobs: f.write(raw)

def export(model, cfg, path):
    """The recipe of operators/FNO.md."""
    t = {}
    for k, v in model.state_dict().items():
        v = v.detach()
        # complex first: .to(torch.float64) on a complex tensor would drop the imaginary parts
        v = torch.view_as_real(v.to(torch.complex128)) if v.is_complex() else v.to(torch.float64)
        if k[0] == "w" and v.dim() > 2: v = v.reshape(v.shape[0], v.shape[1])
        t[k] = v.contiguous()
    save_file(t, path, metadata={"config": json.dumps(cfg), "neuralop4j.model": "fno"})

io = {}
cases = [("1d", FNO1d(6, 8), (3, 40, 1),
          {"model": "fno", "in_channels": 1, "out_channels": 1, "width": 8, "modes": [6], "layers": 4,
           "padding": 0.0, "activation": "gelu", "projection_width": 128, "grid": True}),
         ("2d", FNO2d(4, 4, 6), (2, 17, 17, 1),
          {"model": "fno", "in_channels": 1, "out_channels": 1, "width": 6, "modes": [4, 4], "layers": 4,
           "padding": 9 / 17, "activation": "gelu", "projection_width": 128, "grid": True})]
for name, model, shape, cfg in cases:
    with torch.no_grad():  # the original's 1/(in*out) spectral weights barely move the output; make them count
        for p_name, p in model.named_parameters():
            if ".weights" in p_name: p.mul_(40)
    x = torch.randn(*shape)
    with torch.no_grad(): y = model(x)
    export(model, cfg, "fno_torch_%s.safetensors" % name)
    io[name + ".x"] = np.moveaxis(x.numpy(), -1, 1)  # channels last there, first here
    io[name + ".y"] = np.moveaxis(y.numpy(), -1, 1)
np.savez("fno_torch_io.npz", **io)
