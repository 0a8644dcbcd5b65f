"""Write docs/img/report-html.png: the README's picture of the HTML report, taken by the
tests' browser (tests/browser.py, headless Chromium).

    .venv/bin/python scripts/screenshot.py          # after a change to the HTML report

It renders `webskills report examples/camille-webmestre.yaml --format html` and keeps the
top of the page at 1280 × 1500 CSS pixels: the facts, the action plan and the areas' chart.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402 - the tests' helper, from the tests folder

TARGET = ROOT / "docs" / "img" / "report-html.png"
WIDTH, HEIGHT = 1280, 1500


def main() -> int:
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "bilan.html"
        subprocess.run(
            [sys.executable, "-m", "webskills", "report", "examples/camille-webmestre.yaml", "-o"]
            + [str(page_path)],
            cwd=ROOT,
            check=True,
        )
        browser = Browser()
        try:
            page = browser.open(page_path, WIDTH, HEIGHT)
            png = page.screenshot(full_page=False)
        finally:
            browser.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    # A palette of 64 colours keeps text sharp and the file small for the README.
    image.quantize(colors=64).save(TARGET, optimize=True)
    print(
        f"{TARGET.relative_to(ROOT)}: {image.width}×{image.height}, {TARGET.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
