"""Reference outputs of EasyCV's own SwinTransformer (easycv/models/backbones/swin_transformer.py, commit 901ff186)
for iseg's port. See README.md beside this file for how to run it. Writes into the folder given as argv[3]."""
import ast
import importlib.util
import os
import sys
import types

import numpy as np
import torch
import torch.nn as nn

swin_py, transformer_py, out = sys.argv[1], sys.argv[2], sys.argv[3]

# --- stand-ins for the imports of swin_transformer.py (none computes on the eval path) ---
timm = types.ModuleType('timm')
timm_models = types.ModuleType('timm.models')
timm_layers = types.ModuleType('timm.models.layers')


class DropPath(nn.Module):
    """timm's DropPath is the identity in eval mode, the only mode used here."""

    def __init__(self, p):
        super().__init__()

    def forward(self, x):
        assert not self.training
        return x


timm_layers.DropPath = DropPath
timm_layers.to_2tuple = lambda x: tuple(x) if isinstance(x, (tuple, list)) else (x, x)
timm_layers.trunc_normal_ = nn.init.trunc_normal_
sys.modules.update({'timm': timm, 'timm.models': timm_models, 'timm.models.layers': timm_layers})

for name in ['easycv', 'easycv.models', 'easycv.models.backbones']:
    pkg = types.ModuleType(name)
    pkg.__path__ = []
    sys.modules[name] = pkg
registry = types.ModuleType('easycv.models.registry')
registry.BACKBONES = types.SimpleNamespace(register_module=lambda cls: cls)
sys.modules['easycv.models.registry'] = registry
# EasyCV's Mlp, its source taken verbatim from easycv/models/utils/transformer.py
utils = types.ModuleType('easycv.models.utils')
src = open(transformer_py).read()
mlp_src = next(ast.get_source_segment(src, n) for n in ast.parse(src).body
               if isinstance(n, ast.ClassDef) and n.name == 'Mlp')
exec(mlp_src, {'nn': nn, '__name__': 'easycv.models.utils'}, utils.__dict__)
sys.modules['easycv.models.utils'] = utils

spec = importlib.util.spec_from_file_location('easycv.models.backbones.swin_transformer', swin_py)
swin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(swin)
SwinTransformer = swin.SwinTransformer

torch.set_num_threads(1)


def params(m):
    return sum(p.numel() for p in m.parameters())


# --- the real configurations: parameter counts and Swin-T's state-dict keys ---
real = {
    'swin-t (embed 96, depths 2-2-6-2, heads 3-6-12-24, window 7)':
        dict(embed_dim=96, depths=[2, 2, 6, 2], num_heads=[3, 6, 12, 24], window_size=7),
    'swin-b (embed 128, depths 2-2-18-2, heads 4-8-16-32, window 12)':
        dict(embed_dim=128, depths=[2, 2, 18, 2], num_heads=[4, 8, 16, 32], window_size=12, pretrain_img_size=384),
}
with open(os.path.join(out, 'swin-param-counts.txt'), 'w') as f:
    for name, kw in real.items():
        m = SwinTransformer(**kw)
        f.write(f'{name}\t{params(m)}\t{len(m.state_dict())}\n')
        if name.startswith('swin-t'):
            with open(os.path.join(out, 'swin-t-state-dict-keys.txt'), 'w') as k:
                for key, t in m.state_dict().items():
                    k.write(f'{key}\t{list(t.shape)}\t{str(t.dtype)[6:]}\n')

# --- a small seeded model on a seeded input whose sizes exercise every padding path ---
torch.manual_seed(0)
small = dict(embed_dim=6, depths=[2, 2, 2, 2], num_heads=[1, 2, 2, 4], window_size=7)
model = SwinTransformer(**small)
model.init_weights()
with torch.no_grad():
    # EasyCV initialises norms to 1/0, biases to 0 and the bias tables with std 0.02: make each of them matter
    for name, p in model.named_parameters():
        if name.endswith('relative_position_bias_table'):
            p.normal_(0, 1.0)
        elif name.endswith('.bias'):
            p.normal_(0, 0.2)
        elif 'norm' in name and name.endswith('.weight'):
            p.uniform_(0.5, 1.5)
        elif p.dim() >= 2:
            p.normal_(0, 0.5 / p.shape[1] ** 0.5)
model.eval()
x = torch.randn(2, 3, 70, 100)
torch.save(model.state_dict(), os.path.join(out, 'swin-small.pth'))
with torch.no_grad():
    outs = model.double()(x.double())
io = {'input': x.numpy()}  # float32: the values both precisions start from
for i, o in enumerate(outs):
    io[f'out{i}'] = o.contiguous().numpy()  # float64
np.savez(os.path.join(out, 'swin-small-io.npz'), **io)
print('parameters', params(model), 'outputs', [tuple(o.shape) for o in outs])
