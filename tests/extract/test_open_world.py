"""Names no list holds: each rule with a sentence written for it (none from the development sets)."""

from __future__ import annotations

from kg.extract.pipeline import extract
from kg.model import Paper
from tests.extract.support import types_and_roles as found


def test_an_acronym_whose_long_form_is_a_metric_or_task_is_never_a_method(nlp):
    got = found(nlp, "Forecasting Loads", "We propose LoadCast, which lowers the mean squared error (MSE) and "
                "the area under the curve (AUC) of referring image segmentation (RIS) baselines.")
    assert got["LoadCast"] == ("Method", "proposed")
    assert not {"MSE", "AUC", "RIS"} & set(got)


def test_a_network_for_a_task_keeps_its_acronym_as_a_method(nlp):
    got = found(nlp, "Linking Entities", "We propose a Dual Attention network for Visual Entity Linking (DA4EL).")
    assert got["DA4EL"] == ("Method", "proposed")


def test_an_evaluation_campaign_defined_by_its_acronym_is_a_dataset(nlp):
    got = found(nlp, "Finding Names", "The tagger is scored on the Seventh Message Understanding Conference (MUC-7).")
    assert got["MUC-7"][0] == "Dataset"


def test_acronyms_defined_among_compared_methods_are_used_methods(nlp):
    got = found(nlp, "Policy Search", "Our search beats the cross-entropy method (CEM) and "
                "covariance matrix adaptation (CMA) on every task.")
    assert got["Cross-Entropy Method"] == ("Method", "used") and got["CMA"] == ("Method", "used")


def test_a_list_after_a_method_word_lists_methods_not_datasets(nlp):
    got = found(nlp, "Ranking Items", "Experiments show RankLite outperforms strong methods such as iALS and NeuRec.")
    assert got["iALS"] == ("Method", "used") and got["NeuRec"] == ("Method", "used")


def test_a_list_after_a_dataset_word_lists_datasets(nlp):
    got = found(nlp, "Forecasting", "We evaluate it on three well-known datasets, Q7, Q9 and HARBOR, from retail.")
    assert {got[n][0] for n in ("Q7", "Q9", "HARBOR")} == {"Dataset"}


def test_a_list_goes_on_past_an_item_the_text_defines(nlp):
    got = found(nlp, "Graph Embeddings", "It outperforms approaches such as RESCAL, Tensor Factors (TF), SME and LFM.")
    assert {"RESCAL", "SME", "LFM"} <= set(got) and got["SME"] == ("Method", "used")


def test_a_proper_name_before_a_method_word_is_a_method(nlp):
    got = found(nlp, "Vocoders", "The audio is rebuilt with the Lanczos-Moore algorithm, scored by a PLDAX classifier, "
                "and compared with Harlow's method.")
    assert got["Lanczos-Moore algorithm"] == ("Method", "used")
    assert got["PLDAX"] == ("Method", "used") and got["Harlow's method"] == ("Method", "used")


def test_everyday_and_eponymous_adjectives_before_a_method_word_are_not_names(nlp):
    got = found(nlp, "Priors", "We fit a Bayesian model and a Gaussian model, then a CLIP-like model and a Simple model.")
    assert not {"Bayesian", "Gaussian", "CLIP-like", "Simple", "Bayesian model"} & set(got)


def test_a_campaign_acronym_before_evaluation_or_a_year_and_corpus_is_a_dataset(nlp):
    got = found(nlp, "Events", "Results on the Automatic Event Tagging (AET) 2007 corpus and the first Entity Naming Task "
                "(ENT-2) evaluation.")
    assert got["AET"][0] == "Dataset" and got["ENT-2"][0] == "Dataset"


def test_a_title_case_dataset_name_holding_its_head_word_is_a_dataset(nlp):
    got = found(nlp, "Skin Lesions", "Images come from the Oslo Dermatology Archive and the Bergen Lesion Library.")
    assert got["Oslo Dermatology Archive"][0] == "Dataset" and got["Bergen Lesion Library"][0] == "Dataset"


def test_a_title_that_benchmarks_or_measures_names_a_dataset(nlp):
    got = found(nlp, "DeskArena: Benchmarking Multimodal Agents on Real Desktops", "DeskArena offers 300 desktop tasks.")
    assert got["DeskArena"] == ("Dataset", "introduced")
    got = found(nlp, "QuizLens: Measuring What Language Models Know", "QuizLens asks 9,000 questions.")
    assert got["QuizLens"] == ("Dataset", "introduced")
    assert found(nlp, "FlowNet9: Learning Optical Flow", "FlowNet9 is a network.")["FlowNet9"] == ("Method", "proposed")


def test_a_rare_single_word_title_prefix_is_the_papers_own_and_a_count_of_items_makes_it_a_dataset(nlp):
    assert found(nlp, "Quillon: a Fast Name-finder", "It tags names.")["Quillon"] == ("Method", "proposed")
    assert found(nlp, "Quizzly: 50,000 Questions for Reading", "Crowd workers wrote them.")["Quizzly"] == ("Dataset", "introduced")
    assert "Harmony" not in found(nlp, "Harmony: A Simple Way to Regularise", "Units are dropped.")  # an everyday word


def test_acronym_first_definitions_give_one_entity_with_both_forms(nlp):
    ((_, links),) = list(extract([Paper(id="paper:o", title="Aligning", abstract=(
        "We propose REPAL (REPresentation ALignment), a regularizer for generators."))], nlp))
    (link,) = [l for l in links if l.entity.name == "REPAL"]
    assert link.role == "proposed" and "REPresentation ALignment" in link.attributes["aliases"]


def test_a_definition_after_a_citation_or_for_short_is_still_a_definition(nlp):
    got = found(nlp, "Policies", "It beats the proximal update method [12] (PUM) and Trust Gradient Search (or TGS for short).")
    assert got["PUM"] == ("Method", "used") and got["TGS"] == ("Method", "used")


def test_words_a_calling_cue_names_are_a_name_even_when_they_look_ordinary(nlp):
    got = found(nlp, "Detection", "We train with a formalism we call latent SVM. A regulariser, dubbed shakeout, helps.")
    assert got["latent SVM"] == ("Method", "proposed") and got["shakeout"] == ("Method", "proposed")
    assert not found(nlp, "Detection", "This was called for by practitioners.")


def test_a_listed_acronym_read_as_a_score_is_not_the_listed_method(nlp):
    assert "Listen, Attend and Spell" not in found(nlp, "Parsing", "Our parser reaches 93.1 LAS and 95.0 UAS on PTB.")
    assert "Listen, Attend and Spell" in found(nlp, "Speech", "We fine-tune LAS on read speech.")


def test_a_url_owner_an_organisation_or_a_file_format_is_never_a_name(nlp):
    got = found(nlp, "Code", "We thank OpenAI and Meta; data are in XML. Code: https://github.com/openai/CLIP.")
    assert [t for t, _ in got.values()] == ["Repository"]


def test_a_plus_suffix_is_another_entity_not_the_base(nlp):
    got = found(nlp, "Grounding", "We evaluate on RefCOCO and RefCOCO+ with DeepLabv3+ features.")
    assert {"RefCOCO", "RefCOCO+"} <= set(got)


def test_a_long_form_does_not_run_across_a_clause():
    from kg.extract.rules import find_long_form

    assert find_long_form("RNNencdec", "our model, RNNsearch, clearly outperforms the basic encoder-decoder") is None
    assert find_long_form("UAR", "we propose Unify, Align and then Refine") == "Unify, Align and then Refine"
    assert find_long_form("ARO", "the Attribution, Relation, and Order") == "Attribution, Relation, and Order"


def test_a_proper_name_a_few_words_before_its_method_word_is_a_method(nlp):
    from tests.extract.support import types_and_roles

    found = types_and_roles(nlp, "Speaker Embeddings", "Recipes are included in the Vardi speech recognition toolkit, "
                            "and training runs on the TensorGrid distributed framework.")
    assert found["Vardi"] == ("Method", "used") and found["TensorGrid"] == ("Method", "used")
    assert "English" not in types_and_roles(nlp, "Speech", "We test the English speech recognition system on calls.")


def test_names_right_after_a_plural_method_word_or_a_comparison_are_methods(nlp):
    from tests.extract.support import types_and_roles

    found = types_and_roles(nlp, "Ranking", "The earlier functions QX15 and QX11 are special cases. We compare ZoomFM "
                            "with logistic regression (LR), HNN and KPNN on two datasets.")
    assert {name: found.get(name) for name in ("QX15", "QX11", "HNN", "KPNN")} == dict.fromkeys(("QX15", "QX11", "HNN", "KPNN"), ("Method", "used"))
    found = types_and_roles(nlp, "Kernels", "Like most kernel methods, KDMs scale cubically. We propose two methods, "
                            "CAM-based and split, that work.")
    assert "KDMs" not in found and "CAM-based" not in found


def test_a_proper_name_with_a_word_of_what_the_data_is_before_a_dataset_word_is_a_dataset(nlp):
    from tests.extract.support import types_and_roles

    found = types_and_roles(nlp, "Driving", "Agents learn in the TRAXS racing simulator and faces are found in the "
                            "MIT+CMU frontal face test set.")
    assert found["TRAXS"] == ("Dataset", "used") and found["MIT+CMU"] == ("Dataset", "used")
    found = types_and_roles(nlp, "Tracking", "We report results on the Zorblat tracking benchmark.")
    assert "Zorblat" not in found  # a task word: the benchmark is for tracking, its name may be longer


def test_coined_names_listed_after_a_known_dataset_are_datasets_but_not_scores(nlp):
    from tests.extract.support import types_and_roles

    found = types_and_roles(nlp, "Federated", "We test on MNIST, FEMNIST, Tweet140 and Shakespeare.")
    assert found["Tweet140"] == ("Dataset", "used") and "Shakespeare" not in found
    found = types_and_roles(nlp, "Tracking", "We reach 88.9% on TrackingNet and EAO of 0.555 on VOT2020.")
    assert "EAO" not in found


def test_an_apposition_that_says_toolkit_or_corpus_types_the_name_over_a_list(nlp):
    # Falcon is listed as a language model; Moses in title case is the listed SMT toolkit (MOSES, the molecule
    # benchmark, is written in capitals).
    got = found(nlp, "Open Tools", "We describe Moses, a free toolkit for aligning bilingual text. "
                "We also release Falcon, a new corpus of 2,000 annotated bird calls.")
    assert got["Moses toolkit"] == ("Method", "proposed")
    assert got["Falcon"] == ("Dataset", "introduced")


def test_the_design_of_a_name_its_apposition_calls_a_toolkit_is_the_papers_own(nlp):
    got = found(nlp, "Keyword Spotting", "We present the design of Briskit, a small, portable toolkit for keyword spotting. "
                "We describe the architecture of Lyon, a city of bridges.")
    assert got["Briskit"] == ("Method", "proposed")
    assert "Lyon" not in got


def test_an_acronym_set_off_as_a_new_dataset_is_an_introduced_dataset(nlp):
    got = found(nlp, "Faces", "Finally, we introduce Wide Street Portraits (WSP), a new dataset of 40,000 faces, "
                "and Quiet Hall Acoustics (QHA), an open benchmark of 900 rooms.")
    assert got["WSP"] == ("Dataset", "introduced") and got["QHA"] == ("Dataset", "introduced")


def test_definitions_joined_before_a_plural_head_share_its_type_and_results_on_them_are_use(nlp):
    got = found(nlp, "Recipes", "We present training recipes and results on the Broadcast Meeting (BM) and "
                "Call Centre Speech (CCS) corpora.")
    assert got["BM"] == ("Dataset", "used") and got["CCS"] == ("Dataset", "used")
    assert "Broadcast Meeting" not in got and "Call Centre Speech" not in got  # each long form is its acronym's entity


def test_a_plural_head_right_after_one_acronym_is_not_its_type(nlp):
    got = found(nlp, "Search", "Retrieval uses fast maximum inner product search (MIPS) algorithms over the index.")
    assert "MIPS" not in got


def test_a_listed_dataset_spelled_in_another_case_counts_beside_listed_ones(nlp):
    got = found(nlp, "Citation Graphs", "We train on MNIST, Pubmed and Tolstoy.")
    assert got["PubMed"] == ("Dataset", "used")
    assert "Tolstoy" not in got  # a word in title case the lists do not know


def test_a_counterpart_of_a_defined_dataset_leaves_that_dataset_used(nlp):
    got = found(nlp, "Satellites", "We construct OrbitSet, a radar counterpart of the Global Crop Survey (GCS) dataset.")
    assert got["GCS"] == ("Dataset", "used")


def test_a_list_of_names_takes_words_in_title_case_beside_coined_ones(nlp):
    got = found(nlp, "Dynamic Graphs", "Prior systems, including Tamsin, GraphOdd and TNetX, are special cases of it. "
                "It beats baselines such as Paris and London. It is built on Med-PaLM and Movie Gen. "
                "It reuses backbones. Specifically, TNetX is kept.")
    assert got["Tamsin"] == ("Method", "used") and got["GraphOdd"] == ("Method", "used")
    assert not {"Paris", "London", "Movie", "Specifically"} & set(got)


def test_gains_over_comparable_to_and_built_with_name_used_methods(nlp):
    got = found(nlp, "Forecasting", "TideNet shows gains over DeepQR, ConvTrx and other baselines; its samples are "
                "comparable to FlowGANv2, and its error rates match systems built with SpeechKit9.")
    assert {got[n] for n in ("DeepQR", "ConvTrx", "FlowGANv2", "SpeechKit9")} == {("Method", "used")}


def test_a_name_before_agent_is_a_method(nlp):
    assert found(nlp, "Control", "It needs fewer steps than the model-free QRDx agent.")["QRDx"] == ("Method", "used")


def test_an_enumeration_of_the_benchmarks_a_clause_named_lists_no_methods(nlp):
    got = found(nlp, "Forecasting", "It leads on benchmarks that span energy and weather, namely Kestrel, QRX9 and "
                "Plover. On three benchmarks it beats baselines such as FooNet9 and BarNetX.")
    assert all(got.get(n, ("Dataset",))[0] != "Method" for n in ("Kestrel", "QRX9", "Plover"))
    assert got["FooNet9"] == ("Method", "used") and got["BarNetX"] == ("Method", "used")


def test_wikipedia_as_a_source_of_text_is_a_dataset(nlp):
    got = found(nlp, "Pretraining", "We pretrain the encoder on Wikipedia and BookCorpus, then probe it.")
    assert got["Wikipedia"] == ("Dataset", "used") and got["BookCorpus"] == ("Dataset", "used")


def test_a_list_of_names_goes_on_past_a_name_of_several_words(nlp):
    got = found(nlp, "Ranking Pages", "We rerun rankers, including Ranking SVM, PairRankX, LambdaQ and TopRankNet, "
                "and tools such as Stanford CoreNLP, TokaFlow and Quill for parsing.")
    assert {got[n] for n in ("PairRankX", "LambdaQ", "TopRankNet", "TokaFlow", "Quill")} == {("Method", "used")}
    assert "Stanford" not in got and "Ranking" not in got


def test_names_right_after_a_plural_dataset_word_are_datasets(nlp):
    got = found(nlp, "Ranking Pages", "The crawl is cut into the datasets QX2001, QX2002 and WebPairs9.")
    assert {got[n] for n in ("QX2001", "QX2002", "WebPairs9")} == {("Dataset", "used")}


def test_a_word_no_dictionary_holds_in_a_list_of_datasets_is_a_dataset(nlp):
    got = found(nlp, "Finding Outliers", "Experiments on data including KDD CUP 99, Thyroidix, Shuttle and Quorvelle, "
                "and on Cora, Citeseer and Pubmed, show gains.")
    assert got["Thyroidix"] == ("Dataset", "used") and got["Quorvelle"] == ("Dataset", "used")
    assert got["PubMed"] == ("Dataset", "used") and "Shuttle" not in got  # an everyday word: only if listed


def test_a_word_that_begins_a_longer_name_in_a_list_of_datasets_is_not_one(nlp):
    got = found(nlp, "Talking", "It mixes ConvAI2, Wizard of Wikipedia and Valorian Dialogues.")
    assert "Valorian" not in got


def test_against_lists_the_methods_compared(nlp):
    got = found(nlp, "Tagging Words", "We evaluate it against TagPipe and against spaCy and Flair for tagging.")
    assert {got[n] for n in ("TagPipe", "spaCy", "Flair")} == {("Method", "used")}


def test_a_method_spelled_unlike_a_listed_dataset_is_not_that_dataset(nlp):
    got = found(nlp, "Ranking Pages", "We compare learners, including RankBoost, FRank and AdaRank.")
    assert got["FRank"] == ("Method", "used")


def test_an_everyday_word_as_the_titles_name_is_a_name_when_the_abstract_capitalises_it(nlp):
    got = found(nlp, "Lantern: A Toolkit for Parsing Many Languages", "Parsers lag behind. We built Lantern to fix "
                "that, and Lantern runs on 60 languages.")
    assert got["Lantern"] == ("Method", "proposed")
    assert "Harbour" not in found(nlp, "Harbour: Notes on Parsing", "Harbour is a word here. Parsers lag behind.")


def test_a_verb_before_a_name_in_the_title_is_not_part_of_the_name(nlp):
    got = found(nlp, "Revisiting QuanNet: Better Training Recipes", "We retrain QuanNet with longer schedules.")
    assert "Revisiting QuanNet" not in got and got.get("QuanNet", ("Method", "used"))[1] == "used"


def test_a_name_ending_in_bench_is_a_benchmark(nlp):
    got = found(nlp, "ToolQuestBench: Evaluating Language Models as Tool Users", "ToolQuestBench holds six "
                "environments. We test GPT-4 on it.")
    assert got["ToolQuestBench"] == ("Dataset", "introduced")


def test_a_plural_method_word_announces_a_list_of_names_in_title_case(nlp):
    got = found(nlp, "Matching Patches", "The compared detectors, namely Lindeberg-Hessian and Moravec-Corner, and the "
                "evaluated descriptors include DAISY and BRISK-Fast.")
    assert {got[n] for n in ("Lindeberg-Hessian", "Moravec-Corner", "DAISY", "BRISK-Fast")} == {("Method", "used")}


def test_a_list_that_data_includes_is_not_a_list_of_methods(nlp):
    got = found(nlp, "Tagging Speech", "We tag six corpora, which besides our own include PARLA-9, TIDE-W and Hansen.")
    assert not any(got.get(n, ("",))[0] == "Method" for n in ("PARLA-9", "TIDE-W", "Hansen"))


def test_a_name_set_off_after_a_method_word_is_a_method(nlp):
    got = found(nlp, "Fusing Views", "Stacking both encoders gives a fused model, QR-Fuse, that runs on phones, and "
                "a denoising autoencoder with the same loss, Den-QR, is a second baseline.")
    assert got["QR-Fuse"][0] == "Method" and got["Den-QR"][0] == "Method"


def test_a_criterion_defined_by_its_acronym_is_a_method_not_a_listed_namesake(nlp):
    got = found(nlp, "Training Recognisers", "We train the acoustic model with the minimum phone error (MPE) criterion "
                "and a new Minimum Frame Discrepancy (MFD) criterion.")
    mpe = got.get("MPE") or got["Minimum Phone Error"]  # the classic list has it by its long form
    assert mpe[0] == "Method" and got["MFD"] == ("Method", "proposed")
    assert "Multi-Agent Particle Environment" not in got


def test_datasets_the_paper_builds_named_in_a_list_are_introduced(nlp):
    got = found(nlp, "Judging Charts", "Half of the items are reused; the rest come from two datasets we collect "
                "ourselves, PlotQuiz and TableTalk, which cover charts and tables.")
    assert got["PlotQuiz"] == ("Dataset", "introduced") and got["TableTalk"] == ("Dataset", "introduced")


def test_a_name_given_to_a_described_set_of_data_is_a_dataset(nlp):
    got = found(nlp, "Learning Worlds", "We train on a curated set of 12,000 hours of cooking videos from the web, "
                "dubbed KitchenReel, and report video quality.")
    assert got["KitchenReel"] == ("Dataset", "introduced")


def test_the_x_dataset_is_data_whatever_the_lists_know_x_as(nlp):
    got = found(nlp, "Robot Videos", "We also pretrain on robot videos from the Voyager dataset, and on the Graz "
                "database, but not on the English corpus or the TTA benchmark.")
    assert got["Voyager"] == ("Dataset", "used") and got["Graz"] == ("Dataset", "used")
    assert "English" not in got and got.get("TTA", ("Task",))[0] == "Task"


def test_a_coined_name_a_score_is_reached_on_is_a_dataset(nlp):
    got = found(nlp, "Fixing Code", "Our agent resolves 12% of issues; on FixEvalPlus it reaches 80.1% pass@1.")
    assert got["FixEvalPlus"] == ("Dataset", "used")
    assert "Monday" not in found(nlp, "Fixing Code", "On Monday it reaches 80 users.")  # not a coined name


def test_a_name_before_several_words_of_what_the_data_is_is_a_dataset(nlp):
    got = found(nlp, "Series", "It learns from eight million series of the GEOSAT satellite image time series dataset.")
    assert got["GEOSAT"] == ("Dataset", "used")


def test_a_name_the_next_words_describe_as_software_or_a_method_is_a_method(nlp):
    got = found(nlp, "Genres", "All features are computed in SONARIX, a free software framework for audio analysis.")
    assert got["SONARIX"] == ("Method", "used")
    assert found(nlp, "Q Learning", "It is fitted with Zorbprop, a batch learning method.")["Zorbprop"] == ("Method", "used")
    got = found(nlp, "Small Nets", "We prune with Post-Training Sparsification, a simple recipe. Moreover, a model is small.")
    assert "Sparsification" not in got and "Moreover" not in got  # the end of a longer name; a sentence's first word


def test_a_coined_name_right_after_the_method_word_is_a_method(nlp):
    got = found(nlp, "Texts", "We compare it with the rule learner RULEX and the strong model ZenTaur, and with FLOPs "
                "counted as in the model FLOPs table.")
    assert got["RULEX"] == ("Method", "used") and got["ZenTaur"] == ("Method", "used")
    assert "FLOPs" not in got and "FLOP" not in got  # a unit of compute


def test_software_words_type_a_name_whatever_the_lists_know_it_as(nlp):
    got = found(nlp, "Summaries", "All systems are implemented inside the MEAD summarization framework and tested on "
                "DUC 2004.")
    assert got["MEAD"] == ("Method", "used") and got["DUC 2004"] == ("Dataset", "used")


def test_a_letter_and_a_number_beside_listed_datasets_is_a_dataset_and_a_number_format_is_nothing(nlp):
    got = found(nlp, "Quant", "Perplexity on WikiText2, PTB and C4 stays close to that of the FP16 model.")
    assert got["C4"] == ("Dataset", "used") and "FP16" not in got


def test_an_organisations_possessive_in_a_list_is_never_a_name(nlp):
    got = found(nlp, "Thinking Longer", "Reasoning models such as OpenAI's o1 and DeepSeek-R1 get better with time.")
    assert "OpenAI's" not in got and got["DeepSeek-R1"] == ("Method", "used")


def test_an_everyday_word_in_a_title_is_a_listed_name_only_if_the_abstract_names_it(nlp):
    got = found(nlp, "Fairness of Opportunity in Ranking", "We study equal treatment of groups in ranked lists.")
    assert "Opportunity" not in got  # a listed activity dataset, a word of this title
    got = found(nlp, "The Opportunity Dataset for Activity Recognition", "We record daily activities. Opportunity "
                "holds 72 sensors. Models trained on Opportunity reach 80% accuracy.")
    assert got["Opportunity"][0] == "Dataset"


def test_a_new_short_name_for_a_listed_long_form_is_the_listed_entity(nlp):
    got = found(nlp, "Tagging Names", "We use the Stack-LSTM (S-LSTM) tagger of earlier work. The S-LSTM is fast.")
    assert got["Stack-LSTM"] == ("Method", "used") and "S-LSTM" not in got


def test_moses_is_the_translation_toolkit_and_moses_in_capitals_the_molecule_benchmark(nlp):
    got = found(nlp, "Translation Gains", "Our system beats a phrase-based baseline built with Moses on WMT14.")
    assert got["Moses toolkit"] == ("Method", "used")
    got = found(nlp, "Molecule Generation", "We evaluate generative models on MOSES and GuacaMol.")
    assert got["MOSES"] == ("Dataset", "used") and "Moses toolkit" not in got


def test_a_name_given_with_named_after_a_comma_or_a_things_word_is_the_papers_own(nlp):
    got = found(nlp, "Shopping Lists", "We present a new framework, named Cartformer, which reads baskets as sentences. "
                "We also build a benchmark named as BasketBench, which holds 9,000 carts.")
    assert got["Cartformer"] == ("Method", "proposed") and got["BasketBench"] == ("Dataset", "introduced")
    got = found(nlp, "Reading Clinics", "The steps are tokenisation, named entity recognition and parsing.")
    assert {kind for kind, _ in got.values()} <= {"Task"}


def test_a_definition_someone_else_proposed_or_we_build_on_is_a_used_method(nlp):
    got = found(nlp, "Stable Embeddings", "Recently, researchers have proposed Backward Stable Updating (BSU), a rule for "
                "old galleries. We build on Forward Shift Correction (FSC) and outperform both.")
    assert got["BSU"] == ("Method", "used") and got["FSC"] == ("Method", "used")


def test_names_after_models_like_are_used_methods(nlp):
    got = found(nlp, "Sentence Vectors", "Our loss further improves data-augmented models like SimCSE, WordSwapCSE, and "
                "ParaCSE on similarity tasks, although I would like to note its cost.")
    assert got["WordSwapCSE"] == ("Method", "used") and got["ParaCSE"] == ("Method", "used")


def test_an_apposition_types_a_definition_whose_long_form_ends_like_a_task(nlp):
    got = found(nlp, "Disentangled Search", "We present Lexicon Guided Retrieval (LGR), a retrieval framework that "
                "uses words as proxies. We also study cross-lingual image retrieval (CIR), a hard task.")
    assert got["LGR"] == ("Method", "proposed") and "CIR" not in got


def test_a_definition_with_a_citation_after_it_is_a_published_method_and_a_theory_is_none(nlp):
    got = found(nlp, "Elastic Vectors", "Nested Dimension Learning (NDL) (Okafor et al., 2022) shortens embeddings. "
                "It could replace density functional theory (DFT) calculations, as many networks have been proposed.")
    assert got["NDL"] == ("Method", "used") and "DFT" not in got


def test_a_listed_long_form_decides_what_its_acronym_is(nlp):
    got = found(nlp, "Flat Minima", "The Sharpness Aware Minimization (SAM) optimizer generalises well. SAM is slow.")
    assert got["Sharpness-Aware Minimization"] == ("Method", "used") and "SAM" not in got  # not Segment Anything


def test_a_coined_name_after_a_version_family_of_a_listed_dataset_is_a_dataset(nlp):
    got = found(nlp, "Heads Matter", "We validate the claim on CIFAR-10/100, RiverBirds and shifted versions of ImageNet.")
    assert got["RiverBirds"] == ("Dataset", "used") and got["CIFAR-100"] == ("Dataset", "used")


def test_a_name_set_off_after_a_scheme_or_an_approach_is_a_method(nlp):
    got = found(nlp, "Decoding Text", "Lee et al. proposed a calibration scheme, IsoGen, which spreads the "
                "representations. We propose a decoding approach, TwinDec, that needs no training.")
    assert got["IsoGen"] == ("Method", "used") and got["TwinDec"] == ("Method", "proposed")


def test_a_two_word_title_prefix_is_a_name_when_a_proposal_says_it_again(nlp):
    got = found(nlp, "Mixed Teaching: Joining Two Teachers for Students", "We propose a simple Mixed Teaching "
                "strategy that uses two teachers.")
    assert got["Mixed Teaching"] == ("Method", "proposed")
    got = found(nlp, "Deep Learning: A Survey", "We review how Deep Learning changed vision.")
    assert "Deep Learning" not in got


def test_letters_defined_as_a_task_or_a_family_are_no_method_wherever_they_stand(nlp):
    got = found(nlp, "Summaries of Shapes", "We study sparse shape summarization (SSS) and build a novel SSS framework. "
                "We use Feedforward Neural Networks (FNNs); estimators based on FNNs converge.")
    assert not {"SSS", "FNNs", "FNN"} & set(got)
    got = found(nlp, "Click Models", "We compare our model with LR, FM and FNN.")
    assert got["FNN"] == ("Method", "used")  # a model of that name, where the text does not define the letters


def test_a_shared_part_is_no_shared_task_and_in_short_defines_an_acronym(nlp):
    got = found(nlp, "Probing Features", "We introduce a partially shared block to learn two gating factors (PSGF) for "
                'backbones. We also introduce a new method, called "gradient sparsity" (in short: GradSpar), for finding features.')
    assert got["PSGF"] == ("Method", "proposed") and got["GradSpar"] == ("Method", "proposed")


def test_we_term_such_a_thing_as_a_name_names_what_follows_as(nlp):
    got = found(nlp, "Growing Models", "Drawing an analogy to seeds, we term such module as seedcore. It grows models.")
    assert got["seedcore"] == ("Method", "proposed") and "such module" not in got


def test_a_coined_name_goes_on_over_title_case_words_to_its_method_word(nlp):
    got = found(nlp, "Conversion Rates", "We first introduce a FieldMix Group Attention module to enhance the features.")
    assert got["FieldMix Group Attention"] == ("Method", "proposed")


def test_a_coined_name_right_after_the_dataset_word_is_a_dataset(nlp):
    got = found(nlp, "Shortcut Cues", "Our studies use the synthetic dataset ShapeSprites and the face dataset FaceAges.")
    assert got["ShapeSprites"] == ("Dataset", "used") and got["FaceAges"] == ("Dataset", "used")


def test_a_list_opened_by_datasets_like_or_including_lists_datasets_even_a_listed_method(nlp):
    got = found(nlp, "Geo-Localisation", "It does well on cross-view datasets like CVUSA, Campus-1024 and VIGOR. "
                "Experiments on six datasets, including Duet Motion 11/26, H2O, Team Activity and Assembly101, agree.")
    assert got["Campus-1024"] == ("Dataset", "used")
    assert got["H2O"] == ("Dataset", "used") and got["Team Activity"] == ("Dataset", "used")  # H2O: a listed KV-cache method
    got = found(nlp, "Retrieval", "On retrieval benchmarks, LexAlign, trained on CC-12M, beats larger models. We introduce LexAlign.")
    assert got["LexAlign"] == ("Method", "proposed")


def test_an_acronym_for_an_extraction_task_names_no_dataset(nlp):
    got = found(nlp, "Invoices as Tools", "Invoice Field Extraction (IFE) is the problem of reading invoices. We present "
                "a framework for IFE that achieves state of the art results on both key and line tasks on IFE benchmarks.")
    assert "IFE" not in got


def test_a_title_that_opens_with_its_network_names_the_papers_method(nlp):
    got = found(nlp, "Polar Warp Transformer Network for Face Parsing", "Faces are hard to parse. We warp them first.")
    assert got["Polar Warp Transformer Network"] == ("Method", "proposed")
    got = found(nlp, "Distributionally Robust Neural Networks for Group Shifts", "We train robust networks.")
    assert "Distributionally Robust Neural Networks" not in got  # a family with modifiers


def test_a_work_named_in_apposition_or_proposed_by_a_gerund_is_the_papers_own(nlp):
    got = found(nlp, "Similarity in Subspaces", "Learning similarity is key. This work, Adaptive Subspace Mixers, proposes "
                "to mix learners. We address label noise by proposing a Noise-Robust Tuning method or NRT in this paper.")
    assert got["Adaptive Subspace Mixers"] == ("Method", "proposed") and got["NRT"] == ("Method", "proposed")


def test_a_method_named_like_the_papers_own_repository_is_proposed(nlp):
    got = found(nlp, "Robust Visual Features at Scale", "Self-supervised features can match supervised ones. DINOv2 "
                "trains a ViT on curated images and transfers to many tasks. Code: https://github.com/facebookresearch/dinov2.")
    assert got["DINOv2"] == ("Method", "proposed") and got["ViT"] == ("Method", "used")


def test_someone_elses_repository_or_a_newer_version_leaves_the_named_method_used(nlp):
    theirs = found(nlp, "Depth from Features", "We fine-tune DINOv2 on indoor scenes. Our code builds on the official "
                   "implementation of DINOv2 at https://github.com/facebookresearch/dinov2.")
    newer = found(nlp, "Bigger Features", "We scale DINOv2 further. The resulting DINOv2-G2 outperforms it on every task. "
                  "Code: https://github.com/lab/dinov2.")
    assert theirs["DINOv2"] == ("Method", "used")
    assert newer["DINOv2"] == ("Method", "used") and newer["DINOv2-G2"] == ("Method", "proposed")


def test_a_links_owner_is_no_name(nlp):
    got = found(nlp, "Scaling Studies", "We release all models and code at https://github.com/OpenVisionLab/scaling to "
                "help others.")
    assert "OpenVisionLab" not in got


def test_what_we_assemble_or_collect_is_an_introduced_dataset(nlp):
    got = found(nlp, "Features Without Labels", "For data, we assemble PIX-90M: starting from a pool of web images, a "
                "pipeline removes near duplicates. We also collect TinyScenes from indoor videos.")
    assert got["PIX-90M"] == ("Dataset", "introduced") and got["TinyScenes"] == ("Dataset", "introduced")


def test_names_listed_after_we_introduce_two_benchmarks_are_introduced(nlp):
    got = found(nlp, "Judging Assistants", "To measure agreement with people, we introduce two benchmarks: MT-bench, a set "
                "of hard multi-turn questions, and Chatbot Arena, a platform where users vote.")
    assert got["MT-Bench"] == ("Dataset", "introduced") and got["Chatbot Arena"] == ("Dataset", "introduced")


def test_data_our_steps_produce_or_a_subset_we_provide_is_introduced(nlp):
    produced = found(nlp, "Cleaner Web Text", "We score pages with a classifier and filter FineWeb, producing FineWeb-Edu, "
                     "1.3 trillion tokens of educational text.")
    subset = found(nlp, "Hard Questions", "Besides the main set we provide a larger extended version and a cleaner "
                   "GPQA Diamond subset on which experts agree.")
    assert produced["FineWeb-Edu"] == ("Dataset", "introduced") and produced["FineWeb"] == ("Dataset", "used")
    assert subset["GPQA Diamond"] == ("Dataset", "introduced")


def test_what_we_build_after_and_is_ours_but_what_we_build_on_is_not(nlp):
    ours = found(nlp, "Clinical Chat", "We train on public clinical notes and release MedTalk, which beats GPT-4 on them.")
    data = found(nlp, "Calling Tools", "We study tool calls at scale and build APIBench, a dataset of hub APIs.")
    theirs = found(nlp, "Depth Heads", "We take a frozen encoder and build on DINOv2, adding a depth head.")
    assert ours["MedTalk"] == ("Method", "proposed") and ours["GPT-4"] == ("Method", "used")
    assert data["APIBench"] == ("Dataset", "introduced") and theirs["DINOv2"] == ("Method", "used")


def test_code_included_in_a_toolkit_leaves_the_toolkit_used(nlp):
    got = found(nlp, "Speaker Embeddings", "We propose SpkVec embeddings for speaker recognition. Recipes are included in "
                "the Kaldi speech recognition toolkit, available at https://github.com/kaldi-asr/kaldi.")
    assert got["SpkVec"] == ("Method", "proposed") and got["Kaldi"] == ("Method", "used")


def test_a_name_that_starts_like_a_naming_verb_is_no_cue(nlp):
    got = found(nlp, "Passage Search", "Our retriever sets new results on Natural Questions and CuratedTREC, beating "
                "ORQA and REALM.")
    assert got["ORQA"] == ("Method", "used") and got["REALM"] == ("Method", "used")


def test_names_that_differ_by_a_greek_letter_are_two_entities(nlp):
    got = found(nlp, "Sharper Posters", "We fine-tune PixArt-Σ for posters and compare it with PixArt-α and SDXL.")
    assert got["PixArt-Σ"] == ("Method", "used") and got["PixArt-α"] == ("Method", "used")


def test_a_name_after_a_versioned_name_in_a_list_is_no_score(nlp):
    got = found(nlp, "Probing Models", "We probe GPT-2, BERT and T5, and then Llama-2, MPT and Falcon, on long inputs.")
    assert {"BERT", "MPT"} <= set(got)


def test_a_coined_name_in_a_list_of_listed_models_is_a_model(nlp):
    got = found(nlp, "Long Streams", "The cache lets Llama-2, ZorbLM, Falcon and Pythia read endless streams.")
    assert got["ZorbLM"] == ("Method", "used")


def test_a_listed_kind_after_the_new_name_is_used(nlp):
    got = found(nlp, "Code Search", "We present Hydrix, a BERT model for code, and train it on 2M functions.")
    assert got["Hydrix"] == ("Method", "proposed") and got["BERT"] == ("Method", "used")


def test_both_names_of_a_titles_pair_are_the_papers_own(nlp):
    got = found(nlp, "GorbLM and GorboSet: Models and Data for Chemistry",
                "GorboSet is a corpus of 2M reactions. Trained on GorboSet, GorbLM beats GPT-2 on yield prediction.")
    assert got["GorbLM"] == ("Method", "proposed") and got["GorboSet"] == ("Dataset", "introduced")


def test_what_scenes_or_captures_come_from_is_data_whatever_the_list_says(nlp):
    got = found(nlp, "Moving Splats", "Our renderer is evaluated on the dynamic scenes of D-NeRF and on captures from HyperNeRF.")
    assert got["D-NeRF"][0] == "Dataset" and got["HyperNeRF"][0] == "Dataset"


def test_results_on_a_list_at_a_sentences_start_list_datasets(nlp):
    got = found(nlp, "Fast Solvers", "It is fast. Results on Zarb7, QuolBench and MMLU agree.")
    assert got["Zarb7"] == ("Dataset", "used") and got["QuolBench"] == ("Dataset", "used")


def test_parts_of_the_papers_own_collection_are_introduced(nlp):
    got = found(nlp, "Open Captions", "Alongside the Quill models we release QuillSet, the collection of datasets behind "
                "them. Its core is QuillSet-Cap, a corpus of long spoken captions.")
    assert got["QuillSet"] == ("Dataset", "introduced") and got["QuillSet-Cap"] == ("Dataset", "introduced")


def test_an_acronym_set_off_as_a_stage_we_introduce_is_proposed(nlp):
    got = found(nlp, "Post-Training", "Finally, Reward Learning from Checkers (RLC), a stage we introduce, rewards only "
                "checked answers. We distil GPT-4 into a small model and obtain TinyTutor, which beats Llama-2.")
    assert got["RLC"] == ("Method", "proposed") and got["TinyTutor"] == ("Method", "proposed")


def test_a_part_of_a_corpus_and_a_language_pair_are_not_dataset_names(nlp):
    got = found(nlp, "Tagging", "Experiments on the Wall Street Journal part of the Penn Treebank and on the "
                "German-English Verbmobil task show gains. We compare with naive Bayes, the nearest-neighbour rule and RIPPER.")
    assert got["Penn Treebank"][0] == "Dataset" and got["Verbmobil"][0] == "Dataset"
    assert not {"Wall Street Journal", "German-English Verbmobil", "Bayes"} & set(got)


def test_a_title_for_benchmarking_names_data_and_a_listed_dataset_keeps_its_type(nlp):
    bench = found(nlp, "Zoobly: A World of Simulated Shops for Benchmarking Web Agents", "Agents act in Zoobly's shops.")
    listed = found(nlp, "COCO: Common Objects in Context", "We present a new collection of photos of everyday scenes.")
    assert bench["Zoobly"] == ("Dataset", "introduced") and listed["COCO"] == ("Dataset", "introduced")


def test_a_size_of_the_papers_own_model_is_its_own(nlp):
    got = found(nlp, "Gripper Policies", "We propose Zephra, a policy for robot arms. Two sizes are released, "
                "Zephra-Small and Zephra-Base, both beating RT-1.")
    assert got["Zephra-Small"] == ("Method", "proposed") and got["RT-1"] == ("Method", "used")


def test_names_listed_after_a_plural_method_word_and_a_comma_are_methods(nlp):
    got = found(nlp, "Judging Video", "Profiling three text-to-video models, VidZap, MoFlix and CogVideo, shows trade-offs.")
    assert got["VidZap"] == ("Method", "used") and got["MoFlix"] == ("Method", "used")


def test_a_listed_dataset_with_a_capitalised_word_joined_on_is_another_dataset(nlp):
    got = found(nlp, "Few Steps", "We distil the model on LAION-5B-Portraits and test on COCO.")
    assert got["LAION-5B-Portraits"] == ("Dataset", "used") and "LAION-5B" not in got


def test_what_we_implement_an_idea_as_is_the_papers_own(nlp):
    got = found(nlp, "Long Context", "Attention is split into groups. We implement this as grouped shift attention "
                "(GS-Attn): heads attend within groups. It beats LoRA.")
    assert got["GS-Attn"] == ("Method", "proposed") and got["LoRA"] == ("Method", "used")


def test_what_a_model_takes_its_structure_or_start_from_is_used(nlp):
    got = found(nlp, "Click Prediction", "Our classifier adopts the structure of QPNN and is initialised from ZimCo "
                "weights, using the invariance used by SlimGPT.")
    assert {got[n] for n in ("QPNN", "ZimCo", "SlimGPT")} == {("Method", "used")}


def test_names_joined_before_a_plural_dataset_word_are_datasets(nlp):
    got = found(nlp, "Probing", "We train probes on the Zorb7 and Quix9 datasets, and test on the HexA, ToloQA or Hoth corpora.")
    assert {got[n] for n in ("Zorb7", "Quix9", "HexA", "ToloQA", "Hoth")} == {("Dataset", "used")}
