"""Repository links: found, normalised to one id each, and marked official when the text says so."""

from __future__ import annotations

import pytest

from kg.extract.repos import find_repositories, is_official, repository_links
from kg.ingest import ingest
from kg.model import Paper


def ids(text: str) -> list[str]:
    return [m.id for m in find_repositories(text)]


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/Bassyess/CFCD",
        "http://github.com/bassyess/cfcd",
        "https://www.github.com/bassyess/CFCD",
        "github.com/bassyess/CFCD",
        "at https://github.com/bassyess/CFCD.",
        "at https://github.com/bassyess/CFCD/.",
        "(https://github.com/bassyess/CFCD)",
        "https://github.com/bassyess/CFCD.git",
        "https://github.com/bassyess/CFCD.git.",
        "https://github.com/bassyess/CFCD/tree/main/src",
        "github. com/bassyess/CFCD",
        "https:// github.com/bassyess/CFCD",
        "https://github.com/ bassyess/CFCD",
        "magenta{https://github.com/bassyess/CFCD}.",
    ],
)
def test_every_spelling_of_a_github_link_normalises_to_one_id(text):
    assert ids(text) == ["repository:github.com/bassyess/cfcd"]


def test_display_name_keeps_the_authors_case_and_mention_offsets_index_the_text():
    text = "Code is available at https://github.com/OpenGVLab/UniFormerV2."
    (match,) = find_repositories(text)
    assert match.name == "OpenGVLab/UniFormerV2"
    assert match.url == "https://github.com/OpenGVLab/UniFormerV2"
    assert text[match.start : match.end] == match.text == "https://github.com/OpenGVLab/UniFormerV2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://gitlab.com/Group/Sub/Project/-/tree/main", "repository:gitlab.com/group/sub/project"),
        ("https://bitbucket.org/owner/Repo.", "repository:bitbucket.org/owner/repo"),
        ("https://huggingface.co/spaces/Org/Demo-App", "repository:huggingface.co/spaces/org/demo-app"),
        ("https://huggingface.co/Org/Model-7B", "repository:huggingface.co/org/model-7b"),
        ("https://hf.co/Org/Model-7B", "repository:huggingface.co/org/model-7b"),
        ("https://anonymous.4open.science/r/mocoop-6387", "repository:anonymous.4open.science/r/mocoop-6387"),
        ("Code: https://gitlab.com/x/y/ and data.", "repository:gitlab.com/x/y"),
        ("gitlab.com/g/p/tree/master", "repository:gitlab.com/g/p"),
        ("https://www.gitlab.com/G/P.git", "repository:gitlab.com/g/p"),
        ("https://github.com/x/y.git/tree/main", "repository:github.com/x/y"),
        ("[code](https://github.com/x/y?tab=readme#top)", "repository:github.com/x/y"),
    ],
)
def test_other_code_hosts_are_found(text, expected):
    assert ids(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Project page at https://sgvaze.github.io/genecis/.",
        "See https://huggingface.co/papers/2401.00001 and https://huggingface.co/datasets/org/data.",
        "Follow https://github.com/openai for news.",
        "https://github.com/topics/diffusion",
        "mail me at someone@github.com/x",
        "https://example.org/github.com/a/b",
        "Sign in at gitlab.com/users/sign_in first.",
        "See bitbucket.org/product/features.",
    ],
)
def test_pages_that_are_not_code_repositories_are_ignored(text):
    assert ids(text) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Code is available at https://github.com/a/b.",
        "Our code will be released at https://github.com/a/b.",
        "The code and models are publicly available at https://github.com/a/b.",
        "Codes are available at: https://github.com/a/b.",
        "The code is avaliable at https://github.com/a/b.",
        "We release our benchmark at https://github.com/a/b.",
        "Visualization tools and codes https://github.com/a/b .",
    ],
)
def test_own_code_sentences_are_official(sentence):
    assert is_official(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Our method is based on https://github.com/x/detr.",
        "We build on the official implementation of DETR at https://github.com/x/detr.",
        "Experiments use models from https://huggingface.co/x/y, adapted from prior work.",
        "Prior benchmarks such as https://github.com/x/bench are limited.",
    ],
)
def test_links_to_someone_elses_code_are_not_official(sentence):
    assert not is_official(sentence)


def test_repeated_link_is_one_entity_with_every_mention():
    abstract = "Our code will be available at https://github.com/Zood123/COMET{https://github.com/Zood123/COMET}."
    (link,) = repository_links(Paper(id="paper:x", title="T", abstract=abstract))
    assert link.entity.id == "repository:github.com/zood123/comet"
    assert link.role == "official" and link.attributes == {"official": True}
    assert [m.start for m in link.mentions] == [abstract.index("https"), abstract.rindex("https")]
    first, second = link.mentions
    assert first.field == second.field == "abstract"
    assert first.sentence == abstract and second.sentence == ""
    assert (first.sentence_start, first.sentence_end) == (second.sentence_start, second.sentence_end) == (0, len(abstract))


def test_a_bare_link_closing_the_abstract_is_official():
    abstract = "We beat prior work on two benchmarks. https://github.com/a/b"
    (link,) = repository_links(Paper(id="paper:x", title="T", abstract=abstract))
    assert link.role == "official"


def test_seed_papers_link_85_repositories_all_found(seed_paths, seed_texts):
    papers = ingest(seed_paths).papers
    links = [link for paper in papers for link in repository_links(paper)]
    assert len(links) == 85
    by_id = {link.entity.id: link for link in links}
    assert by_id["repository:github.com/bassyess/cfcd"].role == "official"
    assert "repository:anonymous.4open.science/r/mocoop-6387" in by_id
    assert "repository:github.com/edwardjhu/tp4" in by_id  # written without https://
    text = "\n".join(seed_texts.values()).lower()
    assert all(link.entity.id.removeprefix("repository:") in text for link in links)
