"""`juesuan review`: one self-contained HTML page per document, the tables beside the rendered pages with
every cell's box, findings / low confidence / diff cells highlighted; checked in headless Chromium."""
from __future__ import annotations

import base64
import csv
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from fixture_runs import extracted
from juesuan.cli import main
from juesuan.records import CELL_SCHEMA

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def flagged(tmp_path_factory) -> tuple[Path, Path, str]:
    """A copy of a run with a finding on one cell and a diff on another of the first table of `inconsistent`,
    reviewed into HTML; returns (html dir, output dir, doc_id)."""
    root = tmp_path_factory.mktemp("review")
    out = root / "out"
    shutil.copytree(extracted(), out)
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    doc = next(d for d in cells.doc_id.unique() if d.startswith("inconsistent-"))
    first = cells[(cells.doc_id == doc) & (cells.table_key == "income_expenditure_summary") & (cells.side == "支出")]
    a, b = first.iloc[0], first.iloc[1]
    with open(out / "checks.csv", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    with open(out / "checks.csv", "a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, header).writerow(
            {
                "doc": doc,
                "table": a.table_key,
                "row": a.code or a.row_label,
                "column": a.column_key,
                "rule": "test rule",
                "rule_id": "test_rule",
                "expected": "1",
                "found": "2",
                "difference": "1",
                "severity": "error",
                "unit": "万元",
                "page": a.page,
                "message": "test finding",
            }
        )
    pd.DataFrame(
        [
            {
                "status": "changed",
                "doc_id": doc,
                "old_doc_id": doc,
                "table_key": b.table_key,
                "side": b.side,
                "code": b.code,
                "row_label": b.row_label,
                "column_key": b.column_key,
                "old_amount_yuan": "1",
                "new_amount_yuan": "2",
                "difference": "1",
            }
        ]
    ).to_csv(root / "diff.csv", index=False)
    table = pq.read_table(out / "cells.parquet").to_pylist()  # one cell read by OCR with low confidence
    low = next(i for i, r in enumerate(table) if r["doc_id"] == doc and r["value"] == first.iloc[2].value)
    table[low]["conf"] = 0.5
    pq.write_table(pa.Table.from_pylist(table, schema=CELL_SCHEMA), out / "cells.parquet")
    html_dir = root / "html"
    assert main(["review", str(out), "--diff", str(root / "diff.csv"), "-o", str(html_dir)]) == 0
    return html_dir, out, doc


def test_one_self_contained_page_per_document(flagged):
    html_dir, out, doc = flagged
    docs = pd.read_csv(out / "documents.csv", dtype=str)
    pages = {p.name for p in html_dir.glob("*.html")} - {"index.html"}
    assert len(pages) == len(docs)
    text = (html_dir / f"{doc}.html").read_text(encoding="utf-8")
    assert "src=\"http" not in text and "<link" not in text
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    cells = pd.read_csv(out / "cells.csv", dtype=str)
    assert len(images) == cells[cells.doc_id == doc].groupby("table_key").page.nunique().sum()  # each table's pages
    assert base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert text.count('<div class="b') == (cells.doc_id == doc).sum()  # a box per cell
    # the validator's own findings (expenditure 合计) and the added one, plus the diff cell, are highlighted
    assert text.count('<div class="b finding') >= 3 and text.count('<div class="b diff') == 1
    assert text.count('class="n finding') >= 3
    assert text.count('<div class="b lowconf') == 1 and text.count('class="n lowconf') == 1


def test_missing_pdf_is_said_and_found_again_with_pdf_root(tmp_path, flagged):
    _, out, doc = flagged
    docs = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    docs["source_file"] = "/nowhere/" + docs.source_file.map(lambda p: Path(p).name)
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    docs.to_csv(copy / "documents.csv", index=False)
    cells = pd.read_csv(copy / "cells.csv", dtype=str, keep_default_na=False)
    (copy / "cells.parquet").unlink()  # cells.csv is then what review reads
    cells.assign(source_file="/nowhere/x.pdf").to_csv(copy / "cells.csv", index=False)
    assert main(["review", str(copy), "-o", str(tmp_path / "a")]) == 0
    assert "source PDF not found" in (tmp_path / "a" / f"{doc}.html").read_text(encoding="utf-8")
    pdf_root = Path(pd.read_csv(out / "documents.csv", dtype=str).source_file[0]).parent
    assert main(["review", str(copy), "--pdf-root", str(pdf_root), "-o", str(tmp_path / "b")]) == 0
    assert "data:image/png" in (tmp_path / "b" / f"{doc}.html").read_text(encoding="utf-8")


def _screenshot(page: Path, png: Path) -> Image.Image:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--screenshot={png}",
                "--window-size=1400,1000",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return Image.open(png).convert("RGB")


def _count(img: Image.Image, box: tuple[int, int, int, int], test) -> int:
    a = np.asarray(img.crop(box), dtype=np.int16)
    return int(test(a[..., 0], a[..., 1], a[..., 2]).sum())


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium absent (Debian package `chromium`)")
def test_headless_chromium_shows_the_page_with_boxes_and_highlights(flagged, tmp_path):
    html_dir, out, doc = flagged
    img = _screenshot(html_dir / f"{doc}.html", tmp_path / "flagged.png")
    assert img.size == (1400, 1000)
    assert np.asarray(img.convert("L")).std() > 10  # not blank
    image_area = (img.width // 2, 150, img.width, img.height)  # the page image is on the right
    red = lambda r, g, b: (r > 220) & (g < 60) & (b < 60)  # noqa: E731  finding outline #f00
    magenta = lambda r, g, b: (r > 170) & (g < 60) & (b > 220)  # noqa: E731  diff outline #c0f
    blue = lambda r, g, b: (r < 60) & (g > 60) & (g < 130) & (b > 220)  # noqa: E731  plain box outline
    assert _count(img, image_area, red) > 20
    assert _count(img, image_area, magenta) > 20
    assert _count(img, image_area, blue) > 100
    # control: a document without findings or diff has boxes but no red
    clean = next(p for p in html_dir.glob("minzheng_2023*.html"))
    img2 = _screenshot(clean, tmp_path / "clean.png")
    assert _count(img2, image_area, blue) > 100 and _count(img2, image_area, red) == 0


def _quoted_run(out: Path) -> str:
    """A run of one document whose row label holds quotes, with a rounding finding on its cell."""
    from decimal import Decimal

    from juesuan.model import Cell, Document, Finding, Table
    from juesuan.output import write_outputs

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
    label = 'a "quoted" \'label\' [x]'
    cell = Cell("expenditure", "", "", label, "本年支出合计", "12.00", Decimal("12.00"), "元", Decimal("12.00"), 5,
                "text", (100.0, 200.0, 160.0, 212.0))
    table = Table("expenditure", "支出决算表", [5], "元", ["本年支出合计"],
                  [{"side": "", "code": "", "row_label": label, "page": 5, "本年支出合计": "12.00"}], [cell])
    finding = Finding("q-1", "expenditure", label, "本年支出合计", "rule", Decimal("12.01"), Decimal("12.00"),
                      Decimal("-0.01"), "rounding", "off by a cent", 5)
    write_outputs(out, [Document(str(pdf), "q-1", pages=14, tables=[table], findings=[finding], status="partial",
                                 error="a reason")])
    return label


def test_review_colours_rounding_apart_and_lists_status_and_pages(tmp_path):
    out = tmp_path / "out"
    _quoted_run(out)
    assert main(["review", str(out)]) == 0
    page = (out / "review" / "q-1.html").read_text(encoding="utf-8")
    assert 'class="n rounding"' in page and 'class="b rounding"' in page
    assert 'class="n finding' not in page and 'class="b finding' not in page  # errors only are red
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert '<td class="st-partial">partial</td><td>14</td>' in index and "a reason" in index


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium absent (Debian package `chromium`)")
def test_hover_links_box_and_cell_even_when_the_label_holds_quotes(tmp_path):
    out = tmp_path / "out"
    _quoted_run(out)
    assert main(["review", str(out)]) == 0
    page = out / "review" / "q-1.html"
    probe = (
        "<script>const e=[...document.querySelectorAll('[data-k]')].find(x=>x.dataset.k.includes('\"'));"
        "e.dispatchEvent(new Event('mouseenter'));"
        "document.title='hot:'+document.querySelectorAll('.hot').length;</script>"
    )
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                             check=True, capture_output=True, text=True, timeout=120).stdout
    assert "<title>hot:2</title>" in dom  # the table cell and its box on the page image


def test_review_finds_the_pdfs_from_any_folder_and_says_when_it_cannot(tmp_path, monkeypatch, capsys):
    run_dir = tmp_path / "work"
    (run_dir / "in").mkdir(parents=True)
    shutil.copy(
        Path(__file__).resolve().parents[1] / "fixtures" / "generated" / "minzheng_2023_lattice.pdf",
        run_dir / "in" / "r.pdf",
    )
    monkeypatch.chdir(run_dir)
    assert main(["extract", "in/r.pdf", "-o", "out", "-q"]) == 0  # source_file recorded as given: in/r.pdf
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["review", str(run_dir / "out")]) == 0
    html_page = next((run_dir / "out" / "review").glob("r-*.html")).read_text(encoding="utf-8")
    assert "data:image/png" in html_page and "not found" not in capsys.readouterr().err
    (run_dir / "in" / "r.pdf").rename(run_dir / "moved.pdf")
    assert main(["review", str(run_dir / "out")]) == 0
    err = capsys.readouterr().err
    assert "source PDF in/r.pdf not found" in err and "--pdf-root" in err


def _unknown_column_run(out: Path) -> list[str]:
    """A run of one document whose expenditure table prints a column none of the table's standard ones, with the
    contract's own findings (an `unknown_column` error naming the column, no row); returns its cells' values."""
    from decimal import Decimal

    from juesuan.contract import check_contract
    from juesuan.model import Cell, Document, Table
    from juesuan.output import write_outputs

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "generated" / "minzheng_2023_lattice.pdf"
    header = ["本年支出合计", "基本支出", "项目支出", "奇怪支出"]
    rows, cells = [], []
    for i, (code, label) in enumerate([("2080101", "行政运行"), ("2080102", "一般行政管理事务")]):
        values = [f"{10 + i}.00", f"{6 + i}.00", "4.00", f"{7 + i}.77"]
        rows.append({"side": "", "code": code, "row_label": label, "page": 5, **dict(zip(header, values))})
        for j, (column, value) in enumerate(zip(header, values)):
            box = (100.0 + 60 * j, 200.0 + 14 * i, 150.0 + 60 * j, 212.0 + 14 * i)
            cells.append(Cell("expenditure", "", code, label, column, value, Decimal(value), "元", Decimal(value), 5,
                              "text", box))
    doc = Document(
        str(pdf), "u-1", pages=14, tables=[Table("expenditure", "支出决算表", [5], "元", header, rows, cells)]
    )
    doc.findings = check_contract(doc)
    assert [(f.rule, f.row, f.column) for f in doc.findings] == [("unknown_column", "", "奇怪支出")]
    write_outputs(out, [doc])
    return [r["奇怪支出"] for r in rows]


def test_every_cell_under_an_unknown_column_is_highlighted(tmp_path):
    out = tmp_path / "out"
    unknown = _unknown_column_run(out)
    assert main(["review", str(out)]) == 0
    page = (out / "review" / "u-1.html").read_text(encoding="utf-8")
    flagged = re.findall(r'<td class="n finding" data-k="[^"]*" title="[^"]*">([^<]*)</td>', page)
    assert sorted(flagged) == sorted(unknown)  # both cells of the column, and only them
    assert page.count('<div class="b finding"') == len(unknown)  # and their boxes on the page image
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert "<td>1</td><td>2</td>" in index  # 1 error finding, 2 cells flagged


def test_a_finding_on_a_column_flags_only_the_sides_where_it_is_unknown():
    from juesuan.review import flags_for

    cells = pd.DataFrame([{"doc_id": "d", "table_key": "fiscal_appropriation_summary", "side": side, "key": row,
                           "code": "", "row_label": row, "column_key": "合计", "conf": "1"}
                          for side, row in (("收入", "总计"), ("支出", "总计"))])
    checks = pd.DataFrame([{"doc": "d", "table": "fiscal_appropriation_summary", "row": "", "column": "合计",
                            "rule": "unknown_column", "rule_id": "unknown_column", "severity": "error",
                            "expected": "", "found": ""}])
    from juesuan.contract import known_column

    sides = {s: known_column("fiscal_appropriation_summary", s, "合计") for s in ("收入", "支出")}
    assert sorted(sides.values()) == [False, True]  # 合计 is a column of one side only
    flagged = {k.split("\x1f")[1] for (_, k) in flags_for(cells, checks, pd.DataFrame())}
    assert flagged == {s for s, known in sides.items() if not known}


def test_every_error_finding_of_inconsistent_lights_the_cells_it_names(flagged):
    """The validator's error findings on `inconsistent` (its 合计 rows do not add up), each found again as a
    highlighted table cell and box by the cells it names in cells.csv (row by code or label, column)."""
    html_dir, out, doc = flagged
    cells = pd.read_csv(out / "cells.csv", dtype=str, keep_default_na=False)
    cells = cells[cells.doc_id == doc]
    checks = pd.read_csv(out / "checks.csv", dtype=str, keep_default_na=False)
    errors = checks[(checks.doc == doc) & (checks.severity == "error") & checks.table.isin(cells.table_key)]
    page = (html_dir / f"{doc}.html").read_text(encoding="utf-8")
    assert len(errors) >= 3  # the validator's two on 合计 and the added one (the narrative's names no table cell)
    for f in errors.itertuples():
        hit = cells[(cells.table_key == f.table) & ((cells.code == f.row) | (cells.row_label == f.row) | (f.row == ""))
                    & ((cells.column_key == f.column) | (f.column == ""))]
        assert len(hit), f
        for c in hit.itertuples():
            k = "\x1f".join((c.table_key, c.side, c.code or c.row_label, c.column_key))
            assert re.search(f'<td class="n [^"]*finding[^"]*" data-k="{re.escape(k)}"', page), (f, k)
            assert re.search(f'<div class="b [^"]*finding[^"]*" style="[^"]*" data-k="{re.escape(k)}"', page), (f, k)


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(page: Path, *args: str) -> str:
    """Headless Chromium on a file, with a fresh profile and a time limit; its stdout."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                              check=True, capture_output=True, text=True, timeout=60).stdout


class _Cells(HTMLParser):
    """The text of each <td> whose class holds `flag`, in a DOM as Chromium serialises it."""

    def __init__(self, flag: str) -> None:
        super().__init__()
        self.flag, self.found, self._in = flag, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "td":
            classes = (dict(attrs).get("class") or "").split()
            self._in = [] if self.flag in classes else None

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._in is not None:
            self.found.append("".join(self._in))
            self._in = None


def _flagged_cells(dom: str, flag: str = "finding") -> list[str]:
    parser = _Cells(flag)
    parser.feed(dom)
    return parser.found


def _colours(png: Path) -> int:
    with Image.open(png) as img:
        return len(img.convert("RGB").getcolors(maxcolors=1 << 24) or [])


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium absent (Debian package `chromium`)")
def test_chromium_renders_the_index_and_a_table_page_with_the_unknown_column_highlighted(tmp_path):
    out = tmp_path / "out"
    unknown = _unknown_column_run(out)
    assert main(["review", str(out)]) == 0
    index, page = out / "review" / "index.html", out / "review" / "u-1.html"
    for html_file in (index, page):
        png = tmp_path / f"{html_file.stem}.png"
        _chromium(html_file, f"--screenshot={png}", "--window-size=1400,1000")
        assert png.is_file() and _colours(png) > 1, png  # drawn, not a blank page
    dom = _chromium(page, "--dump-dom")
    assert sorted(_flagged_cells(dom)) == sorted(unknown)  # the cells under the unknown column, after scripts ran
    assert dom.count('class="b finding"') == len(unknown)  # and their boxes over the page image
    assert "data:image/png;base64," in dom
    index_dom = _chromium(index, "--dump-dom")
    row = re.search(r'<tr><td><a href="u-1.html">u-1</a></td>(.*?)</tr>', index_dom)
    assert row, index_dom[:2000]
    counts = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))
    assert counts[4:7] == ["8", "1", "2"]  # 8 cells, 1 error finding, 2 cells highlighted
