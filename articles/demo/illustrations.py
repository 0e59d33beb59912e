"""The demo's lead images, drawn with Pillow when the demo is loaded.

They are the project's own work, so the demo needs no photo agency and ships no binary files:
the code below is the image and its licence is the project's. Each is drawn at twice its size
and scaled down, which smooths the edges Pillow's drawing leaves jagged.
"""

from __future__ import annotations

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

#: Drawing coordinates, drawn at SCALE times this size and stored at OUTPUT: what the story
#: page's 60rem ``sizes`` asks for, and no more, since every story view in the test suite makes
#: the renditions afresh.
WIDTH, HEIGHT = 1600, 900
SCALE = 2
OUTPUT = (960, 540)

NAVY = (18, 40, 64)
INK = (28, 36, 48)
PAPER = (244, 240, 230)


def _canvas(background) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.resize(OUTPUT, Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size * SCALE)


def _arc(start, end, bend: float, steps: int = 64) -> list[tuple[float, float]]:
    """Points on a quadratic curve from ``start`` to ``end``, bowed by ``bend`` of its length."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    nx, ny = (y0 - y1) / length, (x1 - x0) / length
    cx, cy = mx + nx * bend * length, my + ny * bend * length
    return [
        (
            (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1,
            (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1,
        )
        for t in (i / steps for i in range(steps + 1))
    ]


def _dashed(draw, points, *, fill, width, dash: int = 3) -> None:
    for index in range(0, len(points) - 1, dash * 2):
        draw.line(points[index : index + dash + 1], fill=fill, width=width, joint="curve")


@functools.cache
def capitals_map() -> bytes:
    """Islamabad, Moscow and Washington on a chart of meridians and parallels: the line to
    Moscow drawn bold, the one to Washington dashed, Beijing and New Delhi beside them."""
    west, east, south, north = -90.0, 130.0, 5.0, 70.0
    image, draw = _canvas(NAVY)
    s = SCALE

    def place(lon: float, lat: float) -> tuple[float, float]:
        return (
            (lon - west) / (east - west) * WIDTH * s,
            (north - lat) / (north - south) * HEIGHT * s,
        )

    grid, label = (40, 66, 92), (120, 146, 172)
    for lon in range(-90, 131, 10):
        x, _ = place(lon, 0)
        draw.line([(x, 0), (x, HEIGHT * s)], fill=grid, width=s * (2 if lon % 30 == 0 else 1))
        if lon % 30 == 0:
            text = f"{abs(lon)}°{'E' if lon > 0 else 'W' if lon < 0 else ''}"
            draw.text((x + 8 * s, HEIGHT * s - 34 * s), text, fill=label, font=_font(20))
    for lat in range(10, 70, 10):
        _, y = place(0, lat)
        draw.line([(0, y), (WIDTH * s, y)], fill=grid, width=s * (2 if lat % 30 == 0 else 1))
        draw.text((10 * s, y - 28 * s), f"{lat}°N", fill=label, font=_font(20))

    cities = {
        "Washington": (-77.04, 38.91),
        "Moscow": (37.62, 55.75),
        "Islamabad": (73.05, 33.68),
        "New Delhi": (77.21, 28.61),
        "Beijing": (116.40, 39.90),
    }
    points = {name: place(*where) for name, where in cities.items()}
    gold, red, pale = (242, 184, 64), (232, 96, 80), (180, 196, 214)
    _dashed(
        draw, _arc(points["Washington"], points["New Delhi"], 0.1), fill=pale, width=3 * s, dash=2
    )
    _dashed(draw, _arc(points["Washington"], points["Islamabad"], -0.2), fill=red, width=5 * s)
    draw.line(_arc(points["Islamabad"], points["Beijing"], 0.18), fill=pale, width=4 * s)
    draw.line(
        _arc(points["Islamabad"], points["Moscow"], -0.25), fill=gold, width=12 * s, joint="curve"
    )

    style = {
        "Islamabad": (24, gold, 46, (30, -80)),
        "Moscow": (20, gold, 40, (-80, -86)),
        "Washington": (18, red, 40, (-40, 64)),
        "New Delhi": (11, pale, 30, (22, 14)),
        "Beijing": (11, pale, 30, (-56, -62)),
    }
    for name, (x, y) in points.items():
        radius, colour, size, (dx, dy) = style[name]
        r = radius * s
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline=NAVY, width=4 * s)
        draw.text((x + dx * s, y + dy * s), name, fill=(250, 250, 250), font=_font(size))
    return _png(image)


@functools.cache
def container_port() -> bytes:
    """Stacked shipping containers on a quay under a gantry crane, a ship alongside."""
    rng = random.Random(20170110)  # noqa: S311 (a fixed picture, not a secret)
    image, draw = _canvas((250, 226, 196))
    s = SCALE
    for row in range(HEIGHT * s // 2):  # a dusk sky, lighter towards the horizon
        t = row / (HEIGHT * s / 2)
        colour = tuple(
            round(a + (b - a) * t) for a, b in zip((92, 120, 160), (250, 214, 170), strict=True)
        )
        draw.line([(0, row), (WIDTH * s, row)], fill=colour)
    sea_top = 640 * s
    draw.rectangle([0, sea_top, WIDTH * s, HEIGHT * s], fill=(30, 70, 96))
    for y in range(sea_top + 20 * s, HEIGHT * s, 28 * s):
        for x in range(rng.randrange(0, 80) * s, WIDTH * s, 160 * s):
            draw.line([(x, y), (x + 60 * s, y)], fill=(60, 104, 130), width=3 * s)
    draw.rectangle([0, 600 * s, 1000 * s, sea_top + 10 * s], fill=(120, 118, 112))

    colours = [(178, 64, 44), (32, 110, 120), (214, 150, 40), (40, 60, 110), (120, 130, 136)]
    box_w, box_h = 150 * s, 58 * s
    for column in range(6):
        height = rng.randrange(3, 7)
        for level in range(height):
            x0 = 30 * s + column * (box_w + 8 * s)
            y1 = 600 * s - level * (box_h + 4 * s)
            colour = rng.choice(colours)
            draw.rectangle([x0, y1 - box_h, x0 + box_w, y1], fill=colour)
            shade = tuple(max(0, c - 40) for c in colour)
            for rib in range(x0 + 12 * s, x0 + box_w - 6 * s, 14 * s):
                draw.line([(rib, y1 - box_h + 6 * s), (rib, y1 - 6 * s)], fill=shade, width=3 * s)

    crane = (36, 40, 52)
    legs = [(1060 * s, 640 * s), (1240 * s, 640 * s)]
    top = 210 * s
    for x, y in legs:
        draw.rectangle([x - 12 * s, top, x + 12 * s, y], fill=crane)
    draw.rectangle([900 * s, top - 30 * s, 1560 * s, top], fill=crane)
    draw.polygon(
        [(1150 * s, 90 * s), (1090 * s, top - 30 * s), (1210 * s, top - 30 * s)], fill=crane
    )
    draw.line([(1150 * s, 90 * s), (920 * s, top - 30 * s)], fill=crane, width=6 * s)
    draw.line([(1150 * s, 90 * s), (1540 * s, top - 30 * s)], fill=crane, width=6 * s)
    draw.line([(1420 * s, top), (1420 * s, 430 * s)], fill=crane, width=4 * s)
    draw.rectangle([1360 * s, 430 * s, 1480 * s, 488 * s], fill=colours[2])

    hull = [(1020 * s, 610 * s), (1600 * s, 610 * s), (1600 * s, 720 * s), (1070 * s, 720 * s)]
    draw.polygon(hull, fill=(44, 52, 64))
    draw.rectangle([1020 * s, 600 * s, 1600 * s, 614 * s], fill=(178, 64, 44))
    for column in range(3):
        x0 = 1290 * s + column * (box_w + 8 * s) // 2
        draw.rectangle([x0, 540 * s, x0 + box_w // 2, 598 * s], fill=colours[(column + 1) % 5])
    return _png(image)


@functools.cache
def bus_routes() -> bytes:
    """A route diagram: three bus lines from Islamabad to Rawalpindi, stops as white rings."""
    image, draw = _canvas(PAPER)
    s = SCALE
    for x in range(0, WIDTH * s, 80 * s):  # the faint grid of a city plan
        draw.line([(x, 0), (x, HEIGHT * s)], fill=(230, 225, 212), width=s)
    for y in range(0, HEIGHT * s, 80 * s):
        draw.line([(0, y), (WIDTH * s, y)], fill=(230, 225, 212), width=s)
    draw.rounded_rectangle([60 * s, 70 * s, 700 * s, 470 * s], radius=60 * s, fill=(214, 232, 214))
    draw.rounded_rectangle(
        [900 * s, 440 * s, 1540 * s, 840 * s], radius=60 * s, fill=(236, 220, 200)
    )
    draw.text((100 * s, 100 * s), "Islamabad", fill=INK, font=_font(44))
    draw.text((1120 * s, 760 * s), "Rawalpindi", fill=INK, font=_font(44))

    routes = [
        ((0, 122, 94), [(180, 260), (520, 260), (760, 500), (1160, 500), (1400, 500)]),
        ((214, 96, 28), [(240, 380), (480, 380), (700, 600), (1100, 600), (1280, 680)]),
        ((40, 84, 160), [(360, 180), (640, 180), (900, 440), (1000, 440), (1440, 600)]),
    ]
    for colour, stops in routes:
        line = [(x * s, y * s) for x, y in stops]
        draw.line(line, fill=colour, width=22 * s, joint="curve")
    for _colour, stops in routes:
        for x, y in stops:
            r = 16 * s
            draw.ellipse(
                [x * s - r, y * s - r, x * s + r, y * s + r],
                fill=(255, 255, 255),
                outline=INK,
                width=6 * s,
            )
    for number, (colour, _stops) in enumerate(routes, start=1):
        y = (560 + number * 60) * s
        draw.line([(90 * s, y), (190 * s, y)], fill=colour, width=22 * s)
        draw.text((210 * s, y - 22 * s), f"Route {number}", fill=INK, font=_font(32))
    return _png(image)


ILLUSTRATIONS = {
    "capitals-map": capitals_map,
    "container-port": container_port,
    "bus-routes": bus_routes,
}
