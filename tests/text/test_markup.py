"""Editors' Markdown becomes sanitized HTML: formatting kept, scripts and bad URLs gone, templates inert."""

from __future__ import annotations

import pytest

from sitegen.text.markup import inline_markdown_to_html, markdown_to_html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("[ISW](https://understandingwar.org)",
         '<p><a href="https://understandingwar.org" rel="noopener noreferrer">ISW</a></p>'),
        ("[x](javascript:alert(1))", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("[x](data:text/html,hi)", '<p><a rel="noopener noreferrer">x</a></p>'),
        ("<script>alert(1)</script>hello", "<p>hello</p>"),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        ('<a href="/about" onclick="evil()">about</a>', '<p><a href="/about" rel="noopener noreferrer">about</a></p>'),
        ("{{ config.secret }} {% for x in y %}", "<p>{{ config.secret }} {% for x in y %}</p>"),
        ("<style>body{display:none}</style>text", "<p>text</p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("| a |\n|---|\n| 1 |", ("<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n"
                                "</tr>\n</tbody>\n</table>")),
        ('<div style="x">block</div>', "block"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ],
)
def test_markdown_to_html(markdown: str, html: str) -> None:
    assert markdown_to_html(markdown) == html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("**Kursk** incursion", "<strong>Kursk</strong> incursion"),
        ("# heading", "heading"),
        ("<b onmouseover=x>hi</b>", "<b>hi</b>"),
        ("one\n\ntwo", "one\ntwo"),
    ],
)
def test_inline_markdown_has_no_blocks(markdown: str, html: str) -> None:
    assert inline_markdown_to_html(markdown) == html
