"""Short headlines: leading connectives trimmed for display, long sentences cut at a clause; examples checked at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import ConfigError
from sitegen.text.headline import load_headlines


@pytest.mark.parametrize(
    ("sentence", "headline"),
    [
        ("But on the night of May 10, Russian forces crossed again.", "On the night of May 10, Russian forces crossed again."),
        ("However, Ukrainian forces later pushed them out.", "Ukrainian forces later pushed them out."),
        ("However hard it is, they stayed.", "However hard it is, they stayed."),  # no comma: not a connective
        ("This comes after a gesture of support for Taiwan in April.", "A gesture of support for Taiwan in April."),
        ("Meanwhile, and also, the port reopened.", "The port reopened."),  # one after another
        ("And meanwhile, the port reopened.", "The port reopened."),  # repeatedly
        ("Butter prices rose.", "Butter prices rose."),  # whole words only
        ("Kiev sends reserves to Kharkov", "Kiev sends reserves to Kharkov"),
        (("But while the withdrawal appears complete, with many units retreating into Belarus and Russia, the "
         "Pentagon cautioned that the forces would regroup for a new offensive in the east of the country soon."),
         "While the withdrawal appears complete, with many units retreating into Belarus and Russia…"),
    ],
)
def test_headline(sentence: str, headline: str) -> None:
    """The display headline; the sentence itself is never changed."""
    assert load_headlines().headline(sentence) == headline


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("connectives:\n  - {words: Also, example: 'Also the port.', shows: 'Port.'}\n",
         ":2: connectives[0].example: the example trims to 'The port.', not 'Port.'; fix the words or the example"),
        ("connectives:\n  - {words: Also, exampel: 'Also x.', shows: 'X.'}\n",
         ":2: connectives[0].exampel: unknown key; did you mean example?"),
        ("max_chars: 5\n", ":1: max_chars: must be a whole number of at least 20"),
    ],
)
def test_site_headlines_checked_at_load(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "headlines.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_headlines(tmp_path)
    assert str(err.value) == f"{tmp_path / 'headlines.yaml'}{message}"
