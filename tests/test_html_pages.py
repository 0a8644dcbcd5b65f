"""HTML pages (`--format html`, `-o FILE.html`, `batch --format html`): what a reader gets.

Every page is parsed by a WHATWG parser (html5lib) and must raise no parse error; the tree,
not the text, is checked for what the page holds: one self-contained file (no script, no
stylesheet or image fetched, links only to France compétences), the action plan first, the
charts with their text alternative, the person's words as text. The real browser is in
test_html_browser.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import html5lib
import pytest
from conftest import EXAMPLES, ROOT, Cli

CAMILLE = EXAMPLES / "camille-webmestre.yaml"
CAMILLE_2027 = EXAMPLES / "camille-webmestre-2027.yaml"
NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
RNCP_PAGE = "https://www.francecompetences.fr/recherche/rncp/"


def parse(text: str) -> Any:
    """The page's tree; fails on any HTML5 parse error (html5lib's strict mode)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return parser.parse(text)


def texts(tree: Any) -> str:
    return " ".join("".join(tree.itertext()).split())


def check_self_contained(tree: Any) -> None:
    """No script, no external resource; the only hyperlinks go to France compétences."""
    assert tree.findall(f".//{NS}script") == []
    assert tree.findall(f".//{NS}link") == []
    assert tree.findall(f".//{NS}img") == []
    assert tree.findall(f".//{NS}iframe") == []
    for element in tree.iter():
        for attribute in ("src", "srcset", "data", "action"):
            assert attribute not in element.attrib, (element.tag, attribute)
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            if "href" in name:
                assert element.tag == f"{NS}a", element.tag
                assert value.startswith(RNCP_PAGE) or "/" not in value, value
    (style,) = tree.findall(f".//{NS}style")
    assert "url(" not in style.text and "@import" not in style.text


def headings(tree: Any, level: int = 2) -> list[str]:
    return [texts(h) for h in tree.iter(f"{NS}h{level}")]


def test_output_html_implies_html_and_the_page_opens_with_the_plan(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "bilan.html"
    result = cli("report", str(CAMILLE), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Rapport écrit dans {target}\n"
    tree = parse(target.read_text(encoding="utf-8"))
    check_self_contained(tree)
    assert tree.get("lang") == "fr"
    assert headings(tree, 1) == ["Bilan de compétences — Webmestre"]
    assert headings(tree)[0] == "Plan d'action"
    plan = tree.find(f".//{NS}section[@class='plan']")
    plan_text = texts(plan)
    assert "D.1 Développement de la stratégie de la sécurité de l'information" in plan_text
    assert "Ce qui est attendu au niveau 4" in plan_text
    links = {a.get("href"): texts(a) for a in plan.iter(f"{NS}a")}
    assert links[RNCP_PAGE + "36052/"] == "RNCP36052"  # the DEUST, open after a bac
    assert "DEUST Webmaster et métiers de l'internet →" in plan_text  # the path after it


def test_plan_trainings_are_only_those_the_person_can_enter(cli: Cli, tmp_path: Path) -> None:
    """Camille has a bac: no training of the plan's « now » asks more than a bac to enter."""
    target = tmp_path / "bilan.html"
    assert cli("report", str(CAMILLE), "-o", str(target)).exit_code == 0
    plan = parse(target.read_text(encoding="utf-8")).find(f".//{NS}section[@class='plan']")
    now = plan.find(f".//{NS}ul[@class='trainings']")
    items = [texts(li) for li in now.findall(f"{NS}li")]
    assert items
    for item in items:
        assert "accessible après : bac " in item or "accessible après : CAP " in item, item
    assert not any("Master" in item for item in items)


def test_charts_have_a_text_alternative_and_status_words(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "bilan.html"
    assert cli("report", str(CAMILLE), "--format", "html", "-o", str(target)).exit_code == 0
    tree = parse(target.read_text(encoding="utf-8"))
    charts = tree.findall(f".//{NS}figure")
    assert len(charts) == 2  # the areas, the gaps
    svgs = [svg for figure in charts for svg in figure.iter(f"{SVG}svg") if svg.get("role")]
    assert len(svgs) == 7 + 28  # 7 areas, 28 gaps (« 28 à acquérir »)
    for svg in svgs:
        assert svg.get("role") == "img"
        (title,) = svg.findall(f"{SVG}title")
        assert " : " in title.text
    first_area = svgs[0].find(f"{SVG}title").text
    assert first_area == "A Planifier : vous 1,4 ; embauche 2,4 ; confirmé 2,8"
    # Never colour alone: each status cell has its symbol and word.
    statuses = {texts(s) for s in tree.iter(f"{NS}span") if "status" in (s.get("class") or "")}
    assert {"✗ à acquérir", "✓ acquis", "★ confirmé", "? non évalué"} <= statuses
    # Tables have header cells with a scope.
    for th in tree.iter(f"{NS}th"):
        assert th.get("scope") in ("col", "row")


def test_html_to_standard_output_in_english(cli: Cli) -> None:
    result = cli("--lang", "en", "report", str(CAMILLE), "--format", "html", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    tree = parse(result.stdout)
    assert tree.get("lang") == "en"
    assert headings(tree)[0] == "Action plan"
    assert "Your levels by area" in texts(tree)
    first_bar = tree.find(f".//{NS}figure").find(f".//{SVG}title").text
    assert first_bar == "A Planifier: you 1.4; hiring 2.4; experienced 2.8"  # English typography


def test_match_and_compare_pages(cli: Cli, tmp_path: Path) -> None:
    match_page = tmp_path / "metiers.html"
    assert cli("match", str(CAMILLE), "-o", str(match_page)).exit_code == 0
    tree = parse(match_page.read_text(encoding="utf-8"))
    check_self_contained(tree)
    table = tree.find(f".//{NS}table")
    columns = [texts(th) for th in table.find(f"{NS}thead").iter(f"{NS}th")]
    assert columns == ["Rang", "Métier", "Préparation", "Couverture", "Adéquation", "Notes"]
    rows = table.find(f"{NS}tbody").findall(f"{NS}tr")
    readiness = [int(texts(row.findall(f"{NS}td")[1]).split()[0]) for row in rows]
    assert readiness == sorted(readiness, reverse=True) == [80, 43, 30]  # ranked by readiness
    assert len(tree.find(f".//{NS}figure").findall(f".//{SVG}title")) == 3

    compare_page = tmp_path / "progression.html"
    result = cli("compare", str(CAMILLE), str(CAMILLE_2027), "-o", str(compare_page))
    assert result.exit_code == 0, result.stderr
    tree = parse(compare_page.read_text(encoding="utf-8"))
    check_self_contained(tree)
    assert headings(tree, 1) == ["Progression — Webmestre"]
    assert {"Par aire", "Compétences", "Nouveaux écarts"} <= set(headings(tree))
    assert "Écarts comblés" in headings(tree)
    assert "A.1 SI et Stratégie d'affaires — niveau 1 → 2, attendu 2" in texts(tree)


def test_two_groups_refuse_html_before_reading(cli: Cli, tmp_path: Path) -> None:
    result = cli("compare", str(EXAMPLES), str(EXAMPLES), "--format", "html")
    assert result.exit_code == 2
    assert "pour comparer deux groupes, choisissez md, json ou term" in result.stderr


def test_pdf_stays_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("match", str(CAMILLE), "-o", str(tmp_path / "m.pdf"))
    assert result.exit_code == 2
    assert not (tmp_path / "m.pdf").exists()


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    source = tmp_path / "groupe.csv"
    source.write_text("id;nom;profil;diplome;A.1;A.3;D.1\n" + "\n".join(rows) + "\n", "utf-8")
    return source


def test_batch_html_writes_a_page_per_person_and_summary_html(cli: Cli, tmp_path: Path) -> None:
    source = _csv(
        tmp_path,
        [
            "p1;Ana;webmestre;4;1;0;2",
            "p2;Bea;webmestre;5;2;3;0",
            "p3;<script>alert(1)</script><img src=x onerror=alert(2)>;webmestre;;0;0;0",
        ],
    )
    out = tmp_path / "bilans"
    result = cli("batch", str(source), "--out", str(out), "--format", "html")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "answers",
        "p1.html",
        "p2.html",
        "p3.html",
        "summary.csv",
        "summary.html",
        "summary.md",
        "summary.xlsx",
    ]
    for name in ("p1.html", "p2.html", "p3.html"):
        tree = parse((out / name).read_text(encoding="utf-8"))
        check_self_contained(tree)
        assert headings(tree)[0] == "Plan d'action"
    summary = parse((out / "summary.html").read_text(encoding="utf-8"))
    check_self_contained(summary)
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> (p3)"
    assert hostile in [texts(th) for th in summary.iter(f"{NS}th")]
    page = parse((out / "p3.html").read_text(encoding="utf-8"))
    assert texts(page.find(f".//{NS}dd")) == hostile
    assert headings(summary)[0] == "Plan d'action du groupe"
    people = {
        texts(a): a.get("href") for a in summary.iter(f"{NS}a") if "rncp" not in a.get("href")
    }
    assert people == {"p1.html": "p1.html", "p2.html": "p2.html", "p3.html": "p3.html"}
    figures = {texts(f.find(f"{NS}figcaption")): f for f in summary.iter(f"{NS}figure")}
    assert set(figures) == {
        "Les aires où le groupe manque le plus",
        "Combien de personnes à chaque niveau, par compétence",
    }
    levels = [
        t.text
        for t in figures["Combien de personnes à chaque niveau, par compétence"].iter(f"{SVG}title")
    ]
    # D.1: Ana 2, Bea 0, Cy 0; entry level 4: three to acquire.
    assert any(t.startswith("D.1 ") and t.endswith(" : 3 ✗ à acquérir") for t in levels), levels


def test_hostile_names_and_titles_stay_text(cli: Cli, tmp_path: Path, data_copy: Path) -> None:
    profile = data_copy / "profiles" / "webmestre.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace('title: "Webmestre"', 'title: "Web<img src=x onerror=alert(1)>"', 1),
        encoding="utf-8",
    )
    answers = tmp_path / "hostile.yaml"
    answers.write_text(
        CAMILLE.read_text(encoding="utf-8").replace(
            "name: Camille Dupont", 'name: "<script>alert(1)</script></style>\\"\'&amp;"'
        ),
        encoding="utf-8",
    )
    target = tmp_path / "bilan.html"
    result = cli("--data-dir", str(data_copy), "report", str(answers), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    tree = parse(target.read_text(encoding="utf-8"))
    check_self_contained(tree)  # no script, no img: the name and title are text
    body = texts(tree)
    assert "<script>alert(1)</script></style>\"'&amp; (cd-2026-001)" in body
    assert headings(tree, 1) == ["Bilan de compétences — Web<img src=x onerror=alert(1)>"]


def test_the_installed_package_finds_its_templates(tmp_path: Path) -> None:
    """The wheel carries the templates, and a webskills installed from it renders HTML."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    built = subprocess.run(
        [*command, "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("webskills-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    templates = sorted(p.name for p in (ROOT / "src/webskills/render/templates").glob("*.j2"))
    assert templates and {f"webskills/render/templates/{t}" for t in templates} <= names
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip install puts in site-packages
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(CAMILLE, work / "camille.yaml")
    code = (
        "import sys, webskills; from webskills.cli.main import run; "
        "assert webskills.__file__.startswith(sys.argv[1]), webskills.__file__; "
        "run(['report', 'camille.yaml', '-o', 'bilan.html'])"
    )
    ran = subprocess.run(
        [sys.executable, "-s", "-c", code, str(site)],
        cwd=work,
        env={"PYTHONPATH": str(site), "WEBSKILLS_NO_CACHE": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Plan d'action" in headings(parse((work / "bilan.html").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "args",
    [
        ("report", str(CAMILLE), "--format", "json"),
        ("report", str(CAMILLE), "--format", "md"),
        ("match", str(CAMILLE), "--format", "json"),
    ],
    ids=lambda a: " ".join(a[::2]),
)
def test_other_formats_do_not_import_jinja2(tmp_path: Path, args: tuple[str, ...]) -> None:
    from test_startup import _run

    result, modules = _run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "webskills" in modules
    assert "jinja2" not in modules and "markupsafe" not in modules


def test_the_html_path_does_import_jinja2(tmp_path: Path) -> None:
    """The check above can fail: the HTML path shows jinja2 in the same measurement."""
    from test_startup import _run

    result, modules = _run("report", str(CAMILLE), "--format", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "jinja2" in modules


def test_css_strings_cannot_leave_the_style_element() -> None:
    from webskills.render.html import css_string

    quoted = str(css_string('a "b" \\ </style><script>x</script>\n'))
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert not set(inner) & set('"<>\n'), inner
    assert inner.startswith("a \\000022 b\\000022  \\00005c  \\00003c ")
