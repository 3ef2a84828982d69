"""LaTeX left in abstracts: names are matched through it, mentions keep the text as written."""

from __future__ import annotations

from kg.extract.latex import plain, widen
from kg.extract.pipeline import extract
from kg.model import Paper


def mentions(nlp, abstract: str) -> dict[str, list[tuple[int, int, str]]]:
    ((_, links),) = list(extract([Paper(id="paper:l", title="A Study", abstract=abstract)], nlp))
    return {link.entity.name: [(m.start, m.end, m.text) for m in link.mentions] for link in links}


def test_markup_is_blanked_without_moving_any_offset():
    text = r"Use \textsc{Quill} with X$_{3}$~\cite{a2020b} on \emph{COCO}."
    flat, mask = plain(text)
    assert len(flat) == len(text) and mask is not None
    assert flat.split() == ["Use", "Quill", "with", "X3", "on", "COCO", "."]
    assert flat[text.index("Quill"):text.index("Quill") + 5] == "Quill"
    assert plain("No markup here.") == ("No markup here.", None)


def test_a_listed_name_inside_a_command_is_found_at_its_original_offsets(nlp):
    abstract = r"We fine-tune \textsc{Llama}~\cite{touvron2023llama} on \emph{ImageNet}."
    found = mentions(nlp, abstract)
    (start, end, text), = found["LLaMA"]
    assert abstract[start:end] == text == "Llama"
    assert found["ImageNet"][0][2] == "ImageNet"
    assert not [name for name in found if "touvron" in name.lower()]


def test_a_name_with_a_latex_script_is_one_name_and_its_mention_quotes_the_markup(nlp):
    abstract = r"It outperforms methods such as BT$^2$ and DiffPure."
    found = mentions(nlp, abstract)
    (start, end, text), = found["BT2"]
    assert text == "BT$^2$" and abstract[start:end] == "BT$^2$"


def test_widen_only_crosses_a_pulled_script():
    flat, mask = plain(r"\textsc{Quill}~\cite{k} and BT$^2$.")
    assert widen(mask, flat.index("Quill") + 5) == flat.index("Quill") + 5
    assert widen(mask, flat.index("BT2") + 3) == flat.index("BT2") + 6


def test_a_bare_superscript_is_part_of_the_name_and_its_mention_quotes_it(nlp):
    abstract = "We propose Backward Training with a novel Basis Change (BC^2). BC^2 beats methods such as DiffPure."
    quoted = {(text, abstract[start:end]) for start, end, text in mentions(nlp, abstract)["BC2"]}
    assert quoted == {("Basis Change", "Basis Change"), ("BC^2", "BC^2")}
    assert plain("O(n^2) and X^{3}")[0] == "O(n2 ) and X3   "
