"""The shipped pipeline's word features: Brown-cluster prefixes beside spaCy's hashed attributes."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import Config

from evidencecheck.nlp.embed import (
    CLUSTER_TABLE,
    ClusterHashEmbed,
    cluster_prefix,
    word_cluster_table,
)
from evidencecheck.nlp.models import load_default, model_path


@pytest.fixture(scope="module")
def table():
    return word_cluster_table()


def test_prefix_keeps_the_first_steps_of_the_path():
    # paths are stored first step lowest, under a leading 1: 0b1_0110 is the path 0,1,1,0 read upwards
    assert cluster_prefix(0b1_0000_0110, 4) == 0b1_0110
    assert cluster_prefix(0b1_1111_0110, 4) == 0b1_0110  # same first four steps, same prefix
    assert cluster_prefix(0b1_0000_0110, 4) != cluster_prefix(0b1_0000_0111, 4)
    assert cluster_prefix(0b1_011, 4) == 0b1_011  # a shorter path is its own prefix
    assert cluster_prefix(0, 6) == 0  # no cluster


def test_words_that_keep_the_same_company_share_clusters(table):
    strings = spacy.blank("en").vocab.strings
    cluster = {w: table[strings.add(w)] for w in ("team", "mentor", "staff", "ran", "walked", "the")}
    assert cluster["team"] == cluster["mentor"]
    assert cluster["ran"] == cluster["walked"]
    assert cluster["team"] != cluster["staff"]
    assert cluster_prefix(cluster["team"], 8) == cluster_prefix(cluster["staff"], 8)
    assert cluster_prefix(cluster["team"], 4) != cluster_prefix(cluster["the"], 4)


def test_table_keeps_frequent_words_only(table):
    assert 80_000 < len(table) < 120_000
    strings = spacy.blank("en").vocab.strings
    assert strings.add("coaching") in table
    assert strings.add("aaaaaaaaand") not in table  # rare on web text
    assert all(v > 0 for v in list(table.values())[:1000])


def test_features_fall_back_to_lower_and_capitalised_forms(table):
    nlp = spacy.blank("en")
    nlp.vocab.lookups.set_table(CLUSTER_TABLE, table)
    model = ClusterHashEmbed(width=8, attrs=["NORM"], rows=[10], cluster_prefixes=[4, 0],
                             cluster_rows=[10, 10], cluster_width=4)
    extract = model.layers[0]
    doc = nlp("COACHED coached monday Monday qwxzvbk")
    (features,) = extract.predict([doc])
    assert features.shape == (5, 3)  # NORM, then the 4-step prefix and the whole path
    whole = features[:, 2]
    assert whole[0] == whole[1] > 0  # "COACHED" has no entry of its own: read as "coached"
    assert whole[2] == whole[3] > 0  # "monday" has none: read as "Monday"
    assert whole[4] == 0  # not a word of web text
    assert features[0, 1] == cluster_prefix(int(whole[0]), 4)


def test_embedding_has_the_width_asked_for(table):
    nlp = spacy.blank("en")
    nlp.vocab.lookups.set_table(CLUSTER_TABLE, table)
    model = ClusterHashEmbed(width=16, attrs=["NORM", "SHAPE"], rows=[50, 20], cluster_prefixes=[4, 0],
                             cluster_rows=[20, 50], cluster_width=8)
    docs = [nlp("I coached Sam on Monday."), nlp("Rota")]
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(6, 16), (1, 16)]
    assert all(numpy.isfinite(o).all() for o in out)


def test_mismatched_rows_are_refused():
    with pytest.raises(ValueError, match="rows"):
        ClusterHashEmbed(width=8, attrs=["NORM"], rows=[10], cluster_prefixes=[4, 0], cluster_rows=[10],
                         cluster_width=4)


def test_shipped_pipeline_carries_its_clusters():
    config = Config().from_disk(model_path() / "config.cfg", interpolate=False)
    assert config["components"]["tok2vec"]["model"]["embed"]["@architectures"] == "evidencecheck.ClusterHashEmbed.v1"
    nlp = load_default()
    table = nlp.vocab.lookups.get_table(CLUSTER_TABLE)
    assert len(table) > 80_000
    doc = nlp("I rewrote the rota.")
    assert [t.pos_ for t in doc][:2] == ["PRON", "VERB"]
