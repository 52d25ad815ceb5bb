"""extract/seams.py: a page's rules indexed by x (VerticalRules) cut words exactly where scanning every rule does."""
import random

from juesuan.extract.seams import VerticalRules, _amount_tail, gap_seams, rule_seams, vertical_rules
from juesuan.extract.words import Char, page_words
from juesuan.model import Segment


def _every_rule(text: str, chars, rules) -> list[int]:
    """The rule as written before the index: every rule asked about every pair of neighbouring characters."""
    top = min(c.top for c in chars)
    cuts = []
    for i in range(1, len(text)):
        a, b = chars[i - 1], chars[i]
        left_c, right_c = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
        if any(left_c < r.x0 < right_c and top >= r.top - 2 for r in rules) and _amount_tail(text[:i], text[i]):
            cuts.append(i)
    return cuts


def _chars(text: str, x: float, top: float, width: float = 5.0) -> list[Char]:
    return [Char(ch, x + width * i, top, x + width * (i + 1), top + 9, True) for i, ch in enumerate(text)]


def test_indexed_rules_cut_where_every_rule_does():
    rng = random.Random(33)
    texts = ["2,569.01302商品", "114,693,241一、", "—五、教育支出", "10", "12.50", "0.00万元", "1,234.56",
             "22831400.92302", "合计", "6734.23五、教育支出"]
    cut = 0
    for _ in range(300):
        rules = [Segment(x, t, x, t + rng.uniform(6, 200)) for x, t in
                 ((rng.choice([rng.uniform(80, 200), 100 + 5 * rng.randint(0, 14)]), rng.uniform(60, 140))
                  for _ in range(rng.randint(0, 40)))]
        index = VerticalRules(rules)
        for text in texts:
            chars = _chars(text, rng.uniform(90, 110), rng.uniform(50, 150))
            want = _every_rule(text, chars, rules)
            assert rule_seams(text, chars, index) == want == rule_seams(text, chars, rules), (text, rules)
            cut += bool(want)
    assert cut > 100  # the comparison met many cuts, not only words without one


def test_a_rule_on_a_character_s_centre_or_below_the_word_s_top_does_not_count():
    chars = _chars("2,569.01302", 100, 100)  # centres at 102.5, 107.5, …; "2,569.01" ends at index 8
    between = Segment(140, 90, 140, 200)  # between the centres of chars 7 and 8
    assert rule_seams("2,569.01302", chars, VerticalRules([between])) == [8]
    on_centre = Segment(142.5, 90, 142.5, 200)
    assert rule_seams("2,569.01302", chars, VerticalRules([on_centre])) == []
    lower = Segment(140, 102.5, 140, 200)  # starts more than 2 pt below the word's top
    assert rule_seams("2,569.01302", chars, VerticalRules([lower])) == []
    assert rule_seams("2,569.01302", chars, VerticalRules([Segment(140, 101.9, 140, 200)])) == [8]


def test_vertical_rules_keep_only_long_vertical_segments():
    rules = vertical_rules([Segment(10, 0, 10, 50), Segment(0, 5, 100, 5), Segment(20, 0, 20, 3)])
    assert rules.rules == [Segment(10, 0, 10, 50)]
    assert not vertical_rules([Segment(0, 5, 100, 5)])


def _header_line() -> list[Char]:
    """A LibreOffice header line as printed (seed 7373): three ruled cells' wrapped first lines, 5.4 pt glyphs,
    1.1 pt between one cell's last glyph and the next cell's first, the rules at 438.35, 477.27, 516.2, 555.1."""
    chars = []
    for x, text in ((438.9, "一般公共预算财"), (477.8, "政府性基金预算"), (516.8, "国有资本经营预")):
        chars += _chars(text, x, 100.0, 5.4)
    return chars


RULES = [Segment(x, 84.0, x, 112.0) for x in (438.35, 477.27, 516.2, 555.1)]


def test_a_rule_through_the_blank_between_two_cells_texts_cuts_them_apart():
    chars = _header_line()
    assert gap_seams(chars, VerticalRules(RULES)) == [7, 14]
    words = page_words(chars, RULES)
    assert [w.text for w in words] == ["一般公共预算财", "政府性基金预算", "国有资本经营预"]


def test_text_crossed_by_a_rule_through_a_glyph_or_beside_a_rule_that_ends_above_stays_whole():
    chars = _chars("年初财政拨款结转和结余", 100.0, 100.0, 5.4)  # overflowing into an empty neighbour cell
    assert gap_seams(chars, VerticalRules([Segment(130.0, 84.0, 130.0, 112.0)])) == []  # through 财's glyph
    header_only = [Segment(x, 84.0, x, 104.0) for x in (438.35, 477.27, 516.2, 555.1)]  # ends above the line
    assert gap_seams(_header_line(), VerticalRules(header_only)) == []
    assert gap_seams(_header_line(), VerticalRules([])) == []
    # a box drawn around a highlighted run of a 情况说明 (hn_cs_xfj_2026_budget page 9): its edge on the glyph's edge,
    # where pdfium's 32-bit floats and pdfminer's doubles fall on either side
    run = _chars("年本", 313.35, 175.0, 16.296) + _chars("单位", 346.55, 175.0, 16.304)
    for edge in (345.942, 345.9419, 346.55):
        assert gap_seams(run, VerticalRules([Segment(edge, 170.0, edge, 195.0)])) == []
