"""Write kg/data/common_words.txt: English words common enough to be ordinary words, not names.

kg asks it whether a capitalised or lower-cased spelling of a listed name is
an everyday word ("Mutual" is, so it is not MuTual; "Imagenet" is not, so it
is ImageNet), and whether a capitalised word a naming cue points at was coined
("Spleeter", "Nymble"). The list comes from wordfreq's English frequencies
(Zipf >= 3.0, about one use in a million words); wordfreq is needed only to
run this script, not by kg.

Usage: pip install wordfreq && python scripts/make_common_words.py
"""

from __future__ import annotations

import re
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

ZIPF_MIN = 3.0
OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "common_words.txt"


def main() -> None:
    words = sorted({w for w in top_n_list("en", 200_000) if re.fullmatch(r"[a-z][a-z'-]*", w) and zipf_frequency(w, "en") >= ZIPF_MIN})
    header = f"# English words with wordfreq Zipf frequency >= {ZIPF_MIN}; written by scripts/make_common_words.py\n"
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
