"""The English pipeline shipped in the package (evidencecheck.nlp.models): loads offline, has the
components it says, parses a few portfolio sentences sensibly and carries its attribution."""

from __future__ import annotations

import socket
import warnings

import pytest
from spacy.language import Language

from evidencecheck.nlp.models import MODEL_NAME, load_default, model_meta, model_path


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_default()


def test_model_path_is_inside_the_package():
    path = model_path()
    assert path.name == MODEL_NAME
    assert path.parent.name == "models"
    assert (path / "config.cfg").is_file()
    assert (path / "meta.json").is_file()
    assert (path / "LICENSE").is_file()


def test_model_is_small():
    size = sum(p.stat().st_size for p in model_path().rglob("*") if p.is_file())
    assert size < 20_000_000


def test_loads_offline_without_warnings(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the shipped model must not touch the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = load_default()
        doc = nlp("I coached Jordan on call wrap-up every Monday.\n\nThen we met again.")
    assert len(doc) > 0


def test_components(nlp):
    assert nlp.pipe_names == [
        "tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer",
    ]
    assert nlp.get_pipe("lemmatizer").mode == "rule"
    # The lemmatiser's tables are serialised in the model, not looked up at run time.
    tables = nlp.get_pipe("lemmatizer").lookups.tables
    assert {"lemma_rules", "lemma_exc", "lemma_index"} <= set(tables)
    assert nlp.has_pipe("parser") and not nlp.has_pipe("senter")


def test_load_default_passes_options_to_spacy():
    tagger_only = load_default(exclude=["parser"])
    assert "parser" not in tagger_only.pipe_names
    doc = tagger_only("I coached Jordan every Monday.")
    assert [t.tag_ for t in doc][:2] == ["PRP", "VBD"]


def test_coached_is_the_root_verb(nlp):
    doc = nlp("I coached Jordan on call wrap-up every Monday.")
    by_text = {t.text: t for t in doc}
    coached = by_text["coached"]
    assert coached.dep_ == "ROOT"
    assert coached.pos_ == "VERB"
    assert coached.tag_ == "VBD"
    assert coached.lemma_ == "coach"
    assert by_text["I"].head.i == coached.i and by_text["I"].dep_ == "nsubj"
    assert by_text["Jordan"].head.i == coached.i and by_text["Jordan"].dep_ == "obj"
    assert by_text["Jordan"].pos_ == "PROPN"


def test_negation_is_an_advmod_of_the_verb(nlp):
    # UD v2 has no "neg" label: "not" is a PART attached to its verb as advmod.
    doc = nlp("We did not hold one-to-ones this quarter.")
    by_text = {t.text: t for t in doc}
    hold = by_text["hold"]
    assert hold.dep_ == "ROOT"
    assert by_text["not"].head.i == hold.i
    assert by_text["not"].dep_ == "advmod"
    assert by_text["not"].pos_ == "PART"
    assert by_text["did"].pos_ == "AUX" and by_text["did"].dep_ == "aux"
    assert by_text["did"].lemma_ == "do"


def test_contraction_negation(nlp):
    doc = nlp("I haven't seen the site plan.")
    by_text = {t.text: t for t in doc}
    assert by_text["n't"].head.i == by_text["seen"].i
    assert by_text["n't"].dep_ == "advmod"
    assert by_text["n't"].lemma_ == "not"
    assert by_text["have"].lemma_ == "have"


def test_sentences_come_from_the_parser(nlp):
    doc = nlp("I held a huddle with the team. Then I coached Ola on her call handling.")
    assert [s.text for s in doc.sents] == [
        "I held a huddle with the team.", "Then I coached Ola on her call handling.",
    ]


@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("We trialled a new rota last month.", "trialled", "trial"),
        ("I allocated breaks on the rotas.", "rotas", "rota"),
        ("She was coaching two advisers.", "was", "be"),
        ("She was coaching two advisers.", "advisers", "adviser"),
        ("Thank you for the feedback.", "Thank", "thank"),
        ("The team members need support.", "need", "need"),
        ("The agents were given targets.", "given", "give"),
        ("He told me about it.", "me", "I"),
    ],
)
def test_lemmas(nlp, sentence, word, lemma):
    doc = nlp(sentence)
    (token,) = [t for t in doc if t.text == word]
    assert token.lemma_ == lemma


def test_whitespace_tokens_are_marked_as_space(nlp):
    doc = nlp("I coached Dev.\n\nThen I met Ola.")
    spaces = [t for t in doc if t.is_space]
    assert spaces
    assert all(t.pos_ == "SPACE" and t.tag_ == "_SP" for t in spaces)


def test_meta_carries_attribution_licence_and_figures():
    meta = model_meta()
    assert meta["license"] == "CC BY-SA 4.0"
    assert "Universal Dependencies English Web Treebank" in meta["attribution"]
    assert "Silveira et al. 2014" in meta["attribution"]
    assert "UD_English-EWT contributors" in meta["attribution"]
    assert meta["training_data_commit"].startswith("15d613d8")
    assert meta["spacy_version"] == ">=3.8.0,<3.9.0"
    perf = meta["performance"]
    assert {"tag_acc", "pos_acc", "lemma_acc", "dep_uas", "dep_las", "sents_f"} <= set(perf)
    licence = (model_path() / "LICENSE").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International" in licence
    readme = (model_path() / "README.md").read_text(encoding="utf-8")
    assert meta["attribution"] in readme and "CC BY-SA 4.0" in readme


def test_parser_labels_are_universal_dependencies(nlp):
    labels = set(nlp.get_pipe("parser").labels)
    assert {"nsubj", "obj", "advmod", "aux", "compound", "amod", "obl", "nsubj:pass"} <= labels
    assert "neg" not in labels and "dobj" not in labels
