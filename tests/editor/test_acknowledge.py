"""content/check.yaml: acknowledged findings, strict loading with exact messages, and stale acknowledgements."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.editor.acknowledge import Acknowledgement, acknowledge, failing, load_acknowledgements
from sitegen.editor.check import Finding, format_findings
from sitegen.errors import ConfigError

ESTIMATE = Finding("estimated-publication", "a1: published 2024-05-17 is an estimate (r)", "seeds/a1.txt", id="a1")
WEAK = Finding("weak-date", "e0000000001: dated only to the year (2022): 'X.'", "seeds/a1.txt", id="e0000000001")
SKIPPED = Finding("skipped-input", "skipped: not text (binary data)", "seeds/x.bin")


def load(tmp_path: Path, text: str) -> tuple[Acknowledgement, ...]:
    (tmp_path / "check.yaml").write_text(text, "utf-8")
    return load_acknowledgements(tmp_path)


def test_a_missing_or_empty_file_acknowledges_nothing(tmp_path: Path) -> None:
    assert load_acknowledgements(tmp_path) == ()
    assert load(tmp_path, "# nothing yet\n") == ()
    assert load(tmp_path, "acknowledge:\n") == ()


def test_acknowledgements_load_with_where_they_are(tmp_path: Path) -> None:
    acks = load(tmp_path, "acknowledge:\n  - finding: estimated-publication\n    article: a1\n"
                          "    reason: >-\n      the page has\n      no date\n"
                          "  - {finding: skipped-input, file: seeds/x.bin, reason: 'a scan, not text'}\n")
    path = str(tmp_path / "check.yaml")
    assert acks == (Acknowledgement("estimated-publication", "a1", "the page has no date", path, 2, "acknowledge[0]"),
                    Acknowledgement("skipped-input", "seeds/x.bin", "a scan, not text", path, 7, "acknowledge[1]"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("acknowledged: []\n", "1: acknowledged: unknown key; did you mean acknowledge?"),
        ("acknowledge:\n  - finding: estimated-publication\n    article: a1\n",
         "2: acknowledge[0]: missing key 'reason'"),
        ("acknowledge:\n  - finding: estimated-publication\n    article: a1\n    reason: ''\n",
         "4: acknowledge[0].reason: expected text, got empty text"),
        ("acknowledge:\n  - finding: estimated-date\n    article: a1\n    reason: r\n",
         "2: acknowledge[0].finding: unknown value 'estimated-date'; did you mean estimated-publication?"),
        ("acknowledge:\n  - finding: weak-date\n    article: a1\n    reason: r\n",
         "2: acknowledge[0]: a weak-date finding is about an entry: name it with entry: instead of article:"),
        ("acknowledge:\n  - finding: no-date\n    reason: r\n",
         "2: acknowledge[0]: a no-date finding is about an article: name it with article:"),
        ("acknowledge:\n  - {finding: no-date, article: a1, entry: e0000000001, reason: r}\n",
         ("2: acknowledge[0]: a no-date finding is about an article: name it with article: instead of article:, "
         "entry:")),
        ("acknowledge:\n  - {finding: skipped-input, file: x, reason: r, becuase: y}\n",
         "2: acknowledge[0].becuase: unknown key; expected one of: finding, article, entry, file, reason"),
        (("acknowledge:\n  - {finding: no-date, article: a1, reason: r}\n  - {finding: no-date, article: a1, "
         "reason: s}\n"), "3: acknowledge[1]: no-date of a1 is already acknowledged at line 2; keep one of them"),
        ("acknowledge:\n  - {finding: stale-acknowledgement, entry: x, reason: r}\n",
         ("2: acknowledge[0].finding: unknown value 'stale-acknowledgement'; expected one of: skipped-input, no-date, "
         "estimated-publication, no-outlet, conflicting-date, conflicting-number, weak-date, outside-span, "
         "stale-override, dangling-link")),
    ],
)
def test_every_mistake_names_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load(tmp_path, text)
    assert str(err.value) == f"{tmp_path / 'check.yaml'}:{message}"


def test_acknowledged_findings_keep_their_reason_and_stale_ones_are_findings(tmp_path: Path) -> None:
    acks = load(tmp_path, "acknowledge:\n  - {finding: estimated-publication, article: a1, reason: no date}\n"
                          "  - {finding: weak-date, entry: e0000000009, reason: checked}\n"
                          "  - {finding: skipped-input, file: seeds/x.bin, reason: a scan}\n")
    path = str(tmp_path / "check.yaml")
    result = acknowledge([SKIPPED, ESTIMATE, WEAK], acks)
    assert result == [
        Finding("skipped-input", SKIPPED.message, "seeds/x.bin", acknowledged="a scan"),
        Finding("estimated-publication", ESTIMATE.message, "seeds/a1.txt", id="a1", acknowledged="no date"),
        WEAK,
        Finding("stale-acknowledgement", "acknowledge[1]: no weak-date finding for the entry e0000000009 any more; "
                                         "remove this acknowledgement", path, 3, "e0000000009"),
    ]
    assert failing(result) == result[2:]
    assert format_findings(result) == f"""\
Entries with a weak date (1):
  seeds/a1.txt: e0000000001: dated only to the year (2022): 'X.'

Acknowledgements in content/check.yaml that match no finding (1):
  {path}:3: acknowledge[1]: no weak-date finding for the entry e0000000009 any more; remove this acknowledgement

Acknowledged in content/check.yaml (2):
  seeds/x.bin: skipped: not text (binary data)
    acknowledged: a scan
  seeds/a1.txt: a1: published 2024-05-17 is an estimate (r)
    acknowledged: no date

2 findings (1 weak-date, 1 stale-acknowledgement), 2 acknowledged"""


def test_everything_acknowledged_passes_strict(tmp_path: Path) -> None:
    acks = load(tmp_path, "acknowledge:\n  - {finding: estimated-publication, article: a1, reason: no date}\n")
    result = acknowledge([ESTIMATE], acks)
    assert failing(result) == []
    assert format_findings(result).splitlines()[-1] == "0 findings, 1 acknowledged"
    assert result[0].as_dict()["acknowledged"] == "no date"
