"""Which tasks a paper addresses: one test per rule of kg.extract.tasks, each on a made-up paper."""

from __future__ import annotations

from kg.extract.tasks import MAX_TASKS, TaskMention, choose_tasks


def tasks(nlp, title: str, abstract: str) -> dict[str, dict]:
    """Task name -> its entity record, for one made-up paper."""
    doc = nlp(f"{title}\n{abstract}")
    return {e["name"]: e for e in doc.user_data["kg_entities"].values() if e["type"] == "Task"}


def test_task_in_the_title_with_its_modifiers_is_addressed_and_hedges_are_left_out(nlp):
    found = tasks(nlp, "Robust Crop Disease Recognition in Field Images",
                  "Crop disease recognition from field photographs is hard because of clutter. We propose a "
                  "lightweight network and report crop disease recognition accuracy on three benchmarks.")
    assert "crop disease recognition" in found
    assert found["crop disease recognition"]["role"] == "addressed"
    assert "robust crop disease recognition" not in found


def test_click_through_rate_written_with_its_acronym_is_the_listed_task(nlp):
    found = tasks(nlp, "GateNet: Gated Feature Interactions for Recommenders",
                  "Click-through rate (CTR) prediction ranks the ads a user sees. We propose gated feature "
                  "interactions and show that they improve CTR prediction on two public benchmarks.")
    assert "click-through rate prediction" in found
    texts = {m[3] for m in found["click-through rate prediction"]["mentions"]}
    assert "Click-through rate (CTR) prediction" in texts


def test_an_acronym_the_text_defines_otherwise_is_not_the_listed_task(nlp):
    found = tasks(nlp, "Fast Sound Generation from Captions",
                  "Text-to-audio synthesis (TTA) turns a caption into a sound clip. Our TTA model is ten times "
                  "faster than previous TTA systems while matching their quality in experiments.")
    assert "test-time adaptation" not in found
    assert "text-to-audio generation" in found


def test_heads_joined_by_and_share_their_modifiers(nlp):
    found = tasks(nlp, "Liver localization and segmentation in abdominal CT",
                  "Liver localization and segmentation are the first steps of surgical planning. We propose a "
                  "cascade for both and report liver localization and segmentation results in experiments.")
    assert {"liver localization", "liver segmentation"} <= set(found)
    spans = {name: {tuple(m[1:3]) for m in found[name]["mentions"]}
             for name in ("liver localization", "liver segmentation")}
    assert spans["liver localization"] & spans["liver segmentation"]  # "Liver localization and segmentation"


def test_a_task_said_with_its_verb_in_the_title_is_named_as_a_task(nlp):
    found = tasks(nlp, "Detecting Faces in Crowded Scenes",
                  "We present a cascade of boosted classifiers that finds small faces in crowded street scenes "
                  "and evaluate it on two public benchmarks.")
    assert "face detection" in found


def test_a_task_said_with_of_is_named_the_usual_way(nlp):
    found = tasks(nlp, "Classification of Skin Lesions from Dermoscopic Images",
                  "We train a convolutional network on dermoscopic images and evaluate it against dermatologists.")
    assert "skin lesion classification" in found


def test_a_title_setting_implies_its_learning_setting(nlp):
    found = tasks(nlp, "Domain Adaptive Crop Segmentation with Pseudo Labels",
                  "Domain adaptive crop segmentation transfers a segmentation model from one farm to another "
                  "without labels. We show gains on three crop segmentation benchmarks.")
    assert "domain adaptation" in found


def test_segmenting_an_organ_is_medical_image_segmentation(nlp):
    found = tasks(nlp, "Kidney Stone Segmentation in Non-Contrast CT",
                  "Kidney stone segmentation guides treatment planning. We propose a cascaded network and report "
                  "Dice scores on a new dataset of 200 scans.")
    assert "medical image segmentation" in found


def test_a_listed_task_brings_its_listed_parent(nlp):
    found = tasks(nlp, "Speaker Verification with Short Utterances",
                  "Speaker verification decides whether two recordings come from the same speaker. We propose "
                  "an embedding network and evaluate it on speaker verification benchmarks.")
    assert {"speaker verification", "speaker recognition"} <= set(found)


def test_a_metric_names_its_task(nlp):
    found = tasks(nlp, "Listen Closely: A Streaming Model for Dictation",
                  "We describe a streaming encoder for dictation on phones. Our model reaches a word error rate "
                  "of 5.1% on the test set, and we show results across accents.")
    assert "speech recognition" in found


def test_accuracy_on_an_image_classification_benchmark_is_image_classification(nlp):
    found = tasks(nlp, "Sparse Mixers Are Strong Backbones",
                  "We propose a sparse token mixer for vision backbones. It reaches 84.1% top-1 accuracy on "
                  "ImageNet-1K, and we show results in the experiments with fewer parameters.")
    assert "image classification" in found


def test_a_bare_head_in_the_abstract_takes_the_titles_domain(nlp):
    found = tasks(nlp, "Frequency Augmentations for Time Series Contrastive Learning",
                  "Augmentations decide what a contrastive model learns. We propose frequency augmentations "
                  "and our experiments on forecasting tasks show consistent gains.")
    assert "time series forecasting" in found


def test_tasks_listed_after_tasks_such_as_are_all_addressed(nlp):
    found = tasks(nlp, "A Small Audio Encoder for Many Uses",
                  "We train a small audio encoder with a masked objective and evaluate it on tasks such as audio "
                  "classification, keyword spotting and speaker identification.")
    assert {"audio classification", "keyword spotting", "speaker identification"} <= set(found)


def test_names_in_passing_are_not_addressed(nlp):
    found = tasks(nlp, "Image Retrieval with Learned Global Descriptors",
                  "Image retrieval finds the pictures of a landmark in a large collection. Unlike machine "
                  "translation, where attention has long been standard, retrieval still relies on pooling. We "
                  "propose a learned pooling and report image retrieval results on two benchmarks.")
    assert "image retrieval" in found
    assert "machine translation" not in found


def test_a_titles_means_is_not_its_task(nlp):
    found = tasks(nlp, "Continuous control with deep reinforcement learning",
                  "We adapt deep Q-learning to continuous action spaces and solve more than twenty simulated "
                  "physics tasks, showing continuous control results in the experiments.")
    assert "continuous control" in found
    assert "reinforcement learning" not in found


def test_a_phrase_the_list_does_not_know_only_in_the_abstract_is_not_a_task(nlp):
    found = tasks(nlp, "Object Detection with Sparse Queries",
                  "Object detection locates the objects in an image. We also note that careful anchor "
                  "recalibration matters for our object detection results on COCO in experiments.")
    assert "object detection" in found
    assert "anchor recalibration" not in found


def test_at_most_four_tasks_are_kept(nlp):
    found = tasks(nlp, "One Backbone for Image Classification, Object Detection, Semantic Segmentation and Depth "
                       "Estimation and Image Captioning",
                  "We evaluate one backbone on image classification, object detection, semantic segmentation, "
                  "depth estimation and image captioning tasks and report results on each in experiments.")
    assert len(found) <= MAX_TASKS


def test_the_specific_task_comes_before_the_general_one():
    text = ("Single-Stage Image Retrieval with Compact Codes\nImage retrieval finds similar images. We propose "
            "single-stage image retrieval with compact codes and report results on two benchmarks.")
    title_end = text.index("\n")
    at = text.index("Image Retrieval")
    found = [TaskMention(at, at + len("Image Retrieval"), "image retrieval", "task:image-retrieval", "gazetteer")]
    chosen = choose_tasks(text, title_end, found)
    names = list(dict.fromkeys(m.name for m in chosen))
    assert names.index("single-stage image retrieval") < names.index("image retrieval")


def test_a_paper_whose_title_names_no_task_keeps_its_best_abstract_task(nlp):
    found = tasks(nlp, "Lessons from a Decade of Shared Benchmarks",
                  "We look back at ten years of shared benchmarks for named entity recognition and discuss what "
                  "made the systems of the participants succeed in experiments.")
    assert list(found) == ["named entity recognition"]
