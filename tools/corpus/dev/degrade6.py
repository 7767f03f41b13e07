"""Scans and phone photos of born-digital pages, a second way (the dev set's scan wave).

Written separately from `degrade.py`, without looking at the OCR pipeline, so that its
pages are not the ones the pipeline was tuned on: other resolutions (150-300 dpi), fax-like
thresholding, larger skew, uneven light and shadows, JPEG artefacts, pages cut a little at an
edge, stamps and pen strokes in empty areas; photos with perspective, rotation, a table or a
hand at the margin and sometimes a second sheet under the first. Pillow and poppler only;
every choice comes from the `random.Random` passed in, so a seed gives the same files.
"""
import io
import math
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def page_count(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 1


def raster(pdf, dpi, first_only=False):
    with tempfile.TemporaryDirectory() as td:
        cmd = ["pdftoppm", "-r", str(dpi), "-png"]
        if first_only:
            cmd += ["-f", "1", "-l", "1"]
        subprocess.run(cmd + [str(pdf), td + "/p"], check=True)
        return [Image.open(p).convert("RGB") for p in sorted(Path(td).glob("p*.png"))]


def _font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def _empty_box(gray, w, h, rng, tries=60):
    """A w x h box of the page with no ink in it (and a little air around), or None."""
    W, H = gray.size
    if w >= W or h >= H:
        return None
    small = gray.resize((max(1, W // 8), max(1, H // 8)))
    for _ in range(tries):
        x = rng.randint(0, W - w)
        y = rng.randint(0, H - h)
        box = small.crop((max(0, x // 8 - 2), max(0, y // 8 - 2), (x + w) // 8 + 2, (y + h) // 8 + 2))
        if box.getextrema()[0] > 235:
            return x, y
    return None


def add_stamp(img, rng, dpi):
    """A received-stamp (rotated box with two lines) in an empty part of the page."""
    gray = img.convert("L")
    w, h = int(2.1 * dpi), int(0.75 * dpi)
    pos = _empty_box(gray, w, h, rng)
    if pos is None:
        return img
    colour = rng.choice([(40, 60, 170), (180, 40, 50), (60, 60, 60)])
    st = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(st)
    lw = max(2, dpi // 60)
    d.rectangle((lw, lw, w - lw, h - lw), outline=colour + (200,), width=lw)
    words = rng.choice(["ONTVANGEN", "RECEIVED", "INGEKOMEN", "GESCAND"])
    day = "%02d %s 2026" % (rng.randint(1, 28), rng.choice(["JAN", "FEB", "MRT", "APR", "NOV", "DEC"]))
    d.text((w * 0.08, h * 0.12), words, font=_font(int(h * 0.3)), fill=colour + (190,))
    d.text((w * 0.08, h * 0.55), day, font=_font(int(h * 0.25)), fill=colour + (190,))
    st = st.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC, expand=True)
    out = img.copy()
    out.paste(st, pos, st)
    return out


def add_strokes(img, rng, dpi):
    """Pen strokes like a signature or a tick in an empty part of the page."""
    gray = img.convert("L")
    w, h = int(1.8 * dpi), int(0.5 * dpi)
    pos = _empty_box(gray, w, h, rng)
    if pos is None:
        return img
    x0, y0 = pos
    out = img.copy()
    d = ImageDraw.Draw(out)
    colour = rng.choice([(20, 30, 120), (25, 25, 25)])
    pts = []
    t = 0.0
    a1, a2, f1, f2 = rng.uniform(0.2, 0.45), rng.uniform(0.05, 0.2), rng.uniform(2, 5), rng.uniform(7, 13)
    while t <= 1.0:
        x = x0 + t * w
        y = y0 + h / 2 + h * (a1 * math.sin(f1 * math.pi * t) + a2 * math.sin(f2 * math.pi * t + 1))
        pts.append((x, y))
        t += 0.01
    d.line(pts, fill=colour, width=max(2, dpi // 70), joint="curve")
    return out


def uneven_light(img, rng, strength):
    """Multiply by a soft gradient: one side or a corner darker, as under a lid or a lamp."""
    W, H = img.size
    grad = Image.linear_gradient("L").rotate(rng.uniform(0, 360), expand=False).resize((W, H), Image.BILINEAR)
    lo = int(255 * (1 - strength))
    shade = grad.point(lambda v: lo + (255 - lo) * v // 255)
    return ImageChops.multiply(img, Image.merge("RGB", [shade] * 3))


def shadow(img, rng, strength):
    """A soft darker band over one part of the picture (a hand's or a phone's shadow)."""
    W, H = img.size
    mask = Image.new("L", (W, H), 0)
    d = ImageDraw.Draw(mask)
    side = rng.choice(["left", "right", "top", "bottom"])
    r = rng.uniform(0.15, 0.35)
    if side == "left":
        poly = [(0, 0), (W * r, 0), (W * r * rng.uniform(0.4, 1.6), H), (0, H)]
    elif side == "right":
        poly = [(W, 0), (W * (1 - r), 0), (W * (1 - r * rng.uniform(0.4, 1.6)), H), (W, H)]
    elif side == "top":
        poly = [(0, 0), (W, 0), (W, H * r), (0, H * r * rng.uniform(0.4, 1.6))]
    else:
        poly = [(0, H), (W, H), (W, H * (1 - r)), (0, H * (1 - r * rng.uniform(0.4, 1.6)))]
    d.polygon(poly, fill=int(255 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(min(W, H) * 0.03))
    dark = ImageChops.multiply(img, Image.new("RGB", (W, H), (150, 150, 160)))
    return Image.composite(dark, img, mask)


def jpeg(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(img.mode)


def grain(img, sigma):
    n = Image.effect_noise(img.size, sigma)
    g = img.convert("L")
    return ImageChops.add(g, n, scale=1.0, offset=-128)


def fax(gray, rng):
    """A fax: half the vertical resolution, a hard threshold, a few lost and stray pixels."""
    W, H = gray.size
    thr = rng.randint(150, 185)
    low = gray.resize((W, H // 2), Image.BILINEAR).point(lambda v: 255 if v > thr else 0)
    noisy = ImageChops.multiply(low, Image.effect_noise(low.size, 30).point(lambda v: 0 if v < 40 else 255))
    return noisy.resize((W, H), Image.NEAREST)


def make_scan(src, dst, rng):
    """An image-only PDF of every page, one of four kinds of scanner."""
    style = rng.choice(["office", "office", "fax", "lid", "copy"])
    dpi = {"office": rng.choice([150, 200, 240, 300]), "fax": 200, "lid": rng.choice([200, 300]),
           "copy": rng.choice([150, 200])}[style]
    pages = []
    for page in raster(src, dpi):
        if rng.random() < 0.5:
            page = add_stamp(page, rng, dpi)
        if rng.random() < 0.4:
            page = add_strokes(page, rng, dpi)
        if style == "lid":
            page = uneven_light(page, rng, rng.uniform(0.25, 0.45))
        g = page.convert("L")
        if style == "copy":
            # a copy of a copy: greyer paper, darker toner, speckle
            g = g.point(lambda v: int(40 + v * 0.78))
            g = grain(g, rng.uniform(6, 10))
        elif style != "fax":
            g = g.point(lambda v: int(12 + v * (240 - 12) / 255))
            g = grain(g, rng.uniform(2, 5))
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, 4.0)
        fill = 0 if style == "lid" and rng.random() < 0.5 else 245
        g = g.rotate(angle, resample=Image.BICUBIC, expand=rng.random() < 0.5, fillcolor=fill)
        if rng.random() < 0.35:
            # page cut a little at one edge (a few mm, paper feed or a crop)
            W, H = g.size
            cut = int(dpi * rng.uniform(0.05, 0.18))
            box = rng.choice([(cut, 0, W, H), (0, 0, W - cut, H), (0, cut, W, H), (0, 0, W, H - cut)])
            g = g.crop(box)
        if style == "fax":
            g = fax(g, rng)
        else:
            g = g.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9) * dpi / 200))
            g = jpeg(g, rng.randint(25, 60))
        pages.append(g)
    q = rng.randint(40, 75)
    if style == "fax":
        pages = [p.convert("1") for p in pages]
        pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    else:
        pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=q)
    return style, dpi


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


def _coeffs(dst_pts, src_pts):
    a, b = [], []
    for (x, y), (u, v) in zip(dst_pts, src_pts):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return _solve(a, b)


def _background(W, H, rng):
    kind = rng.choice(["wood", "desk", "cloth", "dark"])
    if kind == "wood":
        base = (rng.randint(120, 160), rng.randint(80, 110), rng.randint(45, 70))
    elif kind == "desk":
        base = (rng.randint(170, 200),) * 3
    elif kind == "cloth":
        base = (rng.randint(40, 80), rng.randint(60, 100), rng.randint(90, 140))
    else:
        base = (rng.randint(25, 50),) * 3
    bg = Image.new("RGB", (W, H), base)
    d = ImageDraw.Draw(bg)
    if kind == "wood":
        for _ in range(60):
            y = rng.randint(0, H)
            c = tuple(max(0, v - rng.randint(5, 30)) for v in base)
            d.line([(0, y), (W, y + rng.randint(-40, 40))], fill=c, width=rng.randint(1, 5))
    return bg.filter(ImageFilter.GaussianBlur(2))


def _hand(canvas, rng):
    """A thumb-like blob reaching in from one edge."""
    W, H = canvas.size
    d = ImageDraw.Draw(canvas)
    skin = (rng.randint(190, 230), rng.randint(140, 175), rng.randint(110, 140))
    side = rng.choice(["left", "right", "bottom"])
    r = int(min(W, H) * rng.uniform(0.06, 0.09))
    if side == "left":
        cx, cy = rng.randint(-r // 2, r // 2), rng.randint(H // 4, 3 * H // 4)
        d.ellipse((cx - 3 * r, cy - r, cx + r, cy + r), fill=skin)
    elif side == "right":
        cx, cy = W - rng.randint(-r // 2, r // 2), rng.randint(H // 4, 3 * H // 4)
        d.ellipse((cx - r, cy - r, cx + 3 * r, cy + r), fill=skin)
    else:
        cx, cy = rng.randint(W // 4, 3 * W // 4), H - rng.randint(-r // 2, r // 2)
        d.ellipse((cx - r, cy - r, cx + r, cy + 3 * r), fill=skin)


def make_photo(src, dst, rng):
    """A JPEG of page 1 on a table, as a phone takes it."""
    dpi = rng.choice([110, 130, 150, 170])
    page = raster(src, dpi, first_only=True)[0]
    if rng.random() < 0.4:
        page = add_stamp(page, rng, dpi)
    if rng.random() < 0.3:
        page = add_strokes(page, rng, dpi)
    pw, ph = page.size
    portrait = rng.random() < 0.8
    scale = rng.uniform(1.12, 1.3)
    W, H = int(pw * scale), int(ph * scale)
    if not portrait:
        W = int(W * 1.25)
    canvas = _background(W, H, rng)
    ox, oy = (W - pw) // 2 + rng.randint(-W // 40, W // 40), (H - ph) // 2 + rng.randint(-H // 40, H // 40)
    second = rng.random() < 0.2
    if second:
        # a second sheet under the first, a little turned, its text too faint to matter
        under = Image.new("RGB", (pw, ph), (238, 238, 232))
        ImageDraw.Draw(under).rectangle((pw // 10, ph // 12, pw * 9 // 10, ph // 12 + 8), fill=(120, 120, 120))
        under = under.rotate(rng.uniform(4, 9) * rng.choice([-1, 1]), expand=True, fillcolor=(0, 0, 0))
        m = under.convert("L").point(lambda v: 255 if v > 10 else 0)
        canvas.paste(under, (ox + rng.randint(-pw // 8, pw // 8), oy + rng.randint(-ph // 12, ph // 12)), m)
    jit = lambda s: rng.randint(-int(s * 0.045), int(s * 0.045))
    corners = [(ox + jit(W), oy + jit(H)), (ox + pw + jit(W), oy + jit(H)),
               (ox + pw + jit(W), oy + ph + jit(H)), (ox + jit(W), oy + ph + jit(H))]
    # turn the whole quad a few degrees about its centre
    a = math.radians(rng.uniform(-6, 6))
    cx, cy = ox + pw / 2, oy + ph / 2
    corners = [(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a))
               for x, y in corners]
    coeffs = _coeffs(corners, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    warped = page.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = Image.new("L", (pw, ph), 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    canvas.paste(warped, (0, 0), mask)
    if rng.random() < 0.5:
        _hand(canvas, rng)
    canvas = uneven_light(canvas, rng, rng.uniform(0.2, 0.45))
    if rng.random() < 0.5:
        canvas = shadow(canvas, rng, rng.uniform(0.5, 0.9))
    tint = Image.new("RGB", (W, H), (255, rng.randint(235, 252), rng.randint(205, 240)))
    canvas = ImageChops.multiply(canvas, tint)
    canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    noise = Image.merge("RGB", [Image.effect_noise((W, H), rng.uniform(3, 7))] * 3)
    canvas = ImageChops.add(canvas, noise, scale=1.0, offset=-128)
    if not portrait and rng.random() < 0.5:
        canvas = canvas.rotate(90, expand=True)
    canvas.save(dst, "JPEG", quality=rng.randint(55, 85))
    return dpi, portrait, second
