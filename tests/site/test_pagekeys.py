"""A page's key is taken from the last build of the process only when its inputs are the very same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from markupsafe import Markup

from sitegen.site.pagekeys import PageKeys
from sitegen.site.records import PageSpec


@dataclass(frozen=True)
class View:
    """A stand-in for a page's own record (compared by identity, never by value)."""

    name: str


SPEC = PageSpec(path="articles/a/index.html", template="article.html", producer="article page", key="a")
VIEW = View("a")
OWN: list[tuple[str, Any]] = [("root", "../../"), ("spec", SPEC), ("view", VIEW)]
USED: list[tuple[str, Any]] = [("config", "c0ffee"), ("@overview_svg", Markup("<svg/>"))]


def token(spec: PageSpec = SPEC, own: list[tuple[str, Any]] | None = OWN, used: list[tuple[str, Any]] = USED,
          environment: str = "env") -> tuple[Any, ...]:
    mine = None if own is None else [(k, spec if v is SPEC else v) for k, v in own]  # a context holds its own spec
    return PageKeys.token(environment, spec, mine, used)


@pytest.mark.parametrize(("now", "same"), [
    (token(), True),
    (token(spec=PageSpec(path=SPEC.path, template=SPEC.template, producer=SPEC.producer, key="a")), True),  # equal spec
    (token(own=[("root", "../../"), ("spec", SPEC), ("view", View("a"))]), False),  # an equal record, not the same
    (token(own=[("root", "../"), ("spec", SPEC), ("view", VIEW)]), False),
    (token(used=[("config", "c0ffee"), ("@overview_svg", "<svg/>")]), False),  # a str is not the Markup it equals
    (token(used=[("config", "beef"), ("@overview_svg", Markup("<svg/>"))]), False),  # a field's digest changed
    (token(used=USED[:1]), False),  # it read fewer fields
    (token(environment="other"), False),  # other templates or code
    (token(spec=PageSpec(path=SPEC.path, template="page.html", producer=SPEC.producer, key="a")), False),
    (token(own=None), False),  # made in Python, with the same fields
    (token(own=[]), False),  # no own values
])
def test_a_key_is_taken_only_for_the_very_same_inputs(now: tuple[Any, ...], same: bool) -> None:
    keys = PageKeys()
    keys.note(SPEC.path, token(), "k1")
    assert keys.key(SPEC.path, now, "k1") is same
    assert keys.reused == int(same)


def test_a_key_other_than_the_logged_one_or_of_another_page_is_not_taken() -> None:
    keys = PageKeys()
    keys.note(SPEC.path, token(), "k1")
    assert not keys.key(SPEC.path, token(), "k2")  # the page log says otherwise: the memo is not the log's
    assert not keys.key("articles/b/index.html", token(), "k1")
    assert keys.reused == 0
