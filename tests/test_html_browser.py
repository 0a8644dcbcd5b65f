"""The HTML pages in a real browser (headless Chromium, see tests/browser.py).

What a reader sees: each page drawn at 1280 and 390 CSS pixels is not blank and does not
scroll sideways, prints as A4 pages, and a hostile name or profile title is text in the live
DOM, not an element. Every page also parses as HTML5 without an error (html5lib). Chromium is
Debian's `chromium`, which `.ci/run` installs when missing; without it these tests fail.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest
from browser import Browser, Page
from conftest import EXAMPLES, ROOT
from PIL import Image

CAMILLE = EXAMPLES / "camille-webmestre.yaml"
HOSTILE_NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_TITLE = "Web<img src=x onerror=alert(3)>"
LONG_NAME = "Camille" + "X" * 190  # no space to break at; names are kept up to 200
A4 = (595.28, 841.89)  # points


def _webskills(*args: str, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBSKILLS_")}
    env["WEBSKILLS_NO_CACHE"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "webskills", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 6), result.stderr


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of page webskills writes, plus a report with a hostile name and title."""
    folder = tmp_path_factory.mktemp("pages")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    profile = data / "profiles" / "webmestre.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            'title: "Webmestre"', f'title: "{HOSTILE_TITLE}"', 1
        ),
        encoding="utf-8",
    )
    hostile = folder / "hostile.yaml"
    hostile.write_text(
        CAMILLE.read_text(encoding="utf-8").replace(
            "name: Camille Dupont", f'name: "{HOSTILE_NAME}"'
        ),
        encoding="utf-8",
    )
    long_name = folder / "long.yaml"  # a name without a space, wider than any phone
    long_name.write_text(
        CAMILLE.read_text(encoding="utf-8").replace("name: Camille Dupont", f"name: {LONG_NAME}"),
        encoding="utf-8",
    )
    later = EXAMPLES / "camille-webmestre-2027.yaml"
    _webskills("report", str(CAMILLE), "-o", "report.html", cwd=folder)
    _webskills("--lang", "en", "report", str(CAMILLE), "-o", "report-en.html", cwd=folder)
    _webskills(
        "report", str(EXAMPLES / "lea-charge-communication.yaml"), "-o", "lea.html", cwd=folder
    )
    _webskills("--data-dir", str(data), "report", str(hostile), "-o", "hostile.html", cwd=folder)
    _webskills("report", str(long_name), "-o", "long.html", cwd=folder)
    _webskills("match", str(CAMILLE), "-o", "match.html", cwd=folder)
    _webskills("compare", str(CAMILLE), str(later), "-o", "compare.html", cwd=folder)
    _webskills("batch", str(EXAMPLES), "--out", "bilans", "--format", "html", cwd=folder)
    found = {path.stem: path for path in folder.glob("*.html")}
    found["summary"] = folder / "bilans" / "summary.html"
    found["batch-person"] = folder / "bilans" / "yb-2026-014.html"
    assert all(path.exists() for path in found.values()), found
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    opened = Browser()
    yield opened
    opened.close()


PAGE_NAMES = [
    "report",
    "report-en",
    "lea",
    "hostile",
    "long",
    "match",
    "compare",
    "summary",
    "batch-person",
]


@pytest.fixture
def page_at(browser: Browser, pages: dict[str, Path]) -> Iterator:
    opened: list[Page] = []

    def open_page(name: str, width: int) -> Page:
        page = browser.open(pages[name], width)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_is_valid_html5(pages: dict[str, Path], name: str) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(pages[name].read_text(encoding="utf-8"))
    assert parser.errors == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", ["report", "match", "compare", "summary"])
def test_screenshot_is_not_blank(page_at, name: str, width: int) -> None:
    page = page_at(name, width)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    assert image.width == width
    assert image.height > 800
    # Ink: pixels that are not the white page (text, bars, borders), on a quarter-size copy.
    sample = image.resize((image.width // 4, image.height // 4))
    total = sample.width * sample.height
    counts = sample.getcolors(maxcolors=total) or []  # (count, (r, g, b)) per colour
    ink = sum(count for count, (r, g, b) in counts if r + g + b < 700)
    assert ink / total > 0.02, ink / total
    # The charts' and statuses' colours are there, not only black on white.
    colours = {pixel for _, pixel in counts if max(pixel) - min(pixel) > 60}
    assert len(colours) > 5


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_horizontal_overflow(page_at, name: str, width: int) -> None:
    page = page_at(name, width)
    measured = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, view: window.innerWidth,"
        " wide: [...document.querySelectorAll('body *')]"
        f"  .filter(e => e.getBoundingClientRect().right > {width} + 0.5)"
        "  .slice(0, 5).map(e => e.tagName + ' ' + e.className + ': '"
        "   + (e.textContent || '').slice(0, 40))})"
    )
    assert measured["view"] == width
    assert measured["scroll"] <= width, measured
    assert measured["wide"] == [], measured


def test_phone_layout_stacks_the_tables(page_at) -> None:
    """At 390 px the competence table's rows are blocks with their column names shown."""
    page = page_at("report", 390)
    shown = page.evaluate(
        "(() => { const td = document.querySelector('#competences ~ table td[data-label]');"
        " return [getComputedStyle(td).display, getComputedStyle(td, '::before').content]; })()"
    )
    assert shown == ["block", '"Votre niveau : "']
    wide = page_at("report", 1280).evaluate(
        "getComputedStyle(document.querySelector('#competences ~ table td')).display"
    )
    assert wide == "table-cell"


@pytest.mark.parametrize("name", ["report", "summary", "compare"])
def test_print_to_pdf_gives_a4_pages(page_at, name: str) -> None:
    pdf = page_at(name, 1280).pdf()
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) >= 2
    assert boxes
    for box in boxes:
        x0, y0, x1, y1 = map(float, box)
        assert (x0, y0) == (0, 0)
        assert abs(x1 - A4[0]) < 1 and abs(y1 - A4[1]) < 1, box


def test_print_keeps_the_plan_and_each_row_whole(page_at) -> None:
    """The print stylesheet: A4 with margins, the plan and table rows not split."""
    page = page_at("report", 1280)
    rules = page.evaluate(
        "[...document.styleSheets[0].cssRules].filter(r => r.media && r.media.mediaText === 'print')"
        ".map(r => r.cssText).join(' ')"
    )
    assert "break-inside: avoid" in rules
    row = page.evaluate("getComputedStyle(document.querySelector('tbody tr')).breakInside")
    assert row == "avoid"
    size = page.evaluate(
        "[...document.styleSheets[0].cssRules].find(r => r.type === CSSRule.PAGE_RULE).style.size"
    )
    assert size.lower() == "a4"


def test_hostile_name_and_title_stay_text_in_the_dom(page_at) -> None:
    page = page_at("hostile", 1280)
    found = page.evaluate(
        "({elements: document.querySelectorAll('script, img, iframe, object, embed').length,"
        " handlers: [...document.querySelectorAll('*')].filter(e =>"
        "   [...e.attributes].some(a => a.name.startsWith('on'))).length,"
        " h1: document.querySelector('h1').textContent,"
        " person: document.querySelector('dl.facts dd').textContent,"
        " title: document.title})"
    )
    assert found["elements"] == 0
    assert found["handlers"] == 0
    assert found["h1"] == f"Bilan de compétences — {HOSTILE_TITLE}"
    assert found["person"] == f"{HOSTILE_NAME} (cd-2026-001)"
    assert found["title"].startswith(f"Bilan de compétences — {HOSTILE_TITLE} — {HOSTILE_NAME}")


def test_the_page_language_is_the_chosen_one(page_at) -> None:
    assert page_at("report", 1280).evaluate("document.documentElement.lang") == "fr"
    english = page_at("report-en", 1280)
    assert english.evaluate("document.documentElement.lang") == "en"
    assert english.evaluate("document.querySelector('h2').textContent") == "Action plan"


def test_rncp_codes_are_the_only_links(page_at) -> None:
    page = page_at("report", 1280)
    links = page.evaluate("[...document.links].map(a => a.href)")
    assert links
    assert all(
        link.startswith("https://www.francecompetences.fr/recherche/rncp/") for link in links
    )
    resources = page.evaluate("performance.getEntriesByType('resource').length")
    assert resources == 0  # nothing fetched: fonts from the system, CSS and SVG inline


@pytest.mark.parametrize(
    ("name", "person"), [("report", "Camille Dupont"), ("hostile", HOSTILE_NAME)]
)
def test_printed_pages_have_a_footer_with_the_name_and_date(
    page_at, name: str, person: str
) -> None:
    """Chromium draws `@page` margin boxes on every printed page: the footer is the name,
    the date and the page number, the name read back exactly (escaped for CSS, not cut)."""
    rule = page_at(name, 1280).evaluate(
        "[...document.styleSheets[0].cssRules].find(r => r.type === CSSRule.PAGE_RULE).cssText"
    )
    assert f'@bottom-left {{ content: "{person} (cd-2026-001) — 2026-11-23";' in rule
    assert '@bottom-right { content: counter(page) " / " counter(pages);' in rule


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("name", ["report", "summary"])
def test_text_contrast_meets_wcag_aa(page_at, name: str) -> None:
    """Every piece of text on its own background (as the browser computes both) has a
    contrast of at least 4.5:1, status badges and muted notes included."""
    pairs = page_at(name, 1280).evaluate(
        "(() => { const out = new Set();"
        " for (const e of document.querySelectorAll('body *')) {"
        "  if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;"
        "  let b = e, bg = 'rgba(0, 0, 0, 0)';"
        "  while (b && (bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)')"
        "   b = b.parentElement;"
        "  out.add(getComputedStyle(e).color + '|' + (b ? bg : 'rgb(255, 255, 255)')); }"
        " return [...out]; })()"
    )
    assert len(pairs) >= 4  # body, headings, table heads, muted notes (and badges)
    for pair in pairs:
        fg, bg = (_luminance(c) for c in pair.split("|"))
        ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
        assert ratio >= 4.5, (pair, round(ratio, 2))
