"""Names read without regular expressions (the command's start-up compiles none for
them) agree with the regular expressions that define them."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from waitable._core.operations import _xform_words, xform_name
from waitable._core.paths import is_dotted
from waitable._registry import search_path_files

NAMES = st.text(alphabet="abcdeszABCDQLSIT0129_-éWhatsApOuTl", max_size=14)


@settings(max_examples=400)
@given(NAMES)
@example("Connect")
@example("GetItem2Fast")
@example("ListACLs")
@example("SendWhatsAppMessage")
@example("OAuth2Token")
@example("getItem")
@example("A")
@example("aB")
def test_xform_name_without_regexes_agrees_with_botocores_rules(name: str) -> None:
    xform_name.cache_clear()
    expected = name if "_" in name else _xform_words(name)
    assert xform_name(name) == expected


DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


@settings(max_examples=400)
@given(st.text(alphabet="aZ_0.9-é [] \n", max_size=10))
@example("a.b.c")
@example("a..b")
@example("_x.y9")
@example("9a")
@example("a.")
@example("a\n")
def test_a_plain_path_is_what_the_regex_says(text: str) -> None:
    assert is_dotted(text) == (DOTTED.match(text) is not None)


@given(st.text(alphabet="az09-_./Aé", max_size=8))
@example("")
@example("-a")
@example("a-b")
def test_a_service_name_is_what_the_regex_says(name: str) -> None:
    plain = re.match(r"[a-z0-9][a-z0-9-]*\Z", name) is not None
    try:
        search_path_files(name)
    except ValueError:
        assert not plain
    else:
        assert plain
