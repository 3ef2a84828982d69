"""Model checkpoints: a model's name with its size, context, tuning or version after it (sentences written for these tests)."""

from __future__ import annotations

import pytest

from kg.extract.checkpoints import checkpoint_family
from kg.extract.pipeline import extract
from kg.model import Paper


def _entities(nlp, title: str, abstract: str) -> dict[str, tuple[str, str, set[str]]]:
    """Entity name -> (type, role, the texts of its mentions)."""
    ((_, links),) = list(extract([Paper(id="paper:t", title=title, abstract=abstract)], nlp))
    return {link.entity.name: (link.entity.type, link.role, {m.text for m in link.mentions}) for link in links}


def test_a_listed_models_checkpoint_is_that_model_mentioned_by_the_whole_name(nlp):
    got = _entities(nlp, "Pruning Judges", "We prune Qwen2.5-14B-Instruct and Mistral-7B-Instruct-v0.3, and compare "
                    "with Mixtral 8x7B Instruct.")
    assert got["Qwen2.5"][:2] == ("Method", "used") and got["Qwen2.5"][2] == {"Qwen2.5-14B-Instruct"}
    assert got["Mistral 7B"][2] == {"Mistral-7B-Instruct-v0.3"}
    assert got["Mixtral 8x7B"][2] == {"Mixtral 8x7B Instruct"}


def test_a_listed_name_followed_by_another_part_names_another_model(nlp):
    got = _entities(nlp, "Reading Charts", "Starting from Qwen2.5-VL-3B-Instruct, our reader beats RT-2-X and "
                    "DeepSeek-R1-Distill-Llama-8B on chart questions.")
    assert got["Qwen2.5-VL"][2] == {"Qwen2.5-VL-3B-Instruct"}
    assert got["RT-2-X"][:2] == ("Method", "used")
    assert got["DeepSeek-R1-Distill-Llama"][2] == {"DeepSeek-R1-Distill-Llama-8B"}
    assert not {"Qwen2.5", "RT-2", "DeepSeek-R1"} & set(got)  # not the listed models whose names they start with


def test_an_unlisted_model_with_a_parameter_count_is_a_method(nlp):
    got = _entities(nlp, "Small Talkers", "We distil the teacher into Zephyrine-1.3B and Korvus-13B-Chat students.")
    assert got["Zephyrine"] == ("Method", "used", {"Zephyrine-1.3B"})
    assert got["Korvus"] == ("Method", "used", {"Korvus-13B-Chat"})


def test_a_parameter_count_beside_a_dataset_word_is_data_not_a_model(nlp):
    got = _entities(nlp, "Pretraining Images", "We pretrain on the Florella-2B dataset of image-text pairs.")
    assert got.get("Florella", ("Dataset",))[0] != "Method" and got.get("Florella-2B", ("Dataset",))[0] != "Method"


def test_a_suffix_that_is_not_a_checkpoint_keeps_its_own_name(nlp):
    got = _entities(nlp, "Adam-v2: Better Steps", "We propose Adam-v2, which improves on Adam, and train a CLIP-based "
                    "ranker.")
    assert got["Adam-v2"][:2] == ("Method", "proposed") and got["Adam"][:2] == ("Method", "used")
    assert "CLIP" in got and "CLIP-based" not in got


@pytest.mark.parametrize(("name", "family"), [
    ("Pythia-2.8B", "Pythia"), ("LongChat-7B-v1.5-32k", "LongChat"), ("Gemma-2-9B-it", "Gemma-2"),
    ("StyleGAN-XL", "StyleGAN-XL"), ("Adam-v2", "Adam-v2"), ("ResNet-50", "ResNet-50"),
])
def test_the_family_of_a_checkpoint_name(name, family):
    assert checkpoint_family(name) == family
