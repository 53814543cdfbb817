"""Charts of the statistics, drawn here as SVG images so that wkhtmltopdf
needs nothing but an image: horizontal bars and grouped columns."""

import base64
import math

from markupsafe import Markup

from odoo import api, models

from .focus_statistics import SMALL_COUNT


class FocusStatistics(models.AbstractModel):
    _inherit = "focus.statistics"

    def chart_bars(self, rows, width=520, bar_height=18, color="#2f6f8f"):
        """Horizontal bar chart of (label, count) rows, as an SVG data URI.

        A count under 5 is drawn as a hatched bar of the length of 5 with the
        label "<5", so that its length gives nothing away.
        """
        label_width = 210
        value_width = 40
        plot = width - label_width - value_width
        height = max(len(rows), 1) * (bar_height + 8) + 8
        top = max([SMALL_COUNT] + [count for _label, count in rows])
        parts = [self._svg_open(width, height), self._svg_hatch([color])]
        for index, (label, count) in enumerate(rows):
            y = 8 + index * (bar_height + 8)
            small = self.is_small(count)
            length = plot * (SMALL_COUNT if small else count) / top
            fill = "url(#small0)" if small else color
            parts.append(
                Markup(
                    '<text x="{x}" y="{ty}" font-size="11" text-anchor="end" '
                    'fill="#333">{label}</text>'
                    '<rect x="{rx}" y="{y}" width="{w:.1f}" height="{h}" '
                    'fill="{fill}"/>'
                    '<text x="{vx:.1f}" y="{ty}" font-size="11" '
                    'fill="#333">{value}</text>'
                ).format(
                    x=label_width - 6,
                    ty=y + bar_height - 5,
                    label=_shorten(label, 34),
                    rx=label_width,
                    y=y,
                    w=max(length, 1),
                    h=bar_height,
                    fill=fill,
                    vx=label_width + max(length, 1) + 4,
                    value=self.format_count(count),
                )
            )
        parts.append(Markup("</svg>"))
        return self._svg_uri(parts)

    @api.model
    def chart_columns(self, categories, series, width=520, height=220):
        """Grouped column chart: ``categories`` along the axis, ``series`` a list of
        (name, colour, values). Counts under 5 are drawn hatched at the height of 5."""
        left, bottom, top_margin, legend = 36, 28, 12, 22
        plot_w = width - left - 8
        plot_h = height - bottom - top_margin - legend
        top = max([SMALL_COUNT] + [v for _n, _c, values in series for v in values])
        top = int(math.ceil(top / 5.0) * 5)
        group_w = plot_w / max(len(categories), 1)
        bar_w = min(28.0, (group_w - 8) / max(len(series), 1))
        parts = [
            self._svg_open(width, height),
            # The last pattern, grey, is the legend's.
            self._svg_hatch([color for _name, color, _values in series] + ["#8a8a8a"]),
        ]
        for tick in range(0, top + 1, max(top // 5, 1)):
            y = top_margin + plot_h - plot_h * tick / top
            parts.append(
                Markup(
                    '<line x1="{l}" y1="{y:.1f}" x2="{r}" y2="{y:.1f}" stroke="#ddd"/>'
                    '<text x="{tx}" y="{ty:.1f}" font-size="10" text-anchor="end" '
                    'fill="#666">{tick}</text>'
                ).format(l=left, r=width - 8, y=y, tx=left - 4, ty=y + 3, tick=tick)
            )
        for index, category in enumerate(categories):
            x0 = left + index * group_w + (group_w - bar_w * len(series)) / 2
            for s_index, (_name, color, values) in enumerate(series):
                count = values[index]
                small = self.is_small(count)
                bar_h = plot_h * (SMALL_COUNT if small else count) / top
                x = x0 + s_index * bar_w
                parts.append(
                    Markup(
                        '<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                        'height="{h:.1f}" fill="{fill}"/>'
                    ).format(
                        x=x,
                        y=top_margin + plot_h - bar_h,
                        w=bar_w - 2,
                        h=bar_h,
                        fill=f"url(#small{s_index})" if small else color,
                    )
                )
                if count:
                    parts.append(
                        Markup(
                            '<text x="{x:.1f}" y="{y:.1f}" font-size="9" '
                            'text-anchor="middle" fill="#333">{v}</text>'
                        ).format(
                            x=x + (bar_w - 2) / 2,
                            y=top_margin + plot_h - bar_h - 3,
                            v=self.format_count(count),
                        )
                    )
            parts.append(
                Markup(
                    '<text x="{x:.1f}" y="{y}" font-size="10" text-anchor="middle" '
                    'fill="#333">{label}</text>'
                ).format(
                    x=left + index * group_w + group_w / 2,
                    y=top_margin + plot_h + 14,
                    label=category,
                )
            )
        parts.append(
            Markup('<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="#999"/>').format(
                l=left, r=width - 8, y=top_margin + plot_h
            )
        )
        x = left
        for name, color, _values in series:
            parts.append(
                Markup(
                    '<rect x="{x}" y="{y}" width="10" height="10" fill="{c}"/>'
                    '<text x="{tx}" y="{ty}" font-size="10" fill="#333">{n}</text>'
                ).format(x=x, y=height - 12, c=color, tx=x + 14, ty=height - 3, n=name)
            )
            x += 24 + 6 * len(name)
        parts.append(
            Markup(
                '<rect x="{x}" y="{y}" width="10" height="10" fill="url(#small{i})"/>'
                '<text x="{tx}" y="{ty}" font-size="10" fill="#333">{n}</text>'
            ).format(
                x=x,
                y=height - 12,
                tx=x + 14,
                ty=height - 3,
                i=len(series),
                n=self.env._("fewer than 5"),
            )
        )
        parts.append(Markup("</svg>"))
        return self._svg_uri(parts)

    def _svg_open(self, width, height):
        return Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
            'viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">'
        ).format(w=width, h=height)

    def _svg_hatch(self, colors):
        """One hatch pattern per colour ("small0", "small1"...): the bars of counts
        under 5 keep the colour of their series, hatched."""
        patterns = [
            Markup(
                '<pattern id="small{i}" width="6" height="6" '
                'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
                '<rect width="6" height="6" fill="#ffffff"/>'
                '<line x1="0" y1="0" x2="0" y2="6" stroke="{c}" stroke-width="3"/>'
                "</pattern>"
            ).format(i=index, c=color)
            for index, color in enumerate(colors)
        ]
        return Markup("<defs>{}</defs>").format(Markup("").join(patterns))

    def _svg_uri(self, parts):
        svg = "".join(str(p) for p in parts).encode()
        return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _shorten(text, size):
    text = text or ""
    return text if len(text) <= size else text[: size - 1] + "…"
