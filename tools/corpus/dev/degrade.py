"""Scanned (image-only PDF) and photographed (JPEG) variants of born-digital pages. Pillow only."""
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter


def page_count(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 1


def _raster(pdf, dpi, gray, first_only):
    with tempfile.TemporaryDirectory() as td:
        cmd = ["pdftoppm", "-r", str(dpi), "-png"]
        if gray:
            cmd.append("-gray")
        if first_only:
            cmd += ["-f", "1", "-l", "1"]
        subprocess.run(cmd + [str(pdf), td + "/p"], check=True)
        return [Image.open(p).copy() for p in sorted(Path(td).glob("p*.png"))]


def _noise(img, rng, sigma):
    n = Image.effect_noise(img.size, sigma).convert("L")
    # effect_noise is centred on 128; add (n-128) to the image
    base = img.convert("L")
    return ImageChops.add(ImageChops.subtract(base, Image.new("L", img.size, 0)), n, scale=1.0, offset=-128)


def make_scan(src, dst, rng):
    pages = []
    for im in _raster(src, 200, True, False):
        im = im.convert("L")
        # slight grey paper + toner variation
        im = im.point(lambda v: int(18 + v * (232 - 18) / 255))
        im = _noise(im, rng, rng.uniform(3, 6))
        angle = rng.uniform(-1.5, 1.5)
        im = im.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=235)
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 0.9)))
        pages.append(im)
    pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=200.0, quality=rng.randint(38, 50))


def _solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for k in range(col, n + 1):
                    m[r][k] -= f * m[col][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def _perspective_coeffs(dst_pts, src_pts):
    # coefficients mapping output (dst) coords to input (src) coords, as PIL expects
    a, b = [], []
    for (x, y), (u, v) in zip(dst_pts, src_pts):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return _solve(a, b)


def make_photo(src, dst, rng):
    page = _raster(src, 150, False, True)[0].convert("RGB")
    W, H = 1600 * page.width // page.height, 1600
    page = page.resize((int(W * 0.86), int(H * 0.86)), Image.LANCZOS)
    pw, ph = page.size
    bg = Image.new("RGB", (W, H), tuple(rng.randint(60, 120) for _ in range(3)))
    canvas = Image.new("RGB", (W, H))
    # page corners in the photo: jitter the corners for a perspective skew
    ox, oy = (W - pw) // 2, (H - ph) // 2
    j = lambda: rng.randint(-int(W * 0.05), int(W * 0.05))
    corners = [(ox + j(), oy + j()), (ox + pw + j(), oy + j()), (ox + pw + j(), oy + ph + j()), (ox + j(), oy + ph + j())]
    coeffs = _perspective_coeffs(corners, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    warped = page.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", (pw, ph), 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    canvas.paste(bg)
    canvas.paste(warped, (0, 0), mask)
    # uneven lighting: a radial gradient, shifted off-centre
    grad = Image.radial_gradient("L").resize((int(W * 1.8), int(H * 1.8)))
    cx, cy = rng.randint(int(W * 0.2), int(W * 0.8)), rng.randint(int(H * 0.2), int(H * 0.8))
    light = grad.crop((int(W * 0.9) - cx, int(H * 0.9) - cy, int(W * 0.9) - cx + W, int(H * 0.9) - cy + H))
    light = light.point(lambda v: int(255 - v * rng.uniform(0.35, 0.5)) if False else int(255 - v * 0.42))
    shade = Image.merge("RGB", [light, light, light])
    canvas = ImageChops.multiply(canvas, shade)
    warm = Image.new("RGB", (W, H), (255, rng.randint(240, 250), rng.randint(215, 235)))
    canvas = ImageChops.multiply(canvas, warm)
    canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.7, 1.2)))
    canvas.save(dst, "JPEG", quality=80)
