"""Block language -> HTML, for Chromium (full CSS) and LibreOffice Writer (table-based HTML)."""
import html

E = lambda s: html.escape(str(s))

CHROME_CSS = {
    "corp": """
@page { size: A4; margin: 15mm 16mm 18mm 16mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 9.6pt; color: #1c1c1c; }
table.head { width: 100%; border-bottom: 3px solid #1d4e89; margin-bottom: 10px; }
.cname { font-size: 17pt; font-weight: bold; color: #1d4e89; }
td.hright { text-align: right; font-size: 8.3pt; color: #444; vertical-align: top; }
h1 { font-size: 15pt; margin: 12px 0 6px; color: #1d4e89; }
h2 { font-size: 10.5pt; background: #1d4e89; color: #fff; padding: 3px 6px; margin: 12px 0 4px; }
table.kv { width: 100%; border-collapse: collapse; margin: 3px 0; }
table.kv-grid td, table.kv-shade td { border: 1px solid #9fb3c8; padding: 3px 5px; vertical-align: top; }
table.kv-shade td.l { background: #e8eff7; }
td.l { width: 26%; font-weight: bold; }
table.kv-plain td { padding: 2px 4px; vertical-align: top; }
""",
    "serif": """
@page { size: A4; margin: 22mm 22mm 20mm 25mm; }
body { font-family: 'DejaVu Serif', 'Liberation Serif', serif; font-size: 10.4pt; color: #111; line-height: 1.35; }
table.head { width: 100%; margin-bottom: 18px; }
.cname { font-size: 14pt; letter-spacing: 1px; font-variant: small-caps; }
td.hright { text-align: right; font-size: 8.5pt; vertical-align: top; }
h1 { font-size: 13pt; text-transform: uppercase; letter-spacing: 2px; border-bottom: 1px solid #000; }
h2 { font-size: 10.5pt; font-variant: small-caps; margin: 14px 0 4px; border-bottom: 0.5px solid #777; }
table.kv { width: 100%; border-collapse: collapse; }
table.kv-grid td, table.kv-shade td { border: 0.6px solid #333; padding: 4px 6px; vertical-align: top; }
table.kv-shade td.l { background: #f0ede4; }
td.l { width: 30%; font-style: italic; }
.addr { margin: 8px 0 18px; }
""",
    "portal": """
@page { size: A4; margin: 10mm 12mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #263238; }
.nav { background: #263238; color: #fff; padding: 8px 10px; margin-bottom: 10px; }
.nav span { margin-right: 18px; } .nav span:first-child { font-weight: bold; font-size: 12pt; color: #ffcc40; }
.banner { background: #e3f4e8; border-left: 6px solid #2e9e52; padding: 10px 12px; font-size: 12.5pt; font-weight: bold; color: #1b5e33; margin: 8px 0; }
h1 { font-size: 14pt; } h2 { font-size: 11pt; color: #2e6f9e; border-bottom: 2px solid #cfd8dc; padding-bottom: 2px; margin: 14px 0 4px; }
table.kv { width: 100%; border-collapse: collapse; }
table.kv tr:nth-child(odd) td { background: #f4f7f9; }
table.kv td { padding: 5px 8px; vertical-align: top; }
table.kv-grid td { border-bottom: 1px solid #dde3e7; }
td.l { width: 38%; color: #546e7a; }
.foot { color: #78909c; }
""",
    "cards": """
@page { size: A4; margin: 14mm; }
body { font-family: 'Liberation Sans Narrow', 'Liberation Sans', sans-serif; font-size: 10pt; color: #222; }
table.head { width: 100%; background: #f6f1e7; padding: 6px; margin-bottom: 8px; }
.cname { font-size: 16pt; font-weight: bold; color: #8a4b08; }
td.hright { text-align: right; font-size: 8pt; vertical-align: top; }
h1 { font-size: 16pt; font-weight: normal; margin: 8px 0; }
h2 { font-size: 10pt; text-transform: uppercase; letter-spacing: 1.5px; color: #8a4b08; margin: 12px 0 3px; }
table.kv { width: 100%; border-collapse: separate; border-spacing: 4px; }
table.kv td { border: 1px solid #d9cbb3; border-radius: 4px; padding: 4px 6px; vertical-align: top; }
td.l { width: 24%; background: #fbf8f2; font-size: 8.5pt; text-transform: uppercase; color: #6d5a3d; }
""",
    "mono": """
@page { size: A4; margin: 14mm 14mm; }
body { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 8.8pt; color: #000; }
table.head { width: 100%; border: 2px solid #000; padding: 4px; margin-bottom: 10px; }
.cname { font-size: 13pt; font-weight: bold; }
td.hright { text-align: right; vertical-align: top; }
h1 { font-size: 13pt; border-top: 1px dashed #000; border-bottom: 1px dashed #000; padding: 3px 0; }
h2 { font-size: 9.5pt; margin: 12px 0 3px; text-decoration: underline; }
table.kv { width: 100%; border-collapse: collapse; }
table.kv td { padding: 1px 3px; vertical-align: top; }
table.kv-grid td, table.kv-shade td { border: 1px dashed #555; }
td.l { width: 30%; }
""",
}

COMMON_CSS = """
.small { font-size: 7.8pt; color: #555; }
p { margin: 4px 0 7px; }
.long { margin: 6px 0; }
.al { font-size: 8pt; color: #555; font-weight: bold; }
.av { font-size: 10pt; min-height: 1.1em; }
.lv { border: 1px solid #999; padding: 5px 7px; min-height: 2.2em; }
table.kv-above td { border-bottom: 1px solid #aaa; padding: 2px 6px 4px 0; vertical-align: top; }
table.kv-dots td.v { border-bottom: 1px dotted #555; }
.checks { margin: 5px 0; } .checks .opt { margin-right: 14px; white-space: nowrap; }
.checks.list .opt { display: block; }
table.items { width: 100%; border-collapse: collapse; margin: 10px 0; }
table.items th { text-align: left; border-bottom: 1.5px solid #000; padding: 3px; }
table.items td { padding: 3px; border-bottom: 0.5px solid #ccc; }
table.items td.n, table.items th.n { text-align: right; white-space: nowrap; }
table.items tr.tot td { border-bottom: none; }
table.items tr.bold td { font-weight: bold; border-top: 1.5px solid #000; }
table.cols2 { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.cols2 > tbody > tr > td { width: 50%; vertical-align: top; border: 1px solid #555; padding: 4px; }
.colhead { font-weight: bold; text-align: center; padding: 3px; }
.ca { background: #dce9f7; } .cb { background: #fbf0c8; }
table.mail td { padding: 1px 6px 1px 0; vertical-align: top; } table.mail td.l { font-weight: bold; width: 14%; }
table.mail { border-bottom: 1px solid #999; margin-bottom: 10px; width: 100%; }
.sig { margin-top: 14px; } .foot { margin-top: 22px; font-size: 7.5pt; color: #666; border-top: 1px solid #bbb; padding-top: 4px; }
.addr { margin: 6px 0 12px; }
.nav { background: #30404c; color: #fff; padding: 7px 10px; margin-bottom: 10px; }
.nav span { margin-right: 18px; } .nav span:first-child { font-weight: bold; font-size: 12pt; }
.banner { background: #e3f4e8; border: 1px solid #2e9e52; padding: 9px 12px; font-size: 12pt; font-weight: bold; color: #1b5e33; margin: 8px 0; }
"""


def _kv(rows, mode, lo):
    width = max(len(r) for r in rows)
    cls = {"grid": "kv kv-grid", "shade": "kv kv-shade", "plain": "kv kv-plain",
           "dots": "kv kv-dots", "above": "kv kv-above"}[mode]
    attrs = ""
    if lo:
        attrs = ' border="1" cellspacing="0" cellpadding="4"' if mode in ("grid", "shade") else ' cellspacing="0" cellpadding="3"'
    out = ['<table class="%s" width="100%%"%s>' % (cls, attrs)]
    for row in rows:
        out.append("<tr>")
        for i, (lab, val) in enumerate(row):
            last = i == len(row) - 1
            span = 1 + 2 * (width - len(row)) if last else 1
            if mode == "above":
                out.append('<td colspan="%d"><div class="al">%s</div><div class="av">%s</div></td>'
                           % ((width - len(row) + 1) if last else 1, E(lab), E(val) or "&nbsp;"))
            else:
                bg = ' bgcolor="#e6e6e6"' if (lo and mode == "shade") else ""
                out.append('<td class="l"%s><b>%s</b></td>' % (bg, E(lab)) if lo else '<td class="l">%s</td>' % E(lab))
                out.append('<td class="v" colspan="%d">%s</td>' % (span, E(val) or "&nbsp;"))
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def render(blocks, theme, lo=False, font="Liberation Sans"):
    body = []
    for b in blocks:
        k = b[0]
        if k == "head":
            h = b[1]
            left = '<div class="cname">%s</div>%s' % (E(h["name"]), "<br>".join(E(x) for x in h["lines"]))
            if lo:
                left = '<font size="5"><b>%s</b></font><br>%s' % (E(h["name"]), "<br>".join(E(x) for x in h["lines"]))
            right = "<br>".join(E(x) for x in h["right"])
            body.append('<table class="head" width="100%%"><tr><td class="hname" valign="top">%s</td>'
                        '<td class="hright" align="right" valign="top"><font size="1">%s</font></td></tr></table>'
                        % (left, right) if lo else
                        '<table class="head"><tr><td class="hname" valign="top">%s</td><td class="hright">%s</td></tr></table>'
                        % (left, right))
            if lo:
                body.append("<hr>")
        elif k == "title":
            body.append("<h1>%s</h1>" % E(b[1]))
        elif k == "h":
            body.append("<h2>%s</h2>" % E(b[1]))
        elif k == "p":
            body.append("<p>%s</p>" % E(b[1]))
        elif k == "small":
            body.append('<p class="small">%s</p>' % (E(b[1]) if not lo else '<font size="1">%s</font>' % E(b[1])))
        elif k == "kv":
            body.append(_kv(b[1], b[2], lo))
        elif k == "long":
            if lo:
                body.append('<p><b>%s</b></p><table width="100%%" border="1" cellspacing="0" cellpadding="5"><tr><td>%s</td></tr></table>'
                            % (E(b[1]), E(b[2]) or "&nbsp;"))
            else:
                body.append('<div class="long"><div class="al">%s</div><div class="lv">%s</div></div>' % (E(b[1]), E(b[2])))
        elif k == "checks":
            lab, opts, (on, off) = b[1], b[2], b[3]
            lst = len(opts) > 4
            items = ['<span class="opt">%s %s</span>' % (E(on if c else off), E(t)) for t, c in opts]
            if lo:
                sep = "<br>" if lst else " &nbsp;&nbsp; "
                body.append("<p><b>%s</b>%s%s</p>" % (E(lab), "<br>" if lst else " &nbsp; ", sep.join(items)))
            else:
                body.append('<div class="checks%s"><b>%s</b> %s</div>' % (" list" if lst else "", E(lab), "".join(items)))
        elif k == "items":
            cols, rows, totals = b[1], b[2], b[3]
            att = ' border="1" cellspacing="0" cellpadding="3" width="100%"' if lo else ""
            t = ['<table class="items"%s><tr>' % att]
            for i, c in enumerate(cols):
                t.append('<th%s>%s</th>' % (' class="n" align="right"' if i else ' align="left"', E(c)))
            t.append("</tr>")
            for row in rows:
                t.append("<tr>" + "".join('<td%s>%s</td>' % (' class="n" align="right"' if i else "", E(x))
                                         for i, x in enumerate(row)) + "</tr>")
            for lab, val, bold in totals:
                t.append('<tr class="tot%s"><td colspan="%d" align="right" style="text-align:right">%s</td><td class="n" align="right">%s</td></tr>'
                         % (" bold" if bold else "", len(cols) - 1, ("<b>%s</b>" % E(lab)) if bold else E(lab),
                            ("<b>%s</b>" % E(val)) if bold else E(val)))
            t.append("</table>")
            body.append("".join(t))
        elif k == "cols2":
            ha, ba, hb, bb = b[1], b[2], b[3], b[4]
            att = ' border="1" cellspacing="0" cellpadding="4" width="100%"' if lo else ""
            body.append('<table class="cols2"%s><tr><td valign="top"%s><div class="colhead ca">%s</div>%s</td>'
                        '<td valign="top"%s><div class="colhead cb">%s</div>%s</td></tr></table>'
                        % (att, ' bgcolor="#eef4fb"' if lo else "", E(ha), render_inner(ba, lo),
                           ' bgcolor="#fdf8e4"' if lo else "", E(hb), render_inner(bb, lo)))
        elif k == "mailhead":
            body.append('<table class="mail">' + "".join(
                '<tr><td class="l"><b>%s:</b></td><td>%s</td></tr>' % (E(l), E(v)) for l, v in b[1]) + "</table>")
        elif k == "addr":
            body.append('<div class="addr"><p>%s</p></div>' % "<br>".join(E(x) for x in b[1]))
        elif k == "sig":
            body.append('<div class="sig"><p>%s</p></div>' % "<br>".join(E(x) for x in b[1]))
        elif k == "foot":
            body.append('<div class="foot"><p>%s</p></div>' % (E(b[1]) if not lo else '<font size="1">%s</font>' % E(b[1])))
        elif k == "banner":
            if lo:
                body.append('<table width="100%%" cellpadding="8" border="0"><tr><td bgcolor="#dff0e3"><font size="4"><b>%s</b></font></td></tr></table>' % E(b[1]))
            else:
                body.append('<div class="banner">%s</div>' % E(b[1]))
        elif k == "nav":
            if lo:
                body.append('<table width="100%%" cellpadding="5"><tr><td bgcolor="#333f48"><font color="#ffffff"><b>%s</b> &nbsp;&nbsp; %s</font></td></tr></table>'
                            % (E(b[1][0]), " &nbsp;|&nbsp; ".join(E(x) for x in b[1][1:])))
            else:
                body.append('<div class="nav">%s</div>' % "".join("<span>%s</span>" % E(x) for x in b[1]))
    css = COMMON_CSS + (CHROME_CSS[theme] if not lo else LO_CSS.get(theme, "") % {"font": font})
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>document</title><style>%s</style></head><body>%s</body></html>'
            % (css, "\n".join(body)))


def render_inner(blocks, lo):
    s = render(blocks, "corp", lo)
    return s.split("<body>", 1)[1].rsplit("</body>", 1)[0]


LO_CSS = {
    "lo_plain": "body { font-family: '%(font)s'; font-size: 10pt; } h1 { font-size: 15pt; } h2 { font-size: 11pt; }",
    "lo_serif": "body { font-family: '%(font)s'; font-size: 11pt; } h1 { font-size: 14pt; } h2 { font-size: 11pt; font-style: italic; }",
    "lo_boxed": "body { font-family: '%(font)s'; font-size: 9.5pt; } h1 { font-size: 16pt; color: #7a1f1f; } h2 { font-size: 10pt; color: #7a1f1f; }",
}
