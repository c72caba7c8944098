#!/usr/bin/env python3
"""Turn a terminal screen captured with `tmux capture-pane -e -p` into an SVG.

Every character is placed on a fixed grid (one column per cell, two for East Asian wide
and full-width characters, as the terminal placed them), so Chinese text lines up with the
box lines whatever font the viewer substitutes. Colours and bold come from the SGR
sequences tmux writes; 16, 256 and 24-bit colours are understood. Standard library only.

usage: ansi2svg.py COLS ROWS TITLE < screen.ans > screen.svg
"""

import html
import re
import sys
import unicodedata

CELL_W = 9.0
CELL_H = 19.0
FONT_SIZE = 15
PAD = 12
FG = "#d4d4d4"
BG = "#1e1e1e"
# xterm's 16 colours (a dark theme's take on them).
BASIC = [
    "#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#cccccc",
    "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
]


def palette(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
        return f"#{r:02x}{g:02x}{b:02x}"
    v = 8 + (n - 232) * 10
    return f"#{v:02x}{v:02x}{v:02x}"


def width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.reverse)

    def apply(self, params):
        p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
        i = 0
        while i < len(p):
            c = p[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 22:
                self.bold = False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASIC[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASIC[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASIC[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASIC[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(p):
                if p[i + 1] == 5 and i + 2 < len(p):
                    colour = palette(p[i + 2])
                    i += 2
                elif p[i + 1] == 2 and i + 4 < len(p):
                    colour = "#{:02x}{:02x}{:02x}".format(*p[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1


def parse(text, cols, rows):
    """Rows of cells: (column, character, (fg, bg, bold, reverse))."""
    grid = []
    style = Style()
    for line in text.split("\n")[:rows]:
        cells = []
        col = 0
        for token in re.split(r"(\x1b\[[0-9;]*[A-Za-z])", line):
            if token.startswith("\x1b["):
                if token.endswith("m"):
                    style.apply(token[2:-1])
                continue
            for ch in token:
                w = width(ch)
                if w == 0 or col >= cols:
                    continue
                cells.append((col, ch, style.key()))
                col += w
        grid.append(cells)
    return grid


def render(grid, cols, rows, title):
    w = cols * CELL_W + 2 * PAD
    h = rows * CELL_H + 2 * PAD
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.0f} {h:.0f}" role="img" aria-label="{html.escape(title)}">',
        f"<title>{html.escape(title)}</title>",
        f'<rect width="100%" height="100%" rx="6" fill="{BG}"/>',
        f'<g font-family="\'DejaVu Sans Mono\', \'WenQuanYi Micro Hei Mono\', '
        f"'Noto Sans Mono CJK SC', 'Sarasa Mono SC', monospace\" font-size=\"{FONT_SIZE}\" "
        f'text-anchor="middle" xml:space="preserve">',
    ]
    for row, cells in enumerate(grid):
        y = PAD + row * CELL_H
        # Backgrounds first, merged into runs of one colour.
        run = None
        for col, ch, (fg, bg, bold, rev) in cells + [(cols, "", (None, None, False, False))]:
            fill = (fg or FG) if rev else bg
            end = col + width(ch) if ch else col
            if run and run[2] == fill and run[1] == col:
                run[1] = end
                continue
            if run and run[2]:
                x = PAD + run[0] * CELL_W
                out.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{(run[1] - run[0]) * CELL_W:.1f}" '
                    f'height="{CELL_H:.1f}" fill="{run[2]}"/>'
                )
            run = [col, end, fill]
        # Text: one element per run of one style, every character at its own column.
        groups = []
        for col, ch, key in cells:
            if ch == " ":
                continue
            if groups and groups[-1][0] == key:
                groups[-1][1].append((col, ch))
            else:
                groups.append((key, [(col, ch)]))
        # One element per character, centred on its cell: the grid holds whatever width
        # the font's glyphs have (a list of x positions is not honoured by every renderer).
        baseline = y + CELL_H * 0.78
        out.append(f'<g transform="translate(0 {baseline:.1f})">')
        for (fg, bg, bold, rev), chars in groups:
            colour = (bg or BG) if rev else (fg or FG)
            weight = ' font-weight="bold"' if bold else ""
            out.append(f'<g fill="{colour}"{weight}>')
            for c, ch in chars:
                x = PAD + c * CELL_W + (CELL_W if width(ch) == 2 else CELL_W / 2)
                out.append(f'<text x="{x:.1f}">{html.escape(ch)}</text>')
            out.append("</g>")
        out.append("</g>")
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def main():
    cols, rows, title = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    text = sys.stdin.buffer.read().decode("utf-8", "replace")
    sys.stdout.write(render(parse(text, cols, rows), cols, rows, title))


if __name__ == "__main__":
    main()
