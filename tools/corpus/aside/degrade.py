"""Scanned (image-only PDF) and photographed (JPEG) variants of born-digital documents."""
import subprocess
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageEnhance, ImageFilter

N_SCAN = 18
N_PHOTO = 12


def _pages(pdf, dpi, work, tag):
    prefix = work / ("pg_" + tag)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [Image.open(p).convert("L") for p in sorted(work.glob("pg_" + tag + "*.png"))]


def _npages(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    for ln in out.splitlines():
        if ln.startswith("Pages:"):
            return int(ln.split()[1])
    return 1


def _noise(img, r, sigma):
    n = Image.effect_noise(img.size, sigma)
    return ImageChops.add(img, n, 1.0, -128)


def scan_page(img, r):
    img = ImageEnhance.Contrast(img).enhance(r.uniform(1.05, 1.35))
    img = ImageEnhance.Brightness(img).enhance(r.uniform(0.9, 1.02))
    img = img.rotate(r.uniform(-1.6, 1.6), resample=Image.BICUBIC, expand=False, fillcolor=r.randint(225, 250))
    # shifted a bit on the glass, dark scanner edge on one side
    w, h = img.size
    canvas = Image.new("L", (w, h), r.randint(230, 248))
    canvas.paste(img, (r.randint(-15, 25), r.randint(-10, 30)))
    d = ImageDraw.Draw(canvas)
    if r.random() < 0.5:
        d.rectangle([0, 0, r.randint(6, 20), h], fill=r.randint(40, 110))
    img = _noise(canvas, r, r.uniform(9, 15))
    img = img.filter(ImageFilter.GaussianBlur(r.uniform(0.6, 0.95)))
    # specks
    for _ in range(r.randint(20, 80)):
        x, y = r.randrange(w), r.randrange(h)
        rad = r.choice([1, 1, 2])
        d2 = ImageDraw.Draw(img)
        d2.ellipse([x, y, x + rad, y + rad], fill=r.randint(30, 120))
    return img


def _solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        p = max(range(c, n), key=lambda i: abs(M[i][c]))
        M[c], M[p] = M[p], M[c]
        for i in range(n):
            if i != c:
                f = M[i][c] / M[c][c]
                for j in range(c, n + 1):
                    M[i][j] -= f * M[c][j]
    return [M[i][n] / M[i][i] for i in range(n)]


def _persp_coeffs(dst, src):
    """Coefficients mapping output (dst) points to input (src) points for Image.transform."""
    A, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    return _solve(A, b)


def photo_page(img, r):
    img = img.convert("RGB")
    w, h = img.size
    W, H = int(w * 1.18), int(h * 1.12)
    bg = Image.new("RGB", (W, H), (r.randint(90, 150), r.randint(70, 120), r.randint(50, 90)))  # wooden table-ish
    bg = _noise(bg.convert("L"), r, 20).convert("RGB") if r.random() < 0.3 else bg
    mx, my = (W - w) / 2, (H - h) / 2
    j = lambda: r.uniform(-0.045, 0.045)
    dst = [(mx + j() * w, my + j() * h), (mx + w + j() * w, my + j() * h),
           (mx + w + j() * w, my + h + j() * h), (mx + j() * w, my + h + j() * h)]
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    coeffs = _persp_coeffs(dst, src)
    warped = img.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=None)
    mask = Image.new("L", (w, h), 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
    bg.paste(warped, (0, 0), mask)
    # uneven light: linear gradient combined with a soft blob
    corners = Image.new("L", (2, 2))
    corners.putdata([r.randint(150, 255) for _ in range(4)])
    grad = corners.resize((W, H), Image.BILINEAR)
    depth = r.randint(195, 235)
    blob = Image.radial_gradient("L").resize((W // 2, H // 2)).point(lambda v: depth + (255 - depth) * v // 255)
    shade = Image.new("L", (W, H), 255)
    shade.paste(blob, (r.randint(0, W // 2), r.randint(0, H // 2)))
    light = ImageChops.multiply(grad, shade.filter(ImageFilter.GaussianBlur(60)))
    bg = ImageChops.multiply(bg, Image.merge("RGB", [light, light, light.point(lambda v: int(v * 0.96))]))
    bg = bg.filter(ImageFilter.GaussianBlur(r.uniform(0.8, 1.5)))
    bg = bg.rotate(r.uniform(-3, 3), resample=Image.BICUBIC, expand=False, fillcolor=(60, 50, 40))
    scale = 1600.0 / max(W, H)
    bg = bg.resize((int(W * scale), int(H * scale)), Image.LANCZOS)
    bg = ImageEnhance.Color(bg).enhance(0.9)
    return bg


def make_variants(r, records, out, start, work):
    born = [x for x in records if x["variant"] == "born_digital"]
    one_page = [x for x in born if _npages(out / x["file"]) == 1]
    r.shuffle(born)
    r.shuffle(one_page)
    # spread: round-robin over kinds
    def spread(pool, n, exclude):
        by_kind = {}
        for x in pool:
            if x["file"] not in exclude:
                by_kind.setdefault(x["kind"], []).append(x)
        chosen = []
        used = {}
        kinds = sorted(by_kind)
        i = 0
        while len(chosen) < n and any(by_kind.values()):
            k = kinds[i % len(kinds)]
            if by_kind[k]:
                # prefer the producer used least so far
                best = min(by_kind[k], key=lambda x: used.get(x["producer"], 0))
                by_kind[k].remove(best)
                used[best["producer"]] = used.get(best["producer"], 0) + 1
                chosen.append(best)
            i += 1
        return chosen
    photos = spread(one_page, N_PHOTO, set())
    scans = spread(born, N_SCAN, {x["file"] for x in photos})
    new = []
    n = start
    for kind, src_list in (("scan", scans), ("photo", photos)):
        for src in src_list:
            stem = Path(src["file"]).stem
            tag = "%04d" % n
            base = "aside-%04d-%s" % (n, stem.split("-", 2)[2])
            if kind == "scan":
                pages = _pages(out / src["file"], 200, work, tag)[:3]
                imgs = [scan_page(p, r) for p in pages]
                name = base + "-scan.pdf"
                imgs[0].save(out / "docs" / name, "PDF", resolution=200.0, save_all=True,
                             append_images=imgs[1:], quality=r.choice([30, 34, 38]))
            else:
                page = _pages(out / src["file"], 150, work, tag)[0]
                img = photo_page(page, r)
                name = base + "-photo.jpg"
                img.save(out / "docs" / name, "JPEG", quality=r.choice([62, 66, 70]), optimize=True)
            rec = dict(src)
            rec["file"] = "docs/" + name
            rec["variant"] = kind
            rec["source"] = src["file"]
            new.append(rec)
            n += 1
    return new
