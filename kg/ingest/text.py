"""Text normalisation shared by the readers: titles, paper ids, arXiv ids, dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "clean_text",
    "data_lines",
    "first_line",
    "find_arxiv_id",
    "normalise_title",
    "paper_id",
    "parse_month_day",
    "parse_full_date",
    "web_url",
]

# Control characters (a terminal runs ESC sequences; C1 codes) and lone UTF-16 surrogates (a JSON escape
# like "\ud800" decodes to one, and no file can hold it): none belongs in a title or an abstract.
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # those split() takes for space stay
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
MONTH_DAY_RE = re.compile(rf"^({_MONTH_RE})\s+(\d{{1,2}})$")
FULL_DATE_RE = re.compile(rf"^({_MONTH_RE})\s+(\d{{1,2}}),\s*(\d{{4}})(?:\s+(\d+))?$")

# New-style (2007+) and old-style arXiv identifiers, as bare ids or inside URLs.
_ARXIV_RE = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|huggingface\.co/papers/|arxiv:\s*|^)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.-]+/\d{7})(?:v\d+)?(?:\.pdf)?(?=$|[^\d])",
    re.IGNORECASE,
)


def data_lines(text: str) -> list[str]:
    r"""The lines of a JSON Lines (or other line-based data) file: split on ``\n`` only, a ``\r`` before
    it dropped. ``str.splitlines`` also splits on U+2028, U+2029, U+0085 and others, which are valid
    inside a JSON string: a record holding one was cut in pieces and lost.

    >>> data_lines('{"t": "a\u2028b"}\r\n{"t": "c"}\n')
    ['{"t": "a\u2028b"}', '{"t": "c"}']
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def first_line(text: str) -> str:
    r"""The first line that is not blank (split on ``\n``, as :func:`data_lines`), read without splitting
    the whole text: format detection asks for it several times of files up to 1 GiB.

    >>> first_line("\n  \r\ntitle,abstract\r\nA,B\n")
    'title,abstract'
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            return line[:-1] if line.endswith("\r") else line
        start = end + 1
    return ""


def clean_text(text: str) -> str:
    """NFC-normalise, drop control characters, mark lone surrogates with U+FFFD, fold runs of white space.

    >>> clean_text("A\x1b[31m  red\ttitle")
    'A[31m red title'
    """
    if not text.isprintable():  # the common case costs one scan
        text = _SURROGATE_RE.sub("\ufffd", _CONTROL_RE.sub("", text))
    return " ".join(unicodedata.normalize("NFC", text).split())


def web_url(value: Any) -> str | None:
    """An http(s) URL, else None: a ``javascript:`` or malformed link never enters the graph.

    >>> web_url("https://example.org/p"), web_url("javascript:alert(1)"), web_url('https://a.b/"><img')
    ('https://example.org/p', None, None)
    """
    if not isinstance(value, str):
        return None
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in value for c in '<>"\' \n'):
        return None
    return value


def normalise_title(title: str) -> str:
    """Reduce a title to what identifies the paper: letters and digits, folded.

    Case, spacing, punctuation and accents do not tell two papers apart, so
    they are dropped. Letters of any script are kept, so a title in Chinese
    or Greek does not normalise to the empty string.

    >>> normalise_title("Coarse-to-Fine:  Learning, Compact!")
    'coarsetofinelearningcompact'
    >>> normalise_title("Café") == normalise_title("CAFE")
    True
    """
    decomposed = unicodedata.normalize("NFKD", title)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch.isalnum())
    return "".join(kept).casefold()


# Greek letters spelled out, as names write them in plain text too ("PixArt-α", "PixArt-alpha").
_GREEK = dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
                  "omicron pi rho sigma sigma tau upsilon phi chi psi omega".split()))


def name_slug(name: str) -> str:
    """A name as the words of an id: folded, accents dropped, Greek letters spelled out, punctuation a hyphen.

    Two names that differ only by a Greek letter are two things (PixArt-α is not PixArt-Σ).

    >>> name_slug("MVTec AD"), name_slug("wav2vec 2.0"), name_slug("PixArt-Σ"), name_slug("Tülu 3"), name_slug("τ-bench")
    ('mvtec-ad', 'wav2vec-2-0', 'pixart-sigma', 'tulu-3', 'tau-bench')
    """
    folded = name.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(f" {_GREEK[ch]} " if ch in _GREEK else ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "-", folded).strip("-")


def paper_id(title: str) -> str:
    """A stable paper id from the normalised title: same paper, same id, anywhere.

    >>> paper_id("Deep Residual Learning") == paper_id("deep residual learning.")
    True
    >>> paper_id("Deep Residual Learning").startswith("paper:")
    True
    """
    key = normalise_title(title)
    if not key:
        raise ValueError(f"title {title!r} has no letters or digits to identify a paper by")
    return "paper:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def find_arxiv_id(text: str | None) -> str | None:
    """The arXiv identifier in an id, URL or ``arXiv:`` reference, without version.

    >>> find_arxiv_id("https://arxiv.org/abs/2410.06940v3")
    '2410.06940'
    >>> find_arxiv_id("https://huggingface.co/papers/2303.12345")
    '2303.12345'
    >>> find_arxiv_id("hep-th/9901001")
    'hep-th/9901001'
    >>> find_arxiv_id("not an id") is None
    True
    """
    if not text:
        return None
    match = _ARXIV_RE.search(text.strip())
    return match.group(1) if match else None


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def parse_month_day(text: str) -> str | None:
    """``"Mar 11"`` -> ``"--03-11"`` (ISO 8601 month-day, year unknown)."""
    match = MONTH_DAY_RE.match(text.strip())
    if not match:
        return None
    month, day = _month(match.group(1)), int(match.group(2))
    if not 1 <= day <= 31:
        return None
    return f"--{month:02d}-{day:02d}"


def parse_full_date(text: str) -> tuple[str, int | None] | None:
    """``"Oct 10, 2023 3"`` -> ``("2023-10-10", 3)``; the trailing count is optional."""
    match = FULL_DATE_RE.match(text.strip())
    if not match:
        return None
    month, day, year = _month(match.group(1)), int(match.group(2)), int(match.group(3))
    if not 1 <= day <= 31:
        return None
    count = int(match.group(4)) if match.group(4) else None
    return f"{year:04d}-{month:02d}-{day:02d}", count
