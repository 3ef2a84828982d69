"""Roles: the paper's own methods and datasets against the ones it uses, each rule with a sentence written for it."""

from __future__ import annotations

from tests.extract.support import types_and_roles as roles


def test_the_issue_sentence_gives_used_datasets_and_methods_and_nothing_proposed(nlp):
    found = roles(nlp, "A Study", "We propose a new method and evaluate it on ImageNet and COCO with CLIP and ResNet-50 backbones.")
    assert found["ImageNet"] == ("Dataset", "used") and found["COCO"] == ("Dataset", "used")
    assert found["CLIP"] == ("Method", "used") and found["ResNet-50"] == ("Method", "used")
    assert not [name for name, (_, role) in found.items() if role in ("proposed", "introduced")]


def test_a_listed_dataset_the_paper_releases_is_introduced(nlp):
    found = roles(nlp, "Urban Sounds", "From these recordings we derive UrbanSound8K, a subset of short labelled clips.")
    assert found["UrbanSound8K"] == ("Dataset", "introduced")


def test_a_listed_method_that_is_the_title_prefix_or_the_whole_title_is_proposed(nlp):
    assert roles(nlp, "Adam: A Method for Stochastic Optimization", "It adapts step sizes.")["Adam"] == ("Method", "proposed")
    found = roles(nlp, "Histograms of Oriented Gradients for Human Detection", "Grids of HOG descriptors work well.")
    assert found["HOG"] == ("Method", "proposed")


def test_a_dataset_named_by_the_title_with_its_head_word_is_introduced(nlp):
    found = roles(nlp, "The PASCAL Visual Object Classes (VOC) Challenge", "Twenty classes of everyday objects.")
    assert found["Pascal VOC"] == ("Dataset", "introduced")
    assert roles(nlp, "MIMIC-III, a freely accessible critical care database", "Records of patients.")["MIMIC-III"][1] == "introduced"


def test_a_name_in_a_title_that_uses_it_stays_used(nlp):
    assert roles(nlp, "Passage Re-ranking with BERT", "We describe a simple re-implementation of BERT for ranking.")["BERT"] == ("Method", "used")


def test_a_method_the_proposal_is_based_on_stays_used(nlp):
    found = roles(nlp, "Faster Routing", "We propose RouteNet, a model based on BERT, and test it on SQuAD.")
    assert found["RouteNet"] == ("Method", "proposed") and found["BERT"] == ("Method", "used")


def test_a_base_name_inside_the_proposed_name_is_used(nlp):
    found = roles(nlp, "G-SimCLR: Guided Contrast", "We propose G-SimCLR, which guides SimCLR with pseudo labels.")
    assert found["G-SimCLR"] == ("Method", "proposed") and found["SimCLR"] == ("Method", "used")
    assert roles(nlp, "A Study", "We propose a CLIP-based retriever for maps.")["CLIP"] == ("Method", "used")


def test_our_module_is_part_of_the_papers_own_method(nlp):
    assert roles(nlp, "Better Fusion", "Our GloVe module replaces the embedding table.")["GloVe"] == ("Method", "proposed")
    assert roles(nlp, "Better Fusion", "Our method can speed up SiT training tenfold.")["SiT"] == ("Method", "used")


def test_an_acronym_defined_after_a_use_cue_is_used_even_in_a_proposal_sentence(nlp):
    found = roles(nlp, "Topic Maps", "We propose TopicMap, which outperforms latent Dirichlet allocation (LDA) on news.")
    assert found["TopicMap"] == ("Method", "proposed")
    assert found.get("LDA", ("Method", "used"))[1] == "used"
    found = roles(nlp, "Fusion Nets", "We propose FuseNet, a network with a gated fusion module (GFM) for depth.")
    assert found["GFM"] == ("Method", "proposed")


def test_the_resulting_algorithm_and_a_new_paradigm_name_the_papers_own(nlp):
    found = roles(nlp, "Fixing Critics", "The resulting algorithm, Twin Delayed DDPG (TD3), is built on top of DDPG.")
    assert found["TD3"] == ("Method", "proposed") and found["DDPG"] == ("Method", "used")
    found = roles(nlp, "Document Recognition", "A new learning paradigm, Graph Transformer Networks (GTN), trains modules globally.")
    assert found["GTN"] == ("Method", "proposed")


def test_namely_lists_other_peoples_methods(nlp):
    found = roles(nlp, "Aerial Objects", "We evaluate representative detectors, namely Faster R-CNN and YOLOv2.")
    assert found["Faster R-CNN"] == ("Method", "used") and found["YOLOv2"] == ("Method", "used")


def test_a_campaign_the_paper_takes_part_in_is_used_not_introduced(nlp):
    found = roles(nlp, "Tagging at a Campaign", "This paper describes our tagger in the Ninth Entity Tagging Conference (ETC-9).")
    assert found["ETC-9"] == ("Dataset", "used")


def test_data_the_paper_builds_from_is_used(nlp):
    found = roles(nlp, "Digits", "We assemble the Quill database from Oslo Special Database 2 and Oslo Special Database 4.")
    assert found["Oslo Special Database 2"] == ("Dataset", "used")


def test_things_a_proposal_of_several_names_one_by_one_are_the_papers_own(nlp):
    found = roles(nlp, "Better Taggers", "We present two sequence taggers that need no features. The first, BiLSTM-CRF, "
                  "stacks a CRF on recurrent states. The second, Transformer-XL, reads long contexts.")
    assert found["BiLSTM-CRF"] == ("Method", "proposed") and found["Transformer-XL"] == ("Method", "proposed")
    found = roles(nlp, "Long Documents", "We introduce two encoders for long documents: the Longformer model, which attends "
                  "locally, and the BigBird model, which adds random attention.")
    assert found["Longformer"] == ("Method", "proposed") and found["BigBird"] == ("Method", "proposed")


def test_things_named_one_by_one_after_something_else_stay_used(nlp):
    found = roles(nlp, "Strong Baselines", "We evaluate two baselines. The first, BERT, is strong. The second, RoBERTa, is stronger.")
    assert found["BERT"] == ("Method", "used") and found["RoBERTa"] == ("Method", "used")
    found = roles(nlp, "Dialog Nets", "We propose two dialog networks (DNs): the first uses LSTM for memory and the second "
                  "uses a modified Transformer.")
    assert found["LSTM"] == ("Method", "used")


def test_the_acronym_a_novel_thing_is_given_is_proposed(nlp):
    found = roles(nlp, "Pooling", "We study two poolings: the existing max pooling and a novel quadratic residual kernel (QRK), "
                  "which weighs neighbours.")
    assert found["QRK"] == ("Method", "proposed")


def test_a_dataset_the_paper_makes_available_is_introduced(nlp):
    found = roles(nlp, "Object Categories", "We collect 30,607 images which we make publicly available as the Caltech-256 dataset.")
    assert found["Caltech-256"] == ("Dataset", "introduced")
    found = roles(nlp, "Vessels", "The method is evaluated on two databases. The first, the STARE database, consists of 20 "
                  "images and is made publicly available with this paper; the second is DRIVE.")
    assert found["STARE"] == ("Dataset", "introduced") and found["DRIVE"] == ("Dataset", "used")


def test_names_set_off_after_new_benchmarks_are_introduced_but_not_a_list_of_sources(nlp):
    found = roles(nlp, "Link Prediction", "To evaluate, we build two new benchmarks, WN18RR, extracted from WordNet, and "
                  "FB15k-237, extracted from Freebase, on which our model wins.")
    assert found["WN18RR"] == ("Dataset", "introduced") and found["FB15k-237"] == ("Dataset", "introduced")
    assert found["WordNet"] == ("Dataset", "used")
    found = roles(nlp, "Mixing", "We build a new benchmark from ImageNet, COCO, and LVIS, and test ten detectors on it.")
    assert {found[name] for name in ("ImageNet", "COCO", "LVIS")} == {("Dataset", "used")}


def test_titles_that_name_the_papers_own_system_or_benchmark(nlp):
    assert roles(nlp, "Okapi at TREC-7", "We describe our runs with the Okapi system.")["Okapi"] == ("Method", "proposed")
    found = roles(nlp, "Introduction to the CoNLL-2000 Shared Task: Chunking", "The task divides text into chunks.")
    assert found["CoNLL-2000"] == ("Dataset", "introduced")
    found = roles(nlp, "Ready for Robots? The KITTI Vision Benchmark Suite", "We record stereo and flow sequences with a car.")
    assert found["KITTI"] == ("Dataset", "introduced")
    found = roles(nlp, "The Coastal Flood Mapping Benchmark (CFMB)", "Seventy teams mapped floods in radar scans.")
    assert found["CFMB"] == ("Dataset", "introduced")
    assert roles(nlp, "Transformers at Scale", "We train BERT on more data.")["BERT"] == ("Method", "used")


def test_a_title_prefix_the_abstract_describes_as_data_is_an_introduced_dataset(nlp):
    found = roles(nlp, "Grip-Net 2.0: Deep Learning to Plan Grasps", "We instead train from Grip-Net 2.0, a synthetic "
                  "dataset of 6.7 million point clouds.")
    assert found["Grip-Net 2.0"] == ("Dataset", "introduced")
    found = roles(nlp, "Kordo: A Core of Semantic Knowledge", "This paper presents Kordo, a large ontology of facts.")
    assert found["Kordo"] == ("Dataset", "introduced")


def test_a_title_prefix_with_a_version_is_a_name_however_ordinary_its_words(nlp):
    found = roles(nlp, "Grip-Net 2.0: Deep Learning to Plan Grasps", "We train a grasp network on simulated data.")
    assert found["Grip-Net 2.0"] == ("Method", "proposed")
    assert not roles(nlp, "Self-Attention: A Study", "We study attention.")


def test_our_copy_of_a_listed_model_stays_used_but_our_listed_part_is_our_own(nlp):
    found = roles(nlp, "Chest Films", "Our DenseNet-121 model, trained on 9,000 films, matches two readers.")
    assert found["DenseNet-121"] == ("Method", "used")
    assert roles(nlp, "Better Fusion", "Our GloVe module replaces the embedding table.")["GloVe"] == ("Method", "proposed")


def test_namely_after_a_use_names_other_peoples_methods_and_after_a_proposal_our_own(nlp):
    found = roles(nlp, "Small Tables", "On small tables, TabNet9 beats two tree ensembles, namely XGBoost and LightGBM.")
    assert found["XGBoost"] == ("Method", "used") and found["LightGBM"] == ("Method", "used")
    found = roles(nlp, "Two Parsers", "We propose two parsers, namely ArcSwift and SpanHop.")
    assert found["ArcSwift"] == ("Method", "proposed")


def test_a_method_a_proposal_beats_stays_used(nlp):
    found = roles(nlp, "Fast Vocabularies", "We introduce randomized k-d forests (RKF) and show that RKF beats the "
                  "hierarchical k-means (HKM) tree.")
    assert found["HKM"] == ("Method", "used")


def test_a_dataset_we_make_publicly_available_is_introduced(nlp):
    found = roles(nlp, "Reef Audio", "Experiments use the ReefSounds corpus. We also make ReefSounds publicly available.")
    assert found["ReefSounds"] == ("Dataset", "introduced")


def test_the_acronym_of_the_new_dataset_is_introduced(nlp):
    found = roles(nlp, "Shore Models", "It is trained on web text and the new Tide Pool Images (TPI) dataset of 9,000 photos.")
    assert found["TPI"] == ("Dataset", "introduced")


def test_an_imaging_modality_before_a_dataset_word_is_not_a_dataset(nlp):
    found = roles(nlp, "Hearts", "We test on the Cardiac Atlas Challenge (CAC) MRI dataset and on CT scans.")
    assert found["CAC"][0] == "Dataset"
    assert not {"MRI", "CT"} & set(found)


def test_the_model_we_obtain_and_a_family_we_train_are_the_papers_own(nlp):
    found = roles(nlp, "Linear Graphs", "The layers are merged. The model we obtain, Quick Graph Filter (QGF), is linear. "
                  "We then scale up with ProtoLM-3, a family of models that we train on protein sequences.")
    assert found["QGF"] == ("Method", "proposed")
    assert found["ProtoLM-3"] == ("Method", "proposed")


def test_a_part_taken_from_another_model_stays_used(nlp):
    found = roles(nlp, "Vocoders", "We propose WaveTide, whose gate is taken from the multi-band mixer (MBM) of Vocos.")
    assert found["WaveTide"] == ("Method", "proposed")
    assert found["MBM"] == ("Method", "used")


def test_the_name_set_off_after_our_model_is_the_papers_own(nlp):
    found = roles(nlp, "Translation", "On German news, our model, TransDraft, clearly beats the phrase-based baseline.")
    assert found["TransDraft"] == ("Method", "proposed")


def test_resources_such_as_a_name_are_not_methods(nlp):
    found = roles(nlp, "Reading", "It is larger than earlier resources such as QuizBank7 and the RACEr corpus.")
    assert found.get("QuizBank7", ("Dataset",))[0] != "Method"


def test_the_name_set_off_after_the_proposed_or_final_model_is_the_papers_own(nlp):
    found = roles(nlp, "Predicting Clicks", "The proposed model, ClickMixer, joins factorization machines (FM) with "
                  "deep layers. We compare ClickMixer with FM.")
    assert found["ClickMixer"] == ("Method", "proposed") and found["Factorization Machines"] == ("Method", "used")
    found = roles(nlp, "Scaling Generators", "We train StyleGAN3 on ImageNet. The final model, GlowGAN-9, is larger.")
    assert found["GlowGAN-9"] == ("Method", "proposed") and found["StyleGAN3"] == ("Method", "used")


def test_a_variant_of_the_papers_own_method_is_its_own(nlp):
    found = roles(nlp, "TipCache: Training-free Adaption of CLIP", "TipCache matches CLIP-Adapter without "
                  "training. Its variants, including TipCache-F and TipCache++, fine-tune the keys.")
    assert found["TipCache"] == ("Method", "proposed") and found["TipCache-F"] == ("Method", "proposed")
    assert found["TipCache++"] == ("Method", "proposed")
    assert found["CLIP-Adapter"] == ("Method", "used")


def test_datasets_the_titles_method_is_scaled_to_do_not_make_it_a_dataset(nlp):
    found = roles(nlp, "GlowNetX: Scaling Flows to Large Diverse Datasets", "GlowNetX trains on ImageNet.")
    assert found["GlowNetX"] == ("Method", "proposed")



def test_variants_with_a_letter_two_parts_or_a_word_before_the_name_are_the_papers_own(nlp):
    found = roles(nlp, "Stitcher: Code Models from Open Snippets", "We train Stitcher on open snippets. "
                  "StitcherX-CL-7B, fine-tuned from CodeLlama-7B, beats StarCoder.")
    assert found["Stitcher"] == ("Method", "proposed") and found["StitcherX-CL"] == ("Method", "proposed")
    assert found["StarCoder"] == ("Method", "used")
    found = roles(nlp, "RoPEx: Longer Contexts for Free", "RoPEx stretches rotary embeddings; an inference-time "
                  "variant, Adaptive-RoPEx, needs no tuning. We compare with vq-RoPEx and ALiBi.")
    assert found["Adaptive-RoPEx"] == ("Method", "proposed")
    assert found["vq-RoPEx"] == ("Method", "used") and found["ALiBi"] == ("Method", "used")


def test_what_a_paper_releases_as_a_name_is_its_own_and_what_it_beats_is_not(nlp):
    found = roles(nlp, "Open Tools for Agents", "We scale agent models. The largest, released as TraceLM-70B, beats "
                  "GPT-4.")
    assert found["TraceLM"] == ("Method", "proposed") and found["GPT-4"] == ("Method", "used")


def test_the_name_before_a_new_method_word_is_the_papers_own(nlp):
    found = roles(nlp, "Faster Distributed Agents", "Stale actors make learning off-policy. We handle the gap with "
                  "V-trace, a new off-policy correction method, and compare it with A3C.")
    assert found["V-trace"] == ("Method", "proposed") and found["A3C"] == ("Method", "used")


def test_the_thing_set_off_after_an_extension_of_a_method_is_the_papers_own(nlp):
    found = roles(nlp, "Descriptors Compared", "We evaluate ten descriptors. We also propose an extension of SIFT, "
                  "the polar gradient histogram (PGH), which is more distinctive.")
    assert found["PGH"] == ("Method", "proposed") and found["SIFT"] == ("Method", "used")


def test_a_name_ending_in_a_digit_and_a_capital_is_found_before_a_full_stop(nlp):
    assert roles(nlp, "Agents at Scale", "Our learner is compared with A3C.")["A3C"] == ("Method", "used")
    assert [t.text for t in nlp.tokenizer("We tune Mistral 7B. See Fig. 3A.")][2:] == \
        ["Mistral", "7B", ".", "See", "Fig", ".", "3A", "."]


def test_a_definition_before_what_we_name_stays_used_but_one_we_say_we_introduce_is_ours(nlp):
    found = roles(nlp, "One Framework for Graphs", "Several models, including spectral filters, gated graph networks "
                  "(GGNet), and relation networks, are special cases of one scheme, which we call Graph Relay Networks (GRN).")
    assert found["GGNet"] == ("Method", "used") and found["GRN"] == ("Method", "proposed")
    found = roles(nlp, "Faster Vocabularies", "Clustering is made cheap by randomized tree k-means (RTKM), which we "
                  "introduce for large vocabularies.")
    assert found["RTKM"] == ("Method", "proposed")
    found = roles(nlp, "Speech Tokens", "Encouraged by masked frame modeling (MFM) in vision, we propose SpeechMix "
                  "that applies MFM to speech.")
    assert found["MFM"] == ("Method", "used") and found["SpeechMix"] == ("Method", "proposed")


def test_a_variant_or_a_resulting_model_set_off_by_name_is_the_papers_own(nlp):
    found = roles(nlp, "A Pairwise Loss for Image-Text Models", "We propose a pairwise loss for image-text training. "
                  "A multilingual variant, mPairLIP, trained on 90 languages, beats CLIP.")
    assert found["mPairLIP"] == ("Method", "proposed") and found["CLIP"] == ("Method", "used")
    found = roles(nlp, "Neighbours and Factors", "We add implicit feedback to the factor model, giving a symmetric "
                  "model, Sym-MF, that is faster than SVD++.")
    assert found["Sym-MF"] == ("Method", "proposed") and found["SVD++"] == ("Method", "used")


def test_a_name_that_says_what_the_new_thing_is_like_stays_used(nlp):
    found = roles(nlp, "Waveform Separation", "We propose Wavix, a U-Net style encoder-decoder with a recurrent core.")
    assert found["Wavix"] == ("Method", "proposed") and found["U-Net"] == ("Method", "used")


def test_what_our_steps_obtain_is_ours_and_a_part_taken_from_another_model_is_not(nlp):
    found = roles(nlp, "Fixing Issues", "We gather 9,000 issue-patch pairs and fine-tune StarCoder on them to obtain "
                  "FixCoder-7B. Earlier work tuned Llama 2 to produce Vicuna-13B.")
    assert found["FixCoder"] == ("Method", "proposed")
    assert found["StarCoder"] == ("Method", "used") and found["Vicuna"] == ("Method", "used")
    found = roles(nlp, "Faster Vocoders", "We introduce a multi-band discriminator (MBD), and use it with the "
                  "multi-scale critic (MSC) taken from WaveNet.")
    assert found["MBD"] == ("Method", "proposed") and found["MSC"] == ("Method", "used")
