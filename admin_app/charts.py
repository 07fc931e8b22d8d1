"""A bar chart as inline SVG: no JavaScript library, nothing fetched from the internet."""

from __future__ import annotations

from markupsafe import Markup, escape

from admin_app.numbers import number

WIDTH, HEIGHT, PAD_TOP, PAD_BOTTOM, PAD_LEFT = 900, 240, 16, 40, 48


def bar_chart(points: list[tuple[str, float]]) -> Markup:
    if not points:
        return Markup("")
    top = max(value for _, value in points) or 1
    slot = (WIDTH - PAD_LEFT) / len(points)
    plot = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="w-100" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        f'<text x="4" y="{PAD_TOP + 8}" fill="#666">{number(top)}</text>',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH}" '
        f'y2="{HEIGHT - PAD_BOTTOM}" stroke="#999"/>',
    ]
    for index, (label, value) in enumerate(points):
        height = plot * value / top
        x = PAD_LEFT + index * slot
        y = HEIGHT - PAD_BOTTOM - height
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{slot - 4:.1f}" height="{height:.1f}" '
            f'fill="#2a7ab0"><title>{escape(label)}: {number(value, 1)}</title></rect>'
        )
        if index % 3 == 0:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
                f'text-anchor="middle" fill="#666">{escape(label)}</text>'
            )
    parts.append("</svg>")
    # Every interpolated label went through escape() above; the numbers are ours.
    return Markup("".join(parts))  # noqa: S704
