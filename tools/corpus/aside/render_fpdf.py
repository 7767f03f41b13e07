"""Block language -> PDF drawn directly with fpdf2."""
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = {
    "dejavu": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "libsans": ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    "libserif": ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    "condensed": ("/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf"),
}
SYM = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

THEMES = {
    "fp_form": {"font": "libsans", "size": 9.5, "accent": (150, 20, 40), "label_fill": (242, 230, 232)},
    "fp_clean": {"font": "dejavu", "size": 8.8, "accent": (0, 90, 80), "label_fill": (225, 240, 237)},
    "fp_serif": {"font": "libserif", "size": 10.5, "accent": (40, 40, 40), "label_fill": (235, 235, 235), "text_tick": False},
    "fp_dense": {"font": "condensed", "size": 8.6, "accent": (30, 60, 140), "label_fill": (228, 233, 246)},
}


class P(FPDF):
    def __init__(self, theme):
        super().__init__(format="A4")
        self.th = THEMES[theme]
        reg, bold = FONTS[self.th["font"]]
        self.add_font("f", "", reg)
        self.add_font("f", "B", bold)
        self.add_font("sym", "", SYM)
        self.set_fallback_fonts(["sym"])
        self.set_margins(17, 15, 17)
        self.set_auto_page_break(True, 18)
        self.foot = None

    def footer(self):
        if self.foot:
            self.set_y(-13)
            self.set_font("f", "", 7)
            self.set_text_color(110, 110, 110)
            self.cell(0, 4, self.foot, align="C")
            self.set_text_color(0, 0, 0)

    def fs(self, size=None, bold=False):
        self.set_font("f", "B" if bold else "", size or self.th["size"])


def _lines(pdf, w, text):
    if not text:
        return 1
    return len(pdf.multi_cell(w, 5, text, dry_run=True, output="LINES"))


def _kv(pdf, rows, mode):
    th = pdf.th
    W = pdf.epw
    width = max(len(r) for r in rows)
    lh = th["size"] * 0.48
    for row in rows:
        n = len(row)
        if mode == "above":
            cw = W / n
            # heights
            pdf.fs(th["size"] - 1.5, True)
            hl = max(_lines(pdf, cw - 2, lab) for lab, _ in row)
            pdf.fs()
            hv = max(_lines(pdf, cw - 2, val) for _, val in row)
            h = hl * lh * 0.9 + hv * lh + 3
            if pdf.get_y() + h > pdf.h - 20:
                pdf.add_page()
            y0 = pdf.get_y()
            for i, (lab, val) in enumerate(row):
                x = pdf.l_margin + i * cw
                pdf.set_xy(x, y0)
                pdf.fs(th["size"] - 1.5, True)
                pdf.set_text_color(90, 90, 90)
                pdf.multi_cell(cw - 2, lh * 0.9, lab, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                pdf.set_text_color(0, 0, 0)
                pdf.fs()
                pdf.set_x(x)
                pdf.multi_cell(cw - 2, lh, val or " ", align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                pdf.set_draw_color(150, 150, 150)
                pdf.line(x, y0 + h - 1, x + cw - 3, y0 + h - 1)
            pdf.set_xy(pdf.l_margin, y0 + h + 1)
            continue
        lw = W * (0.27 if width == 1 else 0.2)
        vw_full = W - lw * width
        vws = [vw_full / width] * n
        if n < width:
            vws[-1] = W - lw * n - sum(vws[:-1])
        pdf.fs(bold=True)
        hl = max(_lines(pdf, lw - 2, lab) for lab, _ in row)
        pdf.fs()
        hv = max(_lines(pdf, vws[i] - 2, val) for i, (_, val) in enumerate(row))
        h = max(hl, hv) * lh + 2
        if pdf.get_y() + h > pdf.h - 20:
            pdf.add_page()
        y0 = pdf.get_y()
        x = pdf.l_margin
        for i, (lab, val) in enumerate(row):
            border = 1 if mode in ("grid", "shade") else 0
            fill = mode == "shade"
            if fill:
                pdf.set_fill_color(*th["label_fill"])
            if border:
                pdf.set_draw_color(120, 120, 120)
                pdf.rect(x, y0, lw, h, style="DF" if fill else "D")
                pdf.rect(x + lw, y0, vws[i], h)
            pdf.set_xy(x + 1, y0 + 1)
            pdf.fs(bold=True)
            pdf.multi_cell(lw - 2, lh, lab, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.set_xy(x + lw + 1, y0 + 1)
            pdf.fs()
            pdf.multi_cell(vws[i] - 2, lh, val or " ", align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            if mode == "dots":
                pdf.set_draw_color(100, 100, 100)
                pdf.set_dash_pattern(0.4, 0.8)
                pdf.line(x + lw, y0 + h, x + lw + vws[i] - 3, y0 + h)
                pdf.set_dash_pattern()
            x += lw + vws[i]
        pdf.set_xy(pdf.l_margin, y0 + h + (0 if mode in ("grid", "shade") else 0.8))
    pdf.ln(2)


def _box(pdf, x, y, s, on):
    pdf.set_draw_color(0, 0, 0)
    pdf.rect(x, y, s, s)
    if on and pdf.th.get("text_tick", True):
        # tick typed as a character inside the box (ends up in the text layer)
        pdf.set_font("f", "B", pdf.th["size"] - 1)
        pdf.set_xy(x, y - 0.1)
        pdf.cell(s, s, "X", align="C")
        pdf.fs()
    elif on:
        # tick drawn as two strokes (only visible in the image)
        pdf.line(x + 0.6, y + 0.6, x + s - 0.6, y + s - 0.6)
        pdf.line(x + 0.6, y + s - 0.6, x + s - 0.6, y + 0.6)


def render(blocks, theme, path):
    pdf = P(theme)
    th = pdf.th
    acc = th["accent"]
    for b in blocks:
        if b[0] == "foot":
            pdf.foot = b[1]
    pdf.add_page()
    lh = th["size"] * 0.48
    for b in blocks:
        k = b[0]
        if k == "head":
            h = b[1]
            y0 = pdf.get_y()
            pdf.set_text_color(*acc)
            pdf.fs(15, True)
            pdf.cell(110, 8, h["name"], new_x=XPos.LEFT, new_y=YPos.NEXT)
            pdf.set_text_color(60, 60, 60)
            pdf.fs(8.5)
            for ln in h["lines"]:
                pdf.cell(110, 4, ln, new_x=XPos.LEFT, new_y=YPos.NEXT)
            y1 = pdf.get_y()
            pdf.set_xy(pdf.w - pdf.r_margin - 65, y0 + 1)
            pdf.fs(7.8)
            for ln in h["right"]:
                pdf.set_x(pdf.w - pdf.r_margin - 65)
                pdf.cell(65, 3.6, ln, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
            y = max(y1, pdf.get_y()) + 2
            pdf.set_draw_color(*acc)
            pdf.set_line_width(0.7)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_line_width(0.2)
            pdf.set_text_color(0, 0, 0)
            pdf.set_xy(pdf.l_margin, y + 4)
        elif k == "title":
            pdf.fs(15, True)
            pdf.set_text_color(*acc)
            pdf.multi_cell(0, 8, b[1], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)
        elif k == "h":
            pdf.ln(2)
            if pdf.get_y() > pdf.h - 40:
                pdf.add_page()
            pdf.fs(th["size"] + 1, True)
            pdf.set_fill_color(*th["label_fill"])
            pdf.cell(0, 6.5, " " + b[1], fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1.5)
        elif k in ("p", "small"):
            pdf.fs(th["size"] - (1.5 if k == "small" else 0))
            if k == "small":
                pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(0, lh + 0.4, b[1], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1.8)
        elif k == "kv":
            _kv(pdf, b[1], b[2])
        elif k == "long":
            pdf.fs(bold=True)
            pdf.multi_cell(0, lh + 0.5, b[1], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.fs()
            y0 = pdf.get_y()
            pdf.set_xy(pdf.l_margin + 2, y0 + 1.5)
            pdf.multi_cell(pdf.epw - 4, lh + 0.5, b[2] or " ", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            y1 = pdf.get_y() + 1.5
            pdf.set_draw_color(120, 120, 120)
            pdf.rect(pdf.l_margin, y0, pdf.epw, max(y1 - y0, 12))
            pdf.set_y(max(y1, y0 + 12) + 2)
        elif k == "checks":
            lab, opts = b[1], b[2]
            pdf.fs(bold=True)
            pdf.multi_cell(0, lh + 0.5, lab, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.fs()
            lst = len(opts) > 4
            x = pdf.l_margin + 2
            for t, on in opts:
                tw = pdf.get_string_width(t) + 10
                if lst or x + tw > pdf.w - pdf.r_margin:
                    if x > pdf.l_margin + 2:
                        pdf.ln(lh + 1.2)
                    x = pdf.l_margin + 2
                y = pdf.get_y()
                _box(pdf, x, y + 0.6, 3.2, on)
                pdf.set_xy(x + 4.5, y)
                pdf.cell(tw - 5, lh + 0.5, t)
                x += tw + 3
                if lst:
                    pdf.ln(lh + 1.2)
                    x = pdf.l_margin + 2
            if not lst:
                pdf.ln(lh + 1.5)
            pdf.ln(1.5)
        elif k == "items":
            cols, rows, totals = b[1], b[2], b[3]
            W = pdf.epw
            ws = [W * 0.52, W * 0.1, W * 0.19, W * 0.19]
            pdf.fs(bold=True)
            pdf.set_fill_color(*th["label_fill"])
            for i, c in enumerate(cols):
                pdf.cell(ws[i], 6.5, c, border="B", fill=True, align="R" if i else "L")
            pdf.ln(6.5)
            pdf.fs()
            for row in rows:
                for i, c in enumerate(row):
                    pdf.cell(ws[i], 6, c, border="B" if False else 0, align="R" if i else "L")
                pdf.ln(6)
            pdf.ln(1)
            for lab, val, bold in totals:
                pdf.fs(bold=bold)
                if bold:
                    pdf.set_draw_color(0, 0, 0)
                    pdf.line(pdf.l_margin + W * 0.5, pdf.get_y(), pdf.l_margin + W, pdf.get_y())
                pdf.cell(W * 0.81, 6, lab, align="R")
                pdf.cell(W * 0.19, 6, val, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
        elif k == "cols2":
            ha, ba, hb, bb = b[1], b[2], b[3], b[4]
            W = pdf.epw
            cw = W / 2 - 2
            y0 = pdf.get_y()
            ys = []
            for ci, (hd, bl) in enumerate(((ha, ba), (hb, bb))):
                x = pdf.l_margin + ci * (cw + 4)
                pdf.set_xy(x, y0)
                pdf.set_fill_color(*((214, 230, 247) if ci == 0 else (252, 240, 196)))
                pdf.fs(bold=True)
                pdf.cell(cw, 6, hd, align="C", fill=True, new_x=XPos.LEFT, new_y=YPos.NEXT)
                for blk in bl:
                    for row in blk[1]:
                        for lab, val in row:
                            pdf.set_x(x)
                            pdf.fs(th["size"] - 1, True)
                            pdf.cell(cw * 0.45, lh + 1, lab)
                            pdf.fs(th["size"] - 1)
                            pdf.multi_cell(cw * 0.55, lh + 1, val or " ", align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                ys.append(pdf.get_y())
                pdf.set_draw_color(80, 80, 80)
            yb = max(ys) + 1
            pdf.rect(pdf.l_margin, y0, cw, yb - y0)
            pdf.rect(pdf.l_margin + cw + 4, y0, cw, yb - y0)
            pdf.set_xy(pdf.l_margin, yb + 3)
        elif k == "mailhead":
            for lab, val in b[1]:
                pdf.fs(bold=True)
                pdf.cell(24, lh + 1, lab + ":")
                pdf.fs()
                pdf.multi_cell(0, lh + 1, val, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_draw_color(150, 150, 150)
            pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
            pdf.ln(4)
        elif k in ("addr", "sig"):
            pdf.fs()
            if k == "sig":
                pdf.ln(4)
            for ln in b[1]:
                pdf.cell(0, lh + 0.6, ln, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(4)
        elif k == "banner":
            pdf.set_fill_color(220, 240, 226)
            pdf.fs(12, True)
            pdf.multi_cell(0, 9, b[1], fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
        elif k == "nav":
            pdf.set_fill_color(40, 50, 60)
            pdf.set_text_color(255, 255, 255)
            pdf.fs(9, True)
            pdf.cell(0, 8, "  " + "     ".join(b[1]), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(3)
    pdf.output(path)
