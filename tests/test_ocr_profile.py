"""scripts/ocr_profile.py: a call's CPU time goes to its own stage, not to the stages around it."""
from __future__ import annotations

import types

from conftest import load_script

ocr_profile = load_script("ocr_profile")


def test_stages_are_exclusive_and_recognizer_calls_are_named_by_their_caller():
    st = ocr_profile.Stages()
    spent = []

    def recognize(n):
        spent.append(sum(i * i for i in range(n)))
        return n

    rec = st.wrap(recognize, ocr_profile._recognize_label)

    def reread():
        return rec(20_000) + rec(20_000)

    outer = st.wrap(lambda: st.wrap(reread, "re-read")() + rec(10_000), "page")
    assert outer() == 50_000
    assert st.calls == {"recognize: re-read": 2, "re-read": 1, "recognize: page": 1, "page": 1}
    assert all(v >= 0 for v in st.cpu.values())


def test_patch_reaches_names_imported_into_other_ocr_modules(monkeypatch):
    """page.py imports render_page by name: wrapping raster's alone would time nothing."""
    import sys

    def original():
        return 1

    home = types.ModuleType("juesuan.extract.ocr.fake_home")
    user = types.ModuleType("juesuan.extract.ocr.fake_user")
    home.f = user.f = original
    for m in (home, user):
        monkeypatch.setitem(sys.modules, m.__name__, m)
    st = ocr_profile.Stages()
    st.patch(home, "f", "stage")
    assert user.f() == 1 and home.f is user.f
    assert st.calls == {"stage": 1}
