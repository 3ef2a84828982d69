"""LaTeX left in abstracts, made plain for matching while every offset stays where it was.

Abstracts copied from papers keep markup: ``\\textsc{Name}``, ``BT$^2$``,
``~\\cite{key}``. :func:`plain` returns a text of the *same length* in which
the markup is blanked out (commands and citations become spaces, a
super- or subscript is pulled next to its word: ``BT$^2$`` reads ``BT2   ``),
plus a mask of the blanked characters, so a mention found in the plain text
is a mention of the original text at the same offsets, widened over the
markup that closes it (:func:`widen`).

>>> text, mask = plain(r"We beat BT$^2$ and \\textsc{Quill}~\\cite{smith2021deep}.")
>>> text
'We beat BT2    and         Quill                      .'
>>> original = r"We beat BT$^2$ and \\textsc{Quill}~\\cite{smith2021deep}."
>>> start = text.index("BT2"); original[start:widen(mask, start + 3)]
'BT$^2$'
"""

from __future__ import annotations

import re

__all__ = ["plain", "widen"]

# Markup that carries nothing to match: citations, references, footnote marks.
_DROPPED_RE = re.compile(r"~?\\(?:cite[tp]?|citep|citet|ref|eqref|label|footnotemark)\*?(?:\[[^\]]*\])*\{[^{}]*\}")
# A command around a name: keep the name, blank the command and the braces.
_WRAPPED_RE = re.compile(r"\\(?:textsc|textbf|textit|texttt|textrm|textsf|emph|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|text|url|name)\{(?P<body>[^{}]*)\}")
# A super- or subscript in inline math after a word: "BT$^2$", "X$_{3}$", "S$^{4}$".
_SCRIPT_RE = re.compile(r"(?<=\w)\$[\^_]\{?(?P<body>[\w+\-]{1,6})\}?\$"
                        # and a superscript written bare, as plain-text listings keep it: "BT^2", "X^{3}"
                        r"|(?<=\w)\^\{?(?P<bare>\d{1,3})\}?(?![\w^])")


def plain(text: str) -> tuple[str, bytearray | None]:
    """The text with its markup blanked (same length), and which characters were blanked (None if none)."""
    if "\\" not in text and "$" not in text and "^" not in text:
        return text, None
    chars = list(text)
    mask = bytearray(len(text))
    for match in _DROPPED_RE.finditer(text):
        _blank(chars, mask, match.start(), match.end())
    for match in _WRAPPED_RE.finditer(text):
        _blank(chars, mask, match.start(), match.start("body"))
        _blank(chars, mask, match.end("body"), match.end())
    for match in _SCRIPT_RE.finditer(text):
        body = match.group("body") or match.group("bare")
        _blank(chars, mask, match.start(), match.end(), _SCRIPT_TAIL)
        chars[match.start() : match.start() + len(body)] = body
        mask[match.start() : match.start() + len(body)] = bytes(len(body))
    if not any(mask):
        return text, None
    return "".join(chars), mask


_MARKUP, _SCRIPT_TAIL = 1, 2  # mask values: blanked markup; the blanked rest of a script pulled to its word


def _blank(chars: list[str], mask: bytearray, start: int, end: int, kind: int = _MARKUP) -> None:
    chars[start:end] = " " * (end - start)
    mask[start:end] = bytes([kind]) * (end - start)


def widen(mask: bytes | bytearray | None, end: int) -> int:
    """Move a mention's end over the rest of a script pulled next to it ("BT2" -> "BT$^2$")."""
    if mask is None:
        return end
    while end < len(mask) and mask[end] == _SCRIPT_TAIL:
        end += 1
    return end
