"""Ruled tables: cut the region along its ruling lines, merging cells where a rule is missing."""
from __future__ import annotations

from bisect import bisect_right

from juesuan.extract.cell_text import bbox_of, join_words, weakest_conf
from juesuan.model import Grid, GridCell, Segment, Word

SNAP = 2.0  # points: rules closer than this are one rule


def _cluster(values: list[tuple[float, float, float]]) -> list[tuple[float, list[tuple[float, float]]]]:
    """(position, start, end) strokes → [(position, merged [start, end] intervals)]."""
    clusters: list[tuple[float, list[tuple[float, float]]]] = []
    for pos, a, b in sorted(values):
        if clusters and pos - clusters[-1][0] <= SNAP:
            clusters[-1][1].append((a, b))
        else:
            clusters.append((pos, [(a, b)]))
    merged = []
    for pos, spans in clusters:
        spans.sort()
        out = [list(spans[0])]
        for a, b in spans[1:]:
            if a <= out[-1][1] + SNAP:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b])
        merged.append((pos, [(a, b) for a, b in out]))
    return merged


MIN_CELL = 6.0  # points: two rules closer than this are a double rule, not a cell between them


def _drop_double_rules(clusters):
    """Keep the longer of two rules closer than MIN_CELL (headers framed with double lines)."""
    kept: list = []
    for pos, spans in clusters:
        length = sum(b - a for a, b in spans)
        if kept and pos - kept[-1][0] < MIN_CELL:
            if length > sum(b - a for a, b in kept[-1][1]):
                kept[-1] = (pos, spans)
            continue
        kept.append((pos, spans))
    return kept


def _covers(spans: list[tuple[float, float]], x: float) -> bool:
    return any(a - SNAP <= x <= b + SNAP for a, b in spans)


def _close_outline(hs, vs):
    """A table's outline is where its vertical rules end, even where the closing horizontal rule is
    not printed (a continuation page's first row, a table cut at the page foot)."""
    left, right = vs[0][0], vs[-1][0]
    top = min(a for _, spans in vs for a, _ in spans)
    bottom = max(b for _, spans in vs for _, b in spans)
    if top < hs[0][0] - MIN_CELL:
        hs = [(top, [(left, right)]), *hs]
    if bottom > hs[-1][0] + MIN_CELL:
        hs = [*hs, (bottom, [(left, right)])]
    return hs


def build_lattice(page: int, words: list[Word], segments: list[Segment]) -> Grid | None:
    """A grid from ruling lines, or None when the region is not ruled in both directions."""
    hs = _drop_double_rules(_cluster([(s.top, s.x0, s.x1) for s in segments if s.horizontal]))
    vs = _drop_double_rules(_cluster([(s.x0, s.top, s.bottom) for s in segments if not s.horizontal]))
    if not hs or len(vs) < 3:
        return None
    hs = _close_outline(hs, vs)
    if len(hs) < 2:
        return None
    ys = [pos for pos, _ in hs]
    xs = [pos for pos, _ in vs]
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not _covers(vs[c + 1][1], ymid):
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            if r + 1 < n_rows and not _covers(hs[r + 1][1], xmid):
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            members.setdefault(find(r * n_cols + c), []).append((r, c))
    by_atom: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        if not (xs[0] <= w.xc <= xs[-1] and ys[0] <= w.yc <= ys[-1]):
            continue
        r = bisect_right(ys, w.yc, 0, n_rows) - 1  # the last row starting at or above the word
        c = bisect_right(xs, w.xc, 0, n_cols) - 1
        by_atom.setdefault((min(r, n_rows - 1), min(c, n_cols - 1)), []).append(w)
    cells = []
    for atoms in members.values():
        r0, r1 = min(a[0] for a in atoms), max(a[0] for a in atoms)
        c0, c1 = min(a[1] for a in atoms), max(a[1] for a in atoms)
        ws = [w for a in atoms for w in by_atom.get(a, [])]
        bbox = bbox_of(ws) if ws else (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cells.append(GridCell(join_words(ws), r0, c0, r1 - r0 + 1, c1 - c0 + 1, bbox, weakest_conf(ws), tuple(ws)))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(page, n_rows, n_cols, cells, xs, "lattice")
