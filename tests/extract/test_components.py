"""kg's spaCy components: what lands on the Doc, which names are found, and in which role."""

from __future__ import annotations

import spacy

from kg.extract.gazetteer import load_gazetteer
from kg.extract.pipeline import build_nlp, extract
from tests.extract.support import types_and_roles as entities


def test_components_can_be_added_to_a_users_own_blank_pipeline():
    import kg.extract.components  # noqa: F401  registers the factories

    nlp = spacy.blank("en")
    for name in ("kg_gazetteer", "kg_rules", "kg_resolver"):
        nlp.add_pipe(name)
    doc = nlp("Fast Nets\nWe fine-tune ResNet-50 on ImageNet-1K and COCO.")
    labelled = {(span.text, span.label_, span.kb_id_) for span in doc.spans["kg"]}
    assert {("ResNet-50", "Method", "method:resnet-50"), ("COCO", "Dataset", "dataset:coco")} <= labelled
    assert [e.text for e in doc.ents] == ["ResNet-50", "ImageNet-1K", "COCO"]


def test_gazetteer_ships_thousands_of_entries_compiled_with_the_tokenizer():
    gazetteer = load_gazetteer(use_cache=False)
    counts = {t: len(gazetteer.by_type(t)) for t in ("Dataset", "Method", "Task")}
    assert counts["Dataset"] >= 2000 and counts["Method"] >= 2000 and counts["Task"] >= 300
    tokenizer = spacy.blank("en").tokenizer
    patterns = gazetteer.patterns["LOWER"]["dataset:something-something-v2"]
    assert [t.text for t in tokenizer("Something-Something V2")] in patterns


def test_the_lists_are_read_once_and_before_the_first_paper():
    """Forked workers share what the parent read; a list read again per worker or per call costs
    a tenth of a second each time (the daily build of a few hundred papers takes about a second)."""
    from kg.extract import tasks

    assert load_gazetteer() is load_gazetteer(use_cache=True)
    tasks._lexicon.cache_clear()
    build_nlp(compact=True)
    assert tasks._lexicon.cache_info().currsize == 1


def test_acronym_definition_gives_the_name_and_keeps_the_long_form(nlp):
    found = entities(nlp, "Sparse Routing for Vision", "We propose a Sparse Token Routing network (STRNet) for vision. STRNet is fast.")
    assert found["STRNet"] == ("Method", "proposed")


def test_title_prefix_and_proposal_cues_mark_the_papers_own_method(nlp):
    assert entities(nlp, "GraphMixer: Simple Mixing for Graphs", "We study mixing.")["GraphMixer"] == ("Method", "proposed")
    found = entities(nlp, "A Study of Routing", "In this work we introduce FlowRouter, a router for tokens.")
    assert found["FlowRouter"] == ("Method", "proposed")
    found = entities(nlp, "A Study of Routing", "We build a simple baseline, dubbed RouteZero, that beats BERT.")
    assert found["RouteZero"] == ("Method", "proposed") and found["BERT"] == ("Method", "used")


def test_version_families_written_once_are_separate_datasets(nlp):
    found = entities(nlp, "Video Nets", "It reaches 80% top-1 on Kinetics-400/600 and on Something-Something V1/V2.")
    assert {"Kinetics-400", "Kinetics-600", "Something-Something V1", "Something-Something V2"} <= set(found)
    assert all(found[name][0] == "Dataset" for name in ("Kinetics-400", "Kinetics-600"))


def test_named_datasets_from_cues_and_lists(nlp):
    found = entities(nlp, "Retrieval Study", "We release the CityWalk-3K dataset and evaluate on ROxford, RParis and GLDv2.")
    assert found["CityWalk-3K"] == ("Dataset", "introduced")
    assert {"ROxford", "RParis", "GLDv2"} <= set(found)


def test_generic_families_are_never_methods(nlp):
    found = entities(nlp, "On Scaling", "Large language models (LLMs) and diffusion models use transformers and CNNs with attention.")
    assert not {"LLMs", "LLM", "diffusion models", "transformers", "CNNs", "attention"} & set(found)


def test_listed_names_merge_their_spellings(nlp):
    found = entities(nlp, "Detection Study", "We train on MS-COCO. Results on MS COCO improve.")
    assert found["COCO"] == ("Dataset", "used") and len([n for n in found if "COCO" in n]) == 1


def test_parallel_extraction_gives_the_same_links(nlp, seed_paths):
    from kg.ingest import ingest

    papers = ingest(seed_paths).papers[:60]
    compact = build_nlp(compact=True)
    one = [links for _, links in extract(papers, compact)]
    two = [links for _, links in extract(papers, compact, n_process=2, batch_size=16)]
    assert one == two
    assert one == [links for _, links in extract(papers, nlp)]


def test_extraction_leaves_no_reference_cycles(seed_paths):
    """kg build pauses the cycle collector while it extracts: that is safe only while extracting frees
    everything by reference counting, in one process and in the parent of several."""
    import gc

    from kg import collector
    from kg.ingest import ingest

    papers = ingest(seed_paths).papers[:120]
    compact = build_nlp(compact=True)
    gc.collect()
    with collector.paused():
        for n_process in (1, 2):
            assert sum(len(links) for _, links in extract(papers, compact, n_process=n_process, batch_size=16)) > 100
        assert gc.collect() == 0


def test_what_a_paper_evaluates_on_is_used_not_proposed(nlp):
    """Issue 13's sentence: the objects of "evaluate on" and "with" are not the proposal."""
    found = entities(nlp, "A Study", "We propose a new method and evaluate it on ImageNet and COCO with CLIP and "
                                     "ResNet-50 backbones.")
    assert found == {"ImageNet": ("Dataset", "used"), "COCO": ("Dataset", "used"),
                     "CLIP": ("Method", "used"), "ResNet-50": ("Method", "used")}
    assert entities(nlp, "A Study", "We propose FlowMix and train it with CLIP.")["FlowMix"] == ("Method", "proposed")


def test_organisations_file_formats_and_citation_keys_are_never_methods_or_datasets(nlp):
    found = entities(nlp, "A Study", "We propose OpenAI, a joke name, and compare with models from Meta and Google "
                                     "~\\cite{smith2021deep}. We present smith2021deep, exported as XML and JSON files "
                                     "tagged in IOB2, and evaluate on the Google Speech Commands dataset.")
    assert not {"OpenAI", "Meta", "Google", "smith2021deep", "XML", "JSON", "IOB2"} & set(found)
    assert found.get("Google Speech Commands", ("Dataset", "used"))[0] == "Dataset"


def test_a_listed_acronym_the_text_defines_otherwise_is_not_the_listed_entity(nlp):
    assert "Classifier-Free Guidance" not in entities(nlp, "A Parser", "We build a context-free grammar (CFG) parser for code.")
    found = entities(nlp, "A Sampler", "We train with classifier-free guidance (CFG) on ImageNet.")
    assert found["Classifier-Free Guidance"] == ("Method", "used")


def test_a_plain_word_list_hit_inside_a_longer_name_is_not_a_hit(nlp):
    found = entities(nlp, "A Study", "We report the Inception Score of an Actor-Critic agent trained with the Adam Optimizer, "
                                     "and compare with G-SimCLR, a variant of SimCLR.")
    assert "Inception" not in found and "Actor" not in found
    assert found["Adam"] == ("Method", "used") and found["SimCLR"] == ("Method", "used")
