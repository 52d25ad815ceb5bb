"""Self-contained HTML pages to check a run by eye: each table as extracted beside its rendered page,
with every cell's box drawn and the cells worth a look (validation findings, OCR confidence < 0.9,
cells of a diff) highlighted in both. One file per document, images inlined, so it can be mailed.
"""
from __future__ import annotations

import base64
import html
import io
from collections import defaultdict
from pathlib import Path
from typing import Callable

import pandas as pd

from juesuan.contract import known_column
from juesuan.csvfile import read_csv
from juesuan.diff import DiffInputError, load_cells
from juesuan.outdir import run_folder

LOW_CONF = 0.9
DPI = 100
STYLE = """
body{font:13px/1.35 sans-serif;margin:12px;color:#222}h1{font-size:18px;margin:0 0 4px}
h2{font-size:15px;margin:18px 0 6px}
.legend span{padding:1px 6px;margin-right:8px}.row{display:flex;gap:14px;align-items:flex-start}
.tbl{flex:1 1 45%;overflow:auto;max-height:1100px}.pages{flex:1 1 55%}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:1px 4px;white-space:nowrap}td.n{text-align:right}
.pg{position:relative;margin-bottom:8px;border:1px solid #999}.pg img{display:block;width:100%}
.pg .b{position:absolute;outline:1px solid rgba(0,90,255,.85)}
.finding{background:rgba(255,0,0,.38)!important}.pg .finding{outline:2px solid #f00}
.rounding{background:rgba(0,170,255,.30)!important}.pg .rounding{outline:2px solid #0af}
.lowconf{background:rgba(255,150,0,.45)!important}.pg .lowconf{outline:2px solid #f90}
.diff{background:rgba(200,0,255,.40)!important}.pg .diff{outline:2px solid #c0f}
.hot{box-shadow:0 0 0 3px #000}.note{color:#a00}ul{margin:4px 0}
.st-ok{color:#070}.st-partial{color:#b60}.st-failed,.st-duplicate{color:#a00}
"""
# A cell's box and its table cell light up together. Grouped by the key's value, never by a CSS
# selector built from it: labels hold quotes and brackets.
SCRIPT = """
const groups={};document.querySelectorAll('[data-k]').forEach(e=>(groups[e.dataset.k]=groups[e.dataset.k]||[]).push(e));
Object.values(groups).forEach(g=>g.forEach(e=>{
e.addEventListener('mouseenter',()=>g.forEach(x=>x.classList.add('hot')));
e.addEventListener('mouseleave',()=>g.forEach(x=>x.classList.remove('hot')));}));
"""
FLAGS = ("finding", "rounding", "lowconf", "diff")


def _key(table: str, side: str, row: str, column: str) -> str:
    return "\x1f".join((table, side, row, column))


def _read_csv(path: Path) -> pd.DataFrame:
    return read_csv(path) if path.is_file() else pd.DataFrame()


def _diff_csv(path: Path) -> pd.DataFrame:
    """A `juesuan diff` CSV; anything else (cells.csv, say) is a usage error naming what to pass."""
    frame = _read_csv(path)
    missing = {"status", "table_key", "column_key"} - set(frame.columns)
    if missing:
        what = "a cells file" if {"amount_yuan", "doc_id"} <= set(frame.columns) else "not a diff CSV"
        raise DiffInputError(f"{path}: {what} (no {', '.join(sorted(missing))} column); --diff takes the CSV "
                             "`juesuan diff OLD NEW --csv FILE` writes")
    return frame


def flags_for(
    cells: pd.DataFrame, checks: pd.DataFrame, diff: pd.DataFrame
) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(doc_id, cell key) → {flag: [reasons]}; checks name a row by code or label and carry no side."""
    flags: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    named: dict[tuple, list[str]] = defaultdict(list)  # (doc, table, row or "", column or "") → cell keys
    for c in cells.itertuples():
        k = _key(c.table_key, c.side, c.key, c.column_key)
        for row in {c.code, c.row_label} - {""}:
            named[(c.doc_id, c.table_key, row, c.column_key)].append(k)
            named[(c.doc_id, c.table_key, row, "")].append(k)  # a finding on a whole row (unkeyed_row)
        named[(c.doc_id, c.table_key, "", c.column_key)].append(k)  # on a whole column (unknown_column)
        try:
            conf = float(c.conf)
        except ValueError:
            conf = 1.0
        if conf < LOW_CONF:
            flags[(c.doc_id, k)]["lowconf"].append(f"OCR confidence {conf:.2f}")
    for f in checks.to_dict("records"):
        if f.get("severity") in ("ok", ""):
            continue
        flag = "rounding" if f["severity"] == "rounding" else "finding"
        for k in _named_cells(f, named):
            flags[(f["doc"], k)][flag].append(
                f"{f['severity']}: {f['rule']} (expected {f['expected']}, found {f['found']})"
            )
    for d in diff.to_dict("records"):
        docs = {d.get(c, "") for c in ("doc_id", "old_doc_id", "new_doc_id")} - {""}
        row = d.get("code") or d.get("row_label", "")
        for doc in docs:
            k = _key(d["table_key"], d.get("side", ""), row, d["column_key"])
            change = d.get("difference") or d.get("change") or ""
            flags[(doc, k)]["diff"].append(
                f"{d['status']}: {d.get('old_amount_yuan', '')} → {d.get('new_amount_yuan', '')} 元 {change}"
            )
    return flags


def _named_cells(finding: dict, named: dict[tuple, list[str]]) -> list[str]:
    """The keys of the cells a finding names: its row's cell in its column, every cell of its row when it names no
    column, every cell of its column when it names no row (of an unknown column: the sides where it is unknown)."""
    if not finding["row"] and not finding["column"]:
        return []  # the table as a whole (no_cells_read …): no cell of its own
    keys = named.get((finding["doc"], finding["table"], finding["row"], finding["column"]), [])
    if (finding.get("rule_id") or finding["rule"]) == "unknown_column":
        keys = [k for k in keys if not known_column(finding["table"], k.split("\x1f")[1], finding["column"])]
    return keys


def find_pdf(source_file: str, pdf_root: Path | None, run_dir: Path | None = None) -> Path | None:
    """The source PDF as recorded (relative to here or to the folder the run was made in),
    else a file of the same name under pdf_root."""
    for candidate in (Path(source_file), run_dir / source_file if run_dir else None):
        if source_file and candidate is not None and candidate.is_file():
            return candidate
    if pdf_root is not None and source_file:
        name = Path(source_file).name
        return next((p for p in sorted(pdf_root.rglob(name)) if p.is_file()), None)
    return None


def render_pages(pdf: Path, pages: set[int], dpi: int = DPI) -> dict[int, tuple[str, float, float]]:
    """page → (base64 PNG, width pt, height pt) as displayed (rotation applied, like the cell boxes)."""
    import pypdfium2 as pdfium

    out: dict[int, tuple[str, float, float]] = {}
    doc = pdfium.PdfDocument(str(pdf))
    try:
        scale = dpi / 72
        for n in sorted(p for p in pages if 1 <= p <= len(doc)):
            image = doc[n - 1].render(scale=scale).to_pil().convert("L")  # grey page, coloured boxes
            buf = io.BytesIO()
            image.save(buf, format="PNG", optimize=True)
            out[n] = (base64.b64encode(buf.getvalue()).decode("ascii"), image.width / scale, image.height / scale)
    finally:
        doc.close()
    return out


def _wide_table(outdir: Path, doc_id: str, table_key: str, cells: pd.DataFrame) -> pd.DataFrame:
    """The table as written in tables/<doc_id>/<table_key>.csv, else rebuilt from the cells."""
    path = outdir / "tables" / doc_id / f"{table_key}.csv"
    if path.is_file():
        return _read_csv(path)
    wide = cells.pivot_table(index=["page", "side", "code", "row_label"], columns="column_key", values="value",
                             aggfunc="first", sort=False).reset_index()
    return wide.fillna("")


def _table_html(table_key: str, wide: pd.DataFrame, flags: dict[str, dict[str, list[str]]]) -> str:
    fixed = ["page", "side", "code", "row_label", "unit"]
    cols = [c for c in wide.columns if c not in fixed]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ["side", "code", "row_label", *cols])
    body = []
    for r in wide.to_dict("records"):
        row_key = r.get("code") or r.get("row_label", "")
        tds = [f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in ("side", "code", "row_label")]
        for c in cols:
            k = _key(table_key, r.get("side", ""), row_key, c)
            f = flags.get(k, {})
            title = "\n".join(m for ms in f.values() for m in ms)
            tds.append(
                f'<td class="n {" ".join(f)}" data-k="{html.escape(k)}" title="{html.escape(title)}">'
                f"{html.escape(str(r[c]))}</td>"
            )
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _page_html(
    page: int, image: tuple[str, float, float], boxes: pd.DataFrame, flags: dict[str, dict[str, list[str]]]
) -> str:
    b64, w, h = image
    divs = []
    for c in boxes.itertuples():
        try:
            x0, top, x1, bottom = (float(v) for v in (c.x0, c.top, c.x1, c.bottom))
        except ValueError:
            continue
        k = _key(c.table_key, c.side, c.key, c.column_key)
        f = flags.get(k, {})
        title = f"{c.code or c.row_label} / {c.column_key}: {c.value}" + "".join(
            f"\n{m}" for ms in f.values() for m in ms
        )
        style = (f"left:{x0 / w * 100:.3f}%;top:{top / h * 100:.3f}%;"
                 f"width:{(x1 - x0) / w * 100:.3f}%;height:{(bottom - top) / h * 100:.3f}%")
        divs.append(
            f'<div class="b {" ".join(f)}" style="{style}" data-k="{html.escape(k)}" '
            f'title="{html.escape(title)}"></div>'
        )
    return (
        f'<div class="pg" id="p{page}"><img alt="page {page}" src="data:image/png;base64,{b64}">{"".join(divs)}</div>'
    )


def document_html(outdir: Path, doc: dict, cells: pd.DataFrame, checks: pd.DataFrame,
                  flags: dict[str, dict[str, list[str]]], pdf: Path | None, dpi: int = DPI) -> str:
    """One document's page: header, legend, unmatched findings, then each table beside its pages."""
    doc_id = doc["doc_id"]
    order = [t for t in str(doc.get("tables", "")).split(";") if t] or list(dict.fromkeys(cells.table_key))
    order += [t for t in dict.fromkeys(cells.table_key) if t not in order]
    pages = {int(p) for p in cells.page if str(p).isdigit()}
    images = render_pages(pdf, pages, dpi) if pdf is not None and pages else {}  # never open a failed file
    n_flag = {f: sum(f in v for v in flags.values()) for f in FLAGS}
    status = doc.get("status", "")
    parts = [
        f"<h1>{html.escape(doc.get('department', '') or doc_id)} {html.escape(str(doc.get('year', '')))}</h1>",
        f"<div>{html.escape(doc_id)} · {html.escape(doc.get('source_file', ''))} · {len(cells)} cells · "
        f'{html.escape(str(doc.get("pages", "")))} pages · '
        f'<b class="st-{html.escape(status)}">{html.escape(status)}</b></div>',
        f'<p class="note">{html.escape(doc.get("error", ""))}</p>' if doc.get("error") else "",
        f'<p class="legend"><span class="finding">error ({n_flag["finding"]} cells)</span>'
        f'<span class="rounding">rounding ({n_flag["rounding"]})</span>'
        f'<span class="lowconf">OCR conf &lt; {LOW_CONF} ({n_flag["lowconf"]})</span>'
        f'<span class="diff">in diff ({n_flag["diff"]})</span></p>',
    ]
    if pdf is None:
        parts.append(
            f'<p class="note">source PDF not found ({html.escape(doc.get("source_file", ""))}); pass --pdf-root</p>'
        )
    if len(checks):
        items = [f"<li>{html.escape(f['severity'])} · {html.escape(f['table'])} · {html.escape(f['row'])} · "
                 f"{html.escape(f['column'])}: {html.escape(f['message'] or f['rule'])}</li>"
                 for f in checks.to_dict("records") if f["severity"] not in ("ok", "")]
        parts.append(f"<details><summary>{len(items)} findings</summary><ul>{''.join(items)}</ul></details>")
    parts.append("<nav>" + " · ".join(f'<a href="#t-{html.escape(t)}">{html.escape(t)}</a>' for t in order) + "</nav>")
    for t in order:
        tc = cells[cells.table_key == t]
        if tc.empty and not (outdir / "tables" / doc_id / f"{t}.csv").is_file():
            continue
        tpages = sorted({int(p) for p in tc.page if str(p).isdigit()})
        imgs = "".join(
            _page_html(p, images[p], tc[tc.page.astype(str) == str(p)], flags) for p in tpages if p in images
        )
        parts.append(
            f'<h2 id="t-{html.escape(t)}">{html.escape(t)} <small>pages {", ".join(map(str, tpages))}</small></h2>'
            f'<div class="row"><div class="tbl">{_table_html(t, _wide_table(outdir, doc_id, t, tc), flags)}</div>'
            f'<div class="pages">{imgs}</div></div>'
        )
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(doc_id)}</title>'
            f"<style>{STYLE}</style></head><body>{''.join(parts)}<script>{SCRIPT}</script></body></html>")


def _errors(checks: pd.DataFrame) -> int:
    """Error findings of a document, whether or not a cell of its tables carries them."""
    return int((checks["severity"] == "error").sum()) if len(checks) else 0


def html_name(doc_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in doc_id) + ".html"


def write_review(
    outdir: Path,
    htmldir: Path | None = None,
    pdf_root: Path | None = None,
    diff_csv: Path | None = None,
    dpi: int = DPI,
    warn: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """An HTML page per document of the run in outdir (and index.html); returns the pages written.
    `warn` is told of each document whose PDF cannot be found (its page then has no images)."""
    outdir = Path(outdir)
    htmldir = Path(htmldir) if htmldir else outdir / "review"
    cells = load_cells(outdir)
    checks = _read_csv(outdir / "checks.csv")
    diff = _diff_csv(Path(diff_csv)) if diff_csv else pd.DataFrame()
    docs = _read_csv(outdir / "documents.csv")
    if docs.empty:
        docs = cells.groupby("doc_id", sort=False)[["source_file", "department", "year"]].first().reset_index()
    flags = flags_for(cells, checks, diff)
    run_dir = run_folder(outdir)
    htmldir.mkdir(parents=True, exist_ok=True)
    written, index = [], []
    for doc in docs.to_dict("records"):
        doc_id = doc["doc_id"]
        dcells = cells[cells.doc_id == doc_id]
        dchecks = checks[checks["doc"] == doc_id] if len(checks) else checks
        dflags = {k: v for (d, k), v in flags.items() if d == doc_id}
        pdf = find_pdf(doc.get("source_file", ""), Path(pdf_root) if pdf_root else None, run_dir)
        if pdf is None and len(dcells):
            warn(
                f"review: {doc_id}: source PDF {doc.get('source_file', '')} not found "
                f"(nor from {run_dir or 'the run folder'}); "
                "its page has no images: pass --pdf-root DIR"
            )
        path = htmldir / html_name(doc_id)
        path.write_text(document_html(outdir, doc, dcells, dchecks, dflags, pdf, dpi), encoding="utf-8")
        written.append(path)
        n = {f: sum(f in v for v in dflags.values()) for f in FLAGS}
        status = doc.get("status", "")
        index.append(
            f'<tr><td><a href="{html.escape(path.name)}">{html.escape(doc_id)}</a></td>'
            f'<td>{html.escape(doc.get("department", ""))}</td><td>{html.escape(str(doc.get("year", "")))}</td>'
            f'<td class="st-{html.escape(status)}">{html.escape(status)}</td>'
            f"<td>{html.escape(str(doc.get('pages', '')))}</td><td>{len(dcells)}</td>"
            f"<td>{_errors(dchecks)}</td><td>{n['finding']}</td>"
            f"<td>{n['rounding']}</td>"
            f"<td>{n['lowconf']}</td><td>{n['diff']}</td><td>{'' if pdf else 'PDF not found'}</td>"
            f"<td>{html.escape(doc.get('error', ''))}</td></tr>"
        )
    (htmldir / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>juesuan review</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(str(outdir))}</h1><table><tr><th>document</th><th>department</th><th>year</th><th>status</th>"
        f"<th>pages</th><th>cells</th><th>error findings</th><th>flagged cells</th><th>rounding</th><th>low conf</th>"
        f"<th>diff</th><th></th><th>why</th></tr>"
        f"{''.join(index)}</table></body></html>",
        encoding="utf-8",
    )
    _own(outdir, htmldir, [*written, htmldir / "index.html"])
    return written


def _own(outdir: Path, htmldir: Path, pages: list[Path]) -> None:
    """Pages written into OUTDIR go into its manifest: the next extract removes them if its outputs change."""
    from juesuan.manifest import load_manifest, save_manifest

    root = outdir.resolve()
    inside = [p.resolve().relative_to(root).as_posix() for p in pages if root in p.resolve().parents]
    if inside and (outdir / "documents.csv").is_file():
        manifest = load_manifest(outdir)
        manifest.review |= set(inside)
        save_manifest(outdir, manifest)
