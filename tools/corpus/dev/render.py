"""Three renderers for the block model: HTML (printed by Chromium), reportlab platypus, reportlab canvas.

A document is a dict: {"theme": str, "title": str, "blocks": [block, ...]}; a block is a dict with a
"t" (type) key. Block types:
  lh       letterhead: name, lines (list), right (list, optional), tagline
  title    text, sub (optional)
  addr     lines (left), meta (list of (label, value)) on the right
  sec      section heading: text
  fields   style (table|above|pairs2|grid2|inline|dots), pairs [(label, value)], upper (bool)
  checks   title, opts [(text, checked)], cols
  items    headers, rows (list of lists), totals [(label, value, bold)], num_cols (indexes)
  para     text (may contain \n for line breaks), small (bool)
  ehdr     pairs (e-mail header lines)
  quote    lines
  ab       headers, rows: label, a, b (European accident statement)
  banner   text, sub
  nav      items
  sig      lines
  foot     text
  pb       page break
  sp       spacer
"""
import html
import os
import subprocess
import tempfile

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

FONT_DIR = "/usr/share/fonts/truetype"
_FONTS = {
    "Sans": "liberation/LiberationSans-Regular.ttf", "Sans-Bold": "liberation/LiberationSans-Bold.ttf",
    "Serif": "liberation/LiberationSerif-Regular.ttf", "Serif-Bold": "liberation/LiberationSerif-Bold.ttf",
    "DV": "dejavu/DejaVuSans.ttf", "DV-Bold": "dejavu/DejaVuSans-Bold.ttf",
    "Narrow": "liberation/LiberationSansNarrow-Regular.ttf",
    "Narrow-Bold": "liberation/LiberationSansNarrow-Bold.ttf",
}
_registered = False


def register_fonts():
    global _registered
    if _registered:
        return
    for name, rel in _FONTS.items():
        pdfmetrics.registerFont(TTFont(name, os.path.join(FONT_DIR, rel)))
    _registered = True


E = html.escape


def LONG(v):
    return len(v) > 58

# ====================================================================== HTML / Chromium

THEMES_CSS = {
    "modern": """
body{font-family:'Liberation Sans',Arial,sans-serif;font-size:10pt;color:#222;margin:0}
.lh{display:flex;justify-content:space-between;border-bottom:3px solid #0b6e99;padding-bottom:8px;margin-bottom:14px}
.lh .name{font-size:18pt;font-weight:bold;color:#0b6e99}.lh .small{font-size:8.5pt;color:#555}
.lh .right{text-align:right;font-size:8.5pt;color:#555}
h1{font-size:15pt;margin:6px 0 10px 0;color:#0b6e99}
.sec{background:#0b6e99;color:#fff;padding:3px 6px;font-weight:bold;margin:12px 0 6px 0;font-size:10pt}
.lbl{font-size:7.5pt;color:#666;text-transform:uppercase;letter-spacing:.04em}
""",
    "classic": """
body{font-family:'Liberation Serif','Times New Roman',serif;font-size:11pt;color:#111;margin:0}
.lh{text-align:center;border-bottom:1px solid #333;padding-bottom:6px;margin-bottom:16px}
.lh .name{font-size:20pt;font-variant:small-caps;letter-spacing:.05em}.lh .small{font-size:9pt}
.lh .right{font-size:9pt}
h1{font-size:14pt;margin:8px 0 12px 0;text-decoration:underline}
.sec{font-weight:bold;border-bottom:1px solid #111;margin:14px 0 6px 0;font-size:11pt}
.lbl{font-weight:bold}
""",
    "boxed": """
body{font-family:'DejaVu Sans',Verdana,sans-serif;font-size:9pt;color:#000;margin:0}
.lh{display:grid;grid-template-columns:2fr 1fr;border:2px solid #000;padding:6px;margin-bottom:10px}
.lh .name{font-size:15pt;font-weight:bold}.lh .small{font-size:8pt}.lh .right{font-size:8pt;text-align:right}
h1{font-size:13pt;text-transform:uppercase;border:2px solid #000;padding:4px;text-align:center;margin:0 0 8px 0}
.sec{background:#ddd;border:1px solid #000;padding:2px 5px;font-weight:bold;margin:8px 0 0 0;text-transform:uppercase;font-size:9pt}
.lbl{font-size:7pt;text-transform:uppercase}
.above .f{border:1px solid #000;margin:-1px 0 0 0}
""",
    "grid": """
body{font-family:'Liberation Sans',Arial,sans-serif;font-size:10pt;color:#1b1b1b;margin:0}
.lh{display:flex;gap:20px;align-items:flex-end;background:#f1efe8;padding:10px 12px;margin-bottom:12px}
.lh .name{font-size:17pt;font-weight:bold;color:#7a3b00}.lh .small{font-size:8.5pt}
.lh .right{margin-left:auto;text-align:right;font-size:8.5pt}
h1{font-size:14pt;font-weight:normal;border-left:5px solid #7a3b00;padding-left:8px;margin:6px 0 10px 0}
.sec{color:#7a3b00;font-weight:bold;text-transform:uppercase;font-size:9pt;letter-spacing:.08em;margin:14px 0 4px 0;border-bottom:1px solid #c9b9a0}
.lbl{color:#555;font-size:8.5pt}
""",
    "portal": """
body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;color:#263238;margin:0}
.lh{display:flex;justify-content:space-between;align-items:center;background:#263238;color:#fff;padding:10px 14px;margin-bottom:0}
.lh .name{font-size:15pt;font-weight:bold}.lh .small,.lh .right{font-size:8pt;color:#cfd8dc}
.nav{background:#eceff1;padding:6px 14px;font-size:8.5pt;margin-bottom:14px}.nav span{margin-right:18px}
h1{font-size:14pt;margin:8px 0}
.banner{border:1px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:10px 14px;margin:10px 0 14px 0}
.banner b{font-size:12pt}
.sec{font-weight:bold;font-size:10.5pt;margin:14px 0 6px 0;border-bottom:2px solid #eceff1}
.lbl{color:#607d8b}
""",
}

BASE_CSS = """
@page{size:A4;margin:16mm 16mm 20mm 16mm}
table{border-collapse:collapse;width:100%}
.kv td,.kv th{padding:3px 6px;vertical-align:top;text-align:left;border-bottom:1px solid #ddd}
.kv th{width:38%;font-weight:normal}
.pairs td{padding:3px 5px;vertical-align:top;border:1px solid #bbb}
.pairs td.l{width:17%}
.above .f{padding:3px 6px 5px 6px}
.above .v{min-height:1.1em;font-size:10.5pt}
.grid2{display:grid;grid-template-columns:1fr 1fr;column-gap:18px;row-gap:6px}
.grid2 .wide{grid-column:1 / span 2}
.grid2 .v{border-bottom:1px dotted #999;padding:1px 0 2px 0}
.inline p{margin:2px 0}
.dots .row{display:flex;align-items:baseline;margin:3px 0}
.dots .fill{flex:1;border-bottom:1px dotted #777;margin:0 4px}
.checks{display:grid;gap:2px 14px;margin:4px 0 6px 0}
.items{margin-top:8px}.items th{border-bottom:1.5px solid #333;text-align:left;padding:4px}
.items td{padding:3px 4px;border-bottom:1px solid #e3e3e3}.items .n{text-align:right}
.totals{width:55%;margin-left:45%;margin-top:6px}.totals td{padding:2px 4px}.totals td.n{text-align:right}
.totals tr.b td{font-weight:bold;border-top:1.5px solid #333}
.addr{display:flex;justify-content:space-between;margin:10px 0 14px 0}
.addr .meta td{padding:1px 6px}
.ehdr td{padding:1px 8px 1px 0;vertical-align:top}.ehdr{border-bottom:1px solid #999;margin-bottom:12px;width:auto}
.quote{border-left:3px solid #aaa;padding-left:8px;color:#555;margin-top:10px}
.ab th,.ab td{border:1px solid #444;padding:3px 5px;vertical-align:top;text-align:left}
.ab th{background:#eee}.ab td.l{width:30%;font-size:8.5pt}
.ab tr.hA th.a{background:#cfe3f5}.ab tr.hA th.b{background:#f8efb0}
.sig{margin-top:22px}
.foot{position:fixed;bottom:-12mm;left:0;right:0;font-size:7.5pt;color:#666;border-top:1px solid #bbb;padding-top:3px;text-align:center}
p{margin:0 0 8px 0;line-height:1.35}
.pb{page-break-before:always}
"""


def _v(v):
    return E(v).replace("\n", "<br>")


def html_doc(doc):
    theme = doc.get("theme", "modern")
    foot_css = ""
    for b in doc["blocks"]:
        if b["t"] == "foot":
            txt = b["text"].replace("\\", "\\\\").replace('"', '\\"')
            foot_css = ('@page{@bottom-center{content:"%s";font-family:"Liberation Sans",sans-serif;font-size:7.5pt;'
                        'color:#666;border-top:1px solid #bbb;vertical-align:top;padding-top:2mm}}' % txt)
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s%s%s</style></head><body>"
           % (E(doc.get("title", "")), BASE_CSS, THEMES_CSS[theme], foot_css)]
    for b in doc["blocks"]:
        t = b["t"]
        if t == "lh":
            left = "<div><div class='name'>%s</div>%s<div class='small'>%s</div></div>" % (
                E(b["name"]), ("<div class='small'><i>%s</i></div>" % E(b["tagline"])) if b.get("tagline") else "",
                "<br>".join(E(x) for x in b.get("lines", [])))
            right = "<div class='right'>%s</div>" % "<br>".join(E(x) for x in b.get("right", []))
            out.append("<div class='lh'>%s%s</div>" % (left, right))
        elif t == "title":
            out.append("<h1>%s</h1>" % E(b["text"]))
            if b.get("sub"):
                out.append("<p class='lbl'>%s</p>" % E(b["sub"]))
        elif t == "addr":
            meta = "".join("<tr><td class='lbl'>%s</td><td>%s</td></tr>" % (E(k), E(v)) for k, v in b.get("meta", []))
            out.append("<div class='addr'><div>%s</div><table class='meta' style='width:auto'>%s</table></div>"
                       % ("<br>".join(E(x) for x in b["lines"]), meta))
        elif t == "sec":
            out.append("<div class='sec'>%s</div>" % E(b["text"]))
        elif t == "fields":
            st = b["style"]
            up = " style='text-transform:uppercase'" if b.get("upper") else ""
            pairs = b["pairs"]
            if st == "table":
                out.append("<table class='kv'>%s</table>" % "".join(
                    ("<tr><th class='lbl' colspan='2' style='border:0'%s>%s</th></tr><tr><td colspan='2'>%s</td></tr>"
                     if LONG(v) else "<tr><th class='lbl'%s>%s</th><td>%s</td></tr>") % (up, E(k), _v(v)) for k, v in pairs))
            elif st == "pairs2":
                rows = []
                i = 0
                while i < len(pairs):
                    k, v = pairs[i]
                    if LONG(v):
                        rows.append("<tr><td colspan='4'><div class='lbl'%s>%s</div>%s</td></tr>" % (up, E(k), _v(v)))
                        i += 1
                    elif len(v) > 34 or i + 1 >= len(pairs) or len(pairs[i + 1][1]) > 34:
                        rows.append("<tr><td class='l lbl'%s>%s</td><td colspan='3'>%s</td></tr>" % (up, E(k), _v(v)))
                        i += 1
                    else:
                        k2, v2 = pairs[i + 1]
                        rows.append("<tr><td class='l lbl'%s>%s</td><td>%s</td><td class='l lbl'%s>%s</td><td>%s</td></tr>"
                                    % (up, E(k), _v(v), up, E(k2), _v(v2)))
                        i += 2
                out.append("<table class='pairs'>%s</table>" % "".join(rows))
            elif st == "above":
                out.append("<div class='above'>%s</div>" % "".join(
                    "<div class='f'><div class='lbl'%s>%s</div><div class='v'>%s</div></div>" % (up, E(k), _v(v))
                    for k, v in pairs))
            elif st == "grid2":
                cells = []
                for k, v in pairs:
                    wide = " wide" if len(v) > 30 else ""
                    cells.append("<div class='%s'><div class='lbl'%s>%s</div><div class='v'>%s</div></div>"
                                 % (wide, up, E(k), _v(v)))
                out.append("<div class='grid2'>%s</div>" % "".join(cells))
            elif st == "inline":
                out.append("<div class='inline'>%s</div>" % "".join(
                    "<p><span class='lbl'%s>%s</span> %s</p>" % (up, E(k), _v(v)) for k, v in pairs))
            elif st == "dots":
                out.append("<div class='dots'>%s</div>" % "".join(
                    "<div><span%s>%s</span><br>%s</div>" % (up, E(k), _v(v)) if LONG(v) else "<div class='row'><span%s>%s</span><span class='fill'></span><span>%s</span></div>"
                    % (up, E(k), _v(v)) for k, v in pairs))
        elif t == "checks":
            cols = b.get("cols", 2)
            items = "".join("<div>%s %s</div>" % ("&#9746;" if c else "&#9744;", E(txt)) for txt, c in b["opts"])
            out.append("%s<div class='checks' style='grid-template-columns:repeat(%d,1fr)'>%s</div>"
                       % (("<div class='lbl' style='margin-top:6px'>%s</div>" % E(b["title"])) if b.get("title") else "",
                          cols, items))
        elif t == "items":
            nc = set(b.get("num_cols", []))
            head = "".join("<th class='%s'>%s</th>" % ("n" if i in nc else "", E(h)) for i, h in enumerate(b["headers"]))
            rows = "".join("<tr>%s</tr>" % "".join("<td class='%s'>%s</td>" % ("n" if i in nc else "", E(c))
                                                    for i, c in enumerate(r)) for r in b["rows"])
            tot = "".join("<tr class='%s'><td>%s</td><td class='n'>%s</td></tr>" % ("b" if bold else "", E(k), E(v))
                          for k, v, bold in b.get("totals", []))
            out.append("<table class='items'><thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
                       "<table class='totals'>%s</table>" % (head, rows, tot))
        elif t == "para":
            st = " style='font-size:8.5pt;color:#444'" if b.get("small") else ""
            out.append("<p%s>%s</p>" % (st, _v(b["text"])))
        elif t == "ehdr":
            out.append("<table class='ehdr'>%s</table>" % "".join(
                "<tr><td><b>%s</b></td><td>%s</td></tr>" % (E(k), E(v)) for k, v in b["pairs"]))
        elif t == "quote":
            out.append("<div class='quote'>%s</div>" % "<br>".join(E(x) for x in b["lines"]))
        elif t == "ab":
            h = b["headers"]
            rows = ["<tr class='hA'><th>%s</th><th class='a'>%s</th><th class='b'>%s</th></tr>" % tuple(E(x) for x in h)]
            for lab, a, bb in b["rows"]:
                rows.append("<tr><td class='l'>%s</td><td>%s</td><td>%s</td></tr>" % (E(lab), _v(a), _v(bb)))
            out.append("<table class='ab'>%s</table>" % "".join(rows))
        elif t == "ab4":
            # Two parties side by side, each its own label/value columns under its heading.
            ha, hb = b["headers"]
            rows = ["<tr class='hA'><th colspan='2' class='a'>%s</th><th colspan='2' class='b'>%s</th></tr>" % (E(ha), E(hb))]
            for la, a, lb, bb in b["rows"]:
                nw = lambda v: " style='white-space:nowrap'" if len(v) < 24 else ""
                rows.append("<tr><td class='l'>%s</td><td%s>%s</td><td class='l'>%s</td><td%s>%s</td></tr>"
                            % (E(la), nw(a), _v(a), E(lb), nw(bb), _v(bb)))
            out.append("<table class='ab'>%s</table>" % "".join(rows))
        elif t == "banner":
            out.append("<div class='banner'><b>%s</b><br>%s</div>" % (E(b["text"]), E(b.get("sub", ""))))
        elif t == "nav":
            out.append("<div class='nav'>%s</div>" % "".join("<span>%s</span>" % E(x) for x in b["items"]))
        elif t == "sig":
            out.append("<div class='sig'>%s</div>" % "<br>".join(E(x) for x in b["lines"]))
        elif t == "pb":
            out.append("<div class='pb'></div>")
        elif t == "sp":
            out.append("<div style='height:%dpx'></div>" % b.get("h", 12))
    out.append("</body></html>")
    return "\n".join(out)


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-pdf-header-footer"]


def render_chromium(doc, path, keep_html=None):
    src = html_doc(doc)
    with tempfile.TemporaryDirectory() as td:
        hp = os.path.join(td, "page.html")
        with open(hp, "w", encoding="utf-8") as f:
            f.write(src)
        prof = os.path.join(td, "profile")
        os.mkdir(prof)
        cmd = ["chromium"] + CHROMIUM_ARGS + ["--user-data-dir=" + prof, "--print-to-pdf=" + str(path),
                                              "file://" + hp]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if keep_html:
        with open(keep_html, "w", encoding="utf-8") as f:
            f.write(src)


# ====================================================================== reportlab platypus

PL_THEMES = {
    "modern": ("Sans", "Sans-Bold", colors.HexColor("#1f4e79"), 9.5),
    "classic": ("Serif", "Serif-Bold", colors.black, 10.5),
    "boxed": ("DV", "DV-Bold", colors.black, 8.5),
    "grid": ("Narrow", "Narrow-Bold", colors.HexColor("#5b2c00"), 10),
    "portal": ("DV", "DV-Bold", colors.HexColor("#263238"), 8.5),
}


def _px(s):
    return E(s).replace("\n", "<br/>")


def render_platypus(doc, path):
    register_fonts()
    reg, bold, accent, size = PL_THEMES[doc.get("theme", "modern")]
    st = lambda **kw: ParagraphStyle("x", fontName=kw.pop("font", reg), fontSize=kw.pop("size", size),
                                     leading=kw.pop("leading", size * 1.3), **kw)
    P = lambda s, **kw: Paragraph(_px(s), st(**kw))
    PB = lambda s, **kw: Paragraph(_px(s), st(font=bold, **kw))
    W = A4[0] - 36 * mm
    story = []
    footer = [None]
    for b in doc["blocks"]:
        t = b["t"]
        if t == "lh":
            left = [PB(b["name"], size=size + 7, leading=size + 10, textColor=accent)]
            if b.get("tagline"):
                left.append(P(b["tagline"], size=size - 1.5))
            left += [P(x, size=size - 1.5, leading=size) for x in b.get("lines", [])]
            right = [P(x, size=size - 1.5, leading=size, alignment=TA_RIGHT) for x in b.get("right", [])]
            tb = Table([[left, right]], colWidths=[W * 0.6, W * 0.4])
            tb.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LINEBELOW", (0, 0), (-1, 0), 1.5, accent)]))
            story += [tb, Spacer(1, 8)]
        elif t == "title":
            story.append(PB(b["text"], size=size + 4, leading=size + 8, textColor=accent, spaceAfter=6))
            if b.get("sub"):
                story.append(P(b["sub"], size=size - 1))
        elif t == "addr":
            left = [P(x) for x in b["lines"]]
            meta = Table([[P(k, size=size - 1), P(v)] for k, v in b.get("meta", [])] or [[""]],
                         colWidths=[W * 0.2, W * 0.25])
            tb = Table([[left, meta]], colWidths=[W * 0.55, W * 0.45])
            tb.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [tb, Spacer(1, 10)]
        elif t == "sec":
            tb = Table([[PB(b["text"], textColor=colors.white)]], colWidths=[W])
            tb.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), accent), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story += [Spacer(1, 6), tb, Spacer(1, 3)]
        elif t == "fields":
            stl = b["style"]
            up = (lambda s: s.upper()) if b.get("upper") else (lambda s: s)
            pairs = b["pairs"]
            if stl in ("table", "inline", "dots"):
                data = [[[P(up(k), size=size - 0.5), P(v)], ""] if LONG(v) else [P(up(k), size=size - 0.5), P(v)]
                        for k, v in pairs]
                spans = [("SPAN", (0, i), (1, i)) for i, (k, v) in enumerate(pairs) if LONG(v)]
                tb = Table(data, colWidths=[W * 0.38, W * 0.62])
                tb.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey)] + spans))
            elif stl in ("pairs2", "grid2"):
                data, spans = [], []
                i = 0
                while i < len(pairs):
                    k, v = pairs[i]
                    if LONG(v):
                        data.append([[P(up(k), size=size - 1), P(v)], "", "", ""])
                        spans.append(("SPAN", (0, len(data) - 1), (3, len(data) - 1)))
                        i += 1
                    elif len(v) > 30 or i + 1 >= len(pairs) or len(pairs[i + 1][1]) > 30:
                        data.append([P(up(k), size=size - 1), P(v), "", ""])
                        spans.append(("SPAN", (1, len(data) - 1), (3, len(data) - 1)))
                        i += 1
                    else:
                        k2, v2 = pairs[i + 1]
                        data.append([P(up(k), size=size - 1), P(v), P(up(k2), size=size - 1), P(v2)])
                        i += 2
                tb = Table(data, colWidths=[W * 0.18, W * 0.32, W * 0.18, W * 0.32])
                tb.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey)] + spans))
            else:  # above
                data = [[[P(up(k), size=size - 2, textColor=colors.grey), P(v, size=size + 0.5)]] for k, v in pairs]
                tb = Table(data, colWidths=[W])
                tb.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                                        ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.black)]))
            story += [tb, Spacer(1, 4)]
        elif t == "checks":
            if b.get("title"):
                story.append(P(b["title"], textColor=colors.grey, spaceBefore=4))
            cols = b.get("cols", 2)
            cells = [P(("\u2612 " if c else "\u2610 ") + txt, font="DV", size=size - 0.5) for txt, c in b["opts"]]
            while len(cells) % cols:
                cells.append("")
            rows = [cells[i:i + cols] for i in range(0, len(cells), cols)]
            story += [Table(rows, colWidths=[W / cols] * cols), Spacer(1, 4)]
        elif t == "items":
            nc = set(b.get("num_cols", []))
            hs = [PB(h, alignment=TA_RIGHT if i in nc else 0) for i, h in enumerate(b["headers"])]
            rows = [hs] + [[P(c, alignment=TA_RIGHT if i in nc else 0) for i, c in enumerate(r)] for r in b["rows"]]
            n = len(b["headers"])
            cw = [W * 0.46] + [W * 0.54 / (n - 1)] * (n - 1)
            tb = Table(rows, colWidths=cw, repeatRows=1)
            tb.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [Spacer(1, 6), tb]
            if b.get("totals"):
                trows = [[(PB if bold else P)(k), (PB if bold else P)(v, alignment=TA_RIGHT)]
                         for k, v, bold in b["totals"]]
                tt = Table(trows, colWidths=[W * 0.32, W * 0.2], hAlign="RIGHT")
                sty = [("LINEABOVE", (0, i), (-1, i), 1, colors.black) for i, x in enumerate(b["totals"]) if x[2]]
                tt.setStyle(TableStyle(sty))
                story += [Spacer(1, 4), tt]
            story.append(Spacer(1, 8))
        elif t == "para":
            story.append(P(b["text"], size=size - 1.5 if b.get("small") else size, spaceAfter=6))
        elif t == "ehdr":
            tb = Table([[PB(k), P(v)] for k, v in b["pairs"]], colWidths=[W * 0.15, W * 0.85])
            tb.setStyle(TableStyle([("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.grey)]))
            story += [tb, Spacer(1, 10)]
        elif t == "quote":
            story.append(Spacer(1, 6))
            story += [P(x, textColor=colors.HexColor("#555555"), leftIndent=10) for x in b["lines"]]
        elif t == "ab":
            h = b["headers"]
            data = [[PB(h[0]), PB(h[1]), PB(h[2])]] + [[P(l, size=size - 1), P(a), P(bb)] for l, a, bb in b["rows"]]
            tb = Table(data, colWidths=[W * 0.3, W * 0.35, W * 0.35], repeatRows=1)
            tb.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                    ("BACKGROUND", (1, 0), (1, 0), colors.HexColor("#cfe3f5")),
                                    ("BACKGROUND", (2, 0), (2, 0), colors.HexColor("#f8efb0")),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [tb, Spacer(1, 6)]
        elif t == "ab4":
            ha, hb = b["headers"]
            data = [[PB(ha), "", PB(hb), ""]] + [[P(la, size=size - 1), P(a), P(lb, size=size - 1), P(bb)]
                                                for la, a, lb, bb in b["rows"]]
            tb = Table(data, colWidths=[W * 0.2, W * 0.3, W * 0.2, W * 0.3], repeatRows=1)
            tb.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 0), (1, 0)),
                                    ("SPAN", (2, 0), (3, 0)),
                                    ("BACKGROUND", (0, 0), (1, 0), colors.HexColor("#cfe3f5")),
                                    ("BACKGROUND", (2, 0), (3, 0), colors.HexColor("#f8efb0")),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [tb, Spacer(1, 6)]
        elif t == "banner":
            tb = Table([[[PB(b["text"], size=size + 3, leading=size + 6), P(b.get("sub", ""))]]], colWidths=[W])
            tb.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.green),
                                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#e8f5e9"))]))
            story += [tb, Spacer(1, 10)]
        elif t == "nav":
            story.append(P("    ".join(b["items"]), size=size - 1, textColor=colors.grey, spaceAfter=8))
        elif t == "sig":
            story.append(Spacer(1, 14))
            story += [P(x) for x in b["lines"]]
        elif t == "foot":
            footer[0] = b["text"]
        elif t == "pb":
            story.append(PageBreak())
        elif t == "sp":
            story.append(Spacer(1, b.get("h", 12)))

    def on_page(c, d):
        if footer[0]:
            c.saveState()
            c.setFont(reg, 7)
            c.setFillColor(colors.grey)
            for i, line in enumerate(simpleSplit(footer[0], reg, 7, W)):
                c.drawCentredString(A4[0] / 2, 12 * mm - i * 8, line)
            c.restoreState()

    d = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                          bottomMargin=20 * mm, title=doc.get("title", ""), author="", invariant=1)
    d.build(story, onFirstPage=on_page, onLaterPages=on_page)


# ====================================================================== reportlab canvas

CV_THEMES = {
    "modern": ("Sans", "Sans-Bold", colors.HexColor("#7b1fa2"), 9.5),
    "classic": ("Serif", "Serif-Bold", colors.black, 10.5),
    "boxed": ("Sans", "Sans-Bold", colors.black, 9),
    "grid": ("DV", "DV-Bold", colors.HexColor("#00695c"), 8.5),
    "portal": ("Sans", "Sans-Bold", colors.HexColor("#0d47a1"), 9),
}


class _CW:
    def __init__(self, path, theme, title):
        from reportlab.pdfgen import canvas
        register_fonts()
        self.c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
        self.c.setTitle(title)
        self.reg, self.bold, self.accent, self.size = CV_THEMES[theme]
        self.x0 = 20 * mm
        self.w = A4[0] - 40 * mm
        self.top = A4[1] - 18 * mm
        self.y = self.top
        self.footer = None
        self.page = 1

    def ensure(self, h):
        if self.y - h < 22 * mm:
            self.newpage()

    def newpage(self):
        self.draw_footer()
        self.c.showPage()
        self.page += 1
        self.y = self.top

    def draw_footer(self):
        if self.footer:
            self.c.setFont(self.reg, 7)
            self.c.setFillColor(colors.grey)
            for i, line in enumerate(simpleSplit(self.footer, self.reg, 7, self.w)):
                self.c.drawString(self.x0, 13 * mm - i * 8, line)
            self.c.drawRightString(self.x0 + self.w, 6 * mm, "%d" % self.page)
            self.c.setFillColor(colors.black)

    def text(self, x, y, s, font=None, size=None, color=colors.black, right=False):
        self.c.setFont(font or self.reg, size or self.size)
        self.c.setFillColor(color)
        (self.c.drawRightString if right else self.c.drawString)(x, y, s)
        self.c.setFillColor(colors.black)

    def wrap(self, s, width, font=None, size=None):
        lines = []
        for part in s.split("\n"):
            lines += simpleSplit(part, font or self.reg, size or self.size, width) or [""]
        return lines

    def para(self, s, x=None, width=None, font=None, size=None, color=colors.black, gap=4):
        x = self.x0 if x is None else x
        width = width or self.w
        size = size or self.size
        for line in self.wrap(s, width, font, size):
            self.ensure(size * 1.35)
            self.y -= size * 1.35
            self.text(x, self.y, line, font, size, color)
        self.y -= gap


def render_canvas(doc, path):
    cw = _CW(path, doc.get("theme", "modern"), doc.get("title", ""))
    c = cw.c
    s = cw.size
    for b in doc["blocks"]:
        if b["t"] == "foot":
            cw.footer = b["text"]
    for b in doc["blocks"]:
        t = b["t"]
        if t == "lh":
            y0 = cw.y
            cw.text(cw.x0, cw.y - 16, b["name"], cw.bold, s + 8, cw.accent)
            yy = cw.y - 30
            if b.get("tagline"):
                cw.text(cw.x0, yy, b["tagline"], cw.reg, s - 1.5, colors.grey)
                yy -= s
            for line in b.get("lines", []):
                cw.text(cw.x0, yy, line, cw.reg, s - 1.5)
                yy -= s * 1.2
            yr = y0 - 10
            for line in b.get("right", []):
                cw.text(cw.x0 + cw.w, yr, line, cw.reg, s - 1.5, right=True)
                yr -= s * 1.2
            cw.y = min(yy, yr) - 4
            c.setStrokeColor(cw.accent)
            c.setLineWidth(1.5)
            c.line(cw.x0, cw.y, cw.x0 + cw.w, cw.y)
            c.setStrokeColor(colors.black)
            c.setLineWidth(0.5)
            cw.y -= 12
        elif t == "title":
            cw.ensure(30)
            cw.y -= s + 8
            cw.text(cw.x0, cw.y, b["text"], cw.bold, s + 5, cw.accent)
            cw.y -= 8
            if b.get("sub"):
                cw.para(b["sub"], size=s - 1, color=colors.grey)
        elif t == "addr":
            y0 = cw.y
            for line in b["lines"]:
                cw.y -= s * 1.3
                cw.text(cw.x0, cw.y, line)
            yl = cw.y
            cw.y = y0
            for k, v in b.get("meta", []):
                cw.y -= s * 1.3
                cw.text(cw.x0 + cw.w * 0.55, cw.y, k, cw.reg, s - 1, colors.grey)
                cw.text(cw.x0 + cw.w * 0.78, cw.y, v)
            cw.y = min(yl, cw.y) - 14
        elif t == "sec":
            cw.ensure(40)
            cw.y -= s + 10
            c.setFillColor(colors.HexColor("#e6e6e6"))
            c.rect(cw.x0, cw.y - 3, cw.w, s + 6, stroke=0, fill=1)
            cw.text(cw.x0 + 4, cw.y, b["text"], cw.bold, s + 0.5)
            cw.y -= 6
        elif t == "fields":
            up = (lambda z: z.upper()) if b.get("upper") else (lambda z: z)
            stl = b["style"]
            pairs = b["pairs"]
            if stl in ("above", "grid2", "pairs2"):
                # boxes: label small at top-left, value below; short values two per row
                i = 0
                while i < len(pairs):
                    k, v = pairs[i]
                    two = (i + 1 < len(pairs) and len(v) <= 32 and len(pairs[i + 1][1]) <= 32 and stl != "above")
                    group = [pairs[i], pairs[i + 1]] if two else [pairs[i]]
                    bw = cw.w / len(group)
                    lines_per = [cw.wrap(vv, bw - 8) for _, vv in group]
                    h = 12 + s * 1.3 * max(len(l) for l in lines_per) + 4
                    cw.ensure(h)
                    for j, ((kk, vv), ls) in enumerate(zip(group, lines_per)):
                        bx = cw.x0 + j * bw
                        c.rect(bx, cw.y - h, bw, h, stroke=1, fill=0)
                        cw.text(bx + 3, cw.y - 8, up(kk), cw.reg, s - 2.5, colors.HexColor("#555555"))
                        yy = cw.y - 9
                        for ln in ls:
                            yy -= s * 1.3
                            cw.text(bx + 4, yy, ln)
                    cw.y -= h
                    i += len(group)
                cw.y -= 6
            else:
                lw0 = cw.w * 0.36
                for k, v in pairs:
                    if LONG(v):
                        cw.ensure(s * 3)
                        cw.para(up(k), size=s - 0.5, color=colors.HexColor("#444444"), gap=0)
                        cw.para(v, gap=4)
                        continue
                    lw = lw0
                    ls = cw.wrap(v, cw.w - lw - 6)
                    kl = cw.wrap(up(k), lw - 6, size=s - 0.5)
                    h = s * 1.35 * max(len(ls), len(kl)) + 3
                    cw.ensure(h)
                    yy = cw.y
                    for ln in kl:
                        yy -= s * 1.35
                        cw.text(cw.x0, yy, ln, cw.reg, s - 0.5, colors.HexColor("#444444"))
                    yy = cw.y
                    for ln in ls:
                        yy -= s * 1.35
                        cw.text(cw.x0 + lw, yy, ln)
                    cw.y -= h
                    if stl == "table":
                        c.setStrokeColor(colors.lightgrey)
                        c.line(cw.x0, cw.y, cw.x0 + cw.w, cw.y)
                        c.setStrokeColor(colors.black)
                    elif stl == "dots":
                        c.setDash(1, 2)
                        c.line(cw.x0 + lw - 4, cw.y + 3, cw.x0 + cw.w, cw.y + 3)
                        c.setDash()
                cw.y -= 6
        elif t == "checks":
            if b.get("title"):
                cw.para(b["title"], color=colors.HexColor("#444444"), gap=1)
            cols = b.get("cols", 2)
            colw = cw.w / cols
            opts = b["opts"]
            for i in range(0, len(opts), cols):
                cw.ensure(s * 1.6)
                cw.y -= s * 1.6
                for j, (txt, chk) in enumerate(opts[i:i + cols]):
                    bx = cw.x0 + j * colw
                    c.rect(bx, cw.y - 1, s, s, stroke=1, fill=0)
                    if chk:
                        c.line(bx, cw.y - 1, bx + s, cw.y - 1 + s)
                        c.line(bx, cw.y - 1 + s, bx + s, cw.y - 1)
                    cw.text(bx + s + 4, cw.y, txt, size=s - 0.5)
            cw.y -= 6
        elif t == "items":
            nc = set(b.get("num_cols", []))
            n = len(b["headers"])
            widths = [cw.w * 0.46] + [cw.w * 0.54 / (n - 1)] * (n - 1)
            xs = [cw.x0]
            for wd in widths[:-1]:
                xs.append(xs[-1] + wd)

            def row(cells, font):
                wrapped = [cw.wrap(cl, widths[i] - 6, font) for i, cl in enumerate(cells)]
                h = s * 1.35 * max(len(x) for x in wrapped) + 3
                cw.ensure(h)
                for i, ls in enumerate(wrapped):
                    yy = cw.y
                    for ln in ls:
                        yy -= s * 1.35
                        if i in nc:
                            cw.text(xs[i] + widths[i] - 2, yy, ln, font, right=True)
                        else:
                            cw.text(xs[i] + 2, yy, ln, font)
                cw.y -= h

            cw.y -= 6
            row(b["headers"], cw.bold)
            c.line(cw.x0, cw.y + 1, cw.x0 + cw.w, cw.y + 1)
            for r in b["rows"]:
                row(r, cw.reg)
            c.line(cw.x0, cw.y + 1, cw.x0 + cw.w, cw.y + 1)
            cw.y -= 4
            for k, v, bold in b.get("totals", []):
                cw.ensure(s * 1.5)
                cw.y -= s * 1.5
                f = cw.bold if bold else cw.reg
                cw.text(cw.x0 + cw.w * 0.5, cw.y, k, f)
                cw.text(cw.x0 + cw.w - 2, cw.y, v, f, right=True)
                if bold:
                    c.line(cw.x0 + cw.w * 0.5, cw.y + s + 1, cw.x0 + cw.w, cw.y + s + 1)
            cw.y -= 12
        elif t == "para":
            cw.para(b["text"], size=s - 1.5 if b.get("small") else s, gap=6)
        elif t == "ehdr":
            for k, v in b["pairs"]:
                cw.ensure(s * 1.4)
                cw.y -= s * 1.4
                cw.text(cw.x0, cw.y, k, cw.bold)
                cw.text(cw.x0 + 60, cw.y, v)
            cw.y -= 6
            c.line(cw.x0, cw.y, cw.x0 + cw.w, cw.y)
            cw.y -= 8
        elif t == "quote":
            cw.y -= 6
            for x in b["lines"]:
                cw.para(x, x=cw.x0 + 10, width=cw.w - 10, color=colors.HexColor("#555555"), gap=1)
        elif t == "ab":
            widths = [cw.w * 0.3, cw.w * 0.35, cw.w * 0.35]
            xs = [cw.x0, cw.x0 + widths[0], cw.x0 + widths[0] + widths[1]]
            allrows = [(b["headers"], True)] + [(r, False) for r in b["rows"]]
            for cells, head in allrows:
                font = cw.bold if head else cw.reg
                wrapped = [cw.wrap(cl, widths[i] - 6, font, s - (1 if i == 0 and not head else 0))
                           for i, cl in enumerate(cells)]
                h = s * 1.3 * max(len(x) for x in wrapped) + 5
                cw.ensure(h)
                for i, ls in enumerate(wrapped):
                    if head and i > 0:
                        c.setFillColor(colors.HexColor("#cfe3f5" if i == 1 else "#f8efb0"))
                        c.rect(xs[i], cw.y - h, widths[i], h, stroke=0, fill=1)
                    c.setFillColor(colors.black)
                    c.rect(xs[i], cw.y - h, widths[i], h, stroke=1, fill=0)
                    yy = cw.y - 1
                    for ln in ls:
                        yy -= s * 1.3
                        cw.text(xs[i] + 3, yy, ln, font, s - (1 if i == 0 and not head else 0))
                cw.y -= h
            cw.y -= 8
        elif t == "ab4":
            widths = [cw.w * 0.2, cw.w * 0.3, cw.w * 0.2, cw.w * 0.3]
            xs = [cw.x0 + sum(widths[:i]) for i in range(4)]
            ha, hb = b["headers"]
            h = s * 1.3 + 5
            cw.ensure(h)
            for i, (txt, col) in enumerate(((ha, "#cfe3f5"), (hb, "#f8efb0"))):
                x, w = xs[2 * i], widths[2 * i] + widths[2 * i + 1]
                c.setFillColor(colors.HexColor(col))
                c.rect(x, cw.y - h, w, h, stroke=0, fill=1)
                c.setFillColor(colors.black)
                c.rect(x, cw.y - h, w, h, stroke=1, fill=0)
                cw.text(x + 3, cw.y - 1 - s * 1.3, txt, cw.bold, s)
            cw.y -= h
            for cells in b["rows"]:
                wrapped = [cw.wrap(cl, widths[i] - 6, cw.reg, s - (1 if i % 2 == 0 else 0)) for i, cl in enumerate(cells)]
                h = s * 1.3 * max(len(x) for x in wrapped) + 5
                cw.ensure(h)
                for i, ls in enumerate(wrapped):
                    c.setFillColor(colors.black)
                    c.rect(xs[i], cw.y - h, widths[i], h, stroke=1, fill=0)
                    yy = cw.y - 1
                    for ln in ls:
                        yy -= s * 1.3
                        cw.text(xs[i] + 3, yy, ln, cw.reg, s - (1 if i % 2 == 0 else 0))
                cw.y -= h
            cw.y -= 8
        elif t == "banner":
            cw.ensure(50)
            subl = cw.wrap(b.get("sub", ""), cw.w - 20)
            h = s + 18 + len(subl) * s * 1.3
            c.setFillColor(colors.HexColor("#e8f5e9"))
            c.setStrokeColor(colors.green)
            c.rect(cw.x0, cw.y - h, cw.w, h, stroke=1, fill=1)
            c.setStrokeColor(colors.black)
            cw.text(cw.x0 + 10, cw.y - s - 6, b["text"], cw.bold, s + 3, colors.HexColor("#1b5e20"))
            yy = cw.y - s - 8
            for ln in subl:
                yy -= s * 1.3
                cw.text(cw.x0 + 10, yy, ln)
            cw.y -= h + 12
        elif t == "nav":
            cw.y -= s * 1.4
            cw.text(cw.x0, cw.y, "   |   ".join(b["items"]), cw.reg, s - 1, colors.grey)
            cw.y -= 10
        elif t == "sig":
            cw.y -= 16
            for x in b["lines"]:
                cw.para(x, gap=0)
        elif t == "pb":
            cw.newpage()
        elif t == "sp":
            cw.y -= b.get("h", 12)
    cw.draw_footer()
    c.showPage()
    c.save()
