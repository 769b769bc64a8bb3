# Generates iseg's bundled demo sample: synthetic scenes (our own work, MIT) with exact masks.
import numpy as np, zlib, struct, sys
rng = np.random.default_rng(20261124)
H, W = 240, 320

def png(path, arr):
    arr = np.ascontiguousarray(arr.astype(np.uint8))
    if arr.ndim == 2: ctype, ch = 0, 1
    else: ctype, ch = 2, 3
    raw = b''.join(b'\x00' + arr[r].tobytes() for r in range(arr.shape[0]))
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', arr.shape[1], arr.shape[0], 8, ctype, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

def field(c0, c1, scale):
    # smooth colour field: bilinear upsampling of a coarse random grid between two colours
    g = rng.random((H // scale + 2, W // scale + 2))
    ys = np.linspace(0, g.shape[0] - 2, H); xs = np.linspace(0, g.shape[1] - 2, W)
    y0 = ys.astype(int); x0 = xs.astype(int); fy = (ys - y0)[:, None]; fx = (xs - x0)[None, :]
    t = (g[y0][:, x0] * (1 - fy) * (1 - fx) + g[y0 + 1][:, x0] * fy * (1 - fx)
         + g[y0][:, x0 + 1] * (1 - fy) * fx + g[y0 + 1][:, x0 + 1] * fy * fx)
    return np.array(c0)[None, None, :] * (1 - t[..., None]) + np.array(c1)[None, None, :] * t[..., None]

yy, xx = np.mgrid[0:H, 0:W]
def ellipse(cy, cx, ry, rx, ang=0):
    c, s = np.cos(ang), np.sin(ang)
    y, x = yy - cy, xx - cx
    return ((c * x + s * y) / rx) ** 2 + ((-s * x + c * y) / ry) ** 2 <= 1
def star(cy, cx, r0, r1, k, rot):
    ang = np.arctan2(yy - cy, xx - cx) + rot; rad = np.hypot(yy - cy, xx - cx)
    return rad <= r0 + (r1 - r0) * (0.5 + 0.5 * np.cos(k * ang))
shapes = {
  'ellipse': ellipse(120, 150, 70, 100, 0.3),
  'star': star(115, 165, 45, 95, 5, 0.2),
  'ring': ellipse(120, 160, 85, 85) & ~ellipse(120, 160, 40, 40),
  'pair': ellipse(90, 100, 50, 60) | ellipse(150, 220, 55, 70, -0.5),
  'thin': (np.abs((yy - 40) - 0.5 * (xx - 30)) < 14) & (xx > 30) & (xx < 300) | ellipse(60, 60, 35, 35),
  'blob': star(120, 160, 60, 80, 3, 1.0) & ~ellipse(120, 160, 20, 30),
}
palettes = [((40, 90, 160), (90, 160, 220)), ((150, 120, 60), (210, 190, 120)), ((30, 110, 50), (120, 180, 90))]
for i, (name, m) in enumerate(shapes.items()):
    bg = field(*palettes[i % 3], 40)
    fg = field((200 - 30 * (i % 3), 60 + 20 * i, 50), (240, 140 + 10 * i, 90 + 20 * (i % 2)), 25)
    img = np.where(m[..., None], fg, bg) + rng.normal(0, 3, (H, W, 3))
    png(f'images/{name}.png', np.clip(img, 0, 255))
    png(f'masks/{name}.png', m * 255)
print('ok')
