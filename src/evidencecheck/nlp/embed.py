"""The shipped pipeline's word features: spaCy's hashed NORM/PREFIX/SUFFIX/SHAPE plus Brown clusters.

The English Web Treebank has 12,500 training sentences, too few to learn what most words are from
their own occurrences. Brown clusters (Brown et al. 1992) group a million words of web text by the
company they keep: "team", "mentor" and "colleague" share a cluster, as do "ran" and "walked".
Their bit-path prefixes are features of the tok2vec (Koo et al. 2008; Owoputi et al. 2013), so a
word the treebank never shows is tagged and attached like the words that share its cluster.

The clusters come from ``spacy-lookups-data``'s ``lexeme_cluster`` table (MIT). Training copies the
most frequent words' entries into the pipeline's vocabulary (:func:`word_cluster_table`), so the
shipped model carries them in ``vocab/lookups.bin`` and needs nothing else at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy
from spacy.lookups import Table
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)

__all__ = ["CLUSTER_TABLE", "MIN_LOG_PROB", "ClusterHashEmbed", "cluster_prefix", "word_cluster_table"]

#: The vocabulary lookups table the clusters are read from.
CLUSTER_TABLE = "lexeme_cluster"
#: Words at least this frequent on web text (log probability) keep their cluster: about 100,000.
MIN_LOG_PROB = -18.3
_MEMO_SIZE = 200_000


def cluster_prefix(cluster: int, bits: int) -> int:
    """The first ``bits`` steps of a cluster's path, as an id of its own (the whole path if shorter).

    spaCy stores a path with its first step in the lowest bit under a leading 1; "team" and
    "mentor" (same cluster) share every prefix, "team" and "staff" their first eight steps.
    """
    if cluster.bit_length() - 1 <= bits:
        return cluster
    return (cluster & ((1 << bits) - 1)) | (1 << bits)


def word_cluster_table(min_log_prob: float = MIN_LOG_PROB) -> Table:
    """The clusters of the words more frequent than ``min_log_prob`` on web text (about 100,000)."""
    from spacy.lookups import load_lookups

    source = load_lookups("en", ["lexeme_cluster", "lexeme_prob"])
    clusters, probs = source.get_table("lexeme_cluster"), source.get_table("lexeme_prob")
    table = Table(name=CLUSTER_TABLE)
    for key, cluster in clusters.items():
        if cluster and probs.get(key, -99.0) >= min_log_prob:
            table[key] = cluster
    return table


def _cluster_features(attrs: Sequence[str], prefixes: Sequence[int]) -> Model[list[Doc], list[Any]]:
    memo: dict[int, tuple[int, ...]] = {}

    def clusters(doc: Doc) -> numpy.ndarray:
        table = doc.vocab.lookups.get_table(CLUSTER_TABLE)
        rows = []
        for orth in doc.to_array("ORTH").tolist():
            row = memo.get(orth)
            if row is None:
                lower = doc.vocab.strings[orth].lower()
                # as written, then lower case, then capitalised ("monday" has no cluster; "Monday" has)
                cluster = (table.get(orth) or table.get(get_string_id(lower))
                           or table.get(get_string_id(lower.capitalize())) or 0)
                row = tuple(cluster_prefix(cluster, b) if b else cluster for b in prefixes)
                if len(memo) < _MEMO_SIZE:
                    memo[orth] = row
            rows.append(row)
        return numpy.asarray(rows, dtype="uint64").reshape((len(doc), len(prefixes)))

    columns_asked: list[int | str] = list(attrs)

    def forward(model: Model[list[Doc], list[Any]], docs: list[Doc],
                is_train: bool) -> tuple[list[Any], Callable[[Any], list[Any]]]:
        features = []
        for doc in docs:
            base = doc.to_array(columns_asked).astype("uint64").reshape((len(doc), len(attrs)))
            columns: Any = numpy.hstack([base, clusters(doc)])
            features.append(model.ops.asarray2i(columns, dtype="uint64"))
        return features, lambda d_features: []

    return Model("extract_features_with_clusters", forward)


@registry.architectures("evidencecheck.ClusterHashEmbed.v1")  # type: ignore[untyped-decorator]
def ClusterHashEmbed(
    width: int,
    attrs: list[str],
    rows: list[int],
    cluster_prefixes: list[int],
    cluster_rows: list[int],
    cluster_width: int,
) -> Model[list[Doc], list[Any]]:
    """spaCy's ``MultiHashEmbed`` (no static vectors) with Brown-cluster prefixes as more features.

    ``cluster_prefixes`` are path lengths in bits (0: the whole path), each embedded in a table of
    its ``cluster_rows`` rows and ``cluster_width`` columns; words with no cluster share one row.
    """
    if len(rows) != len(attrs) or len(cluster_rows) != len(cluster_prefixes):
        raise ValueError("each attribute and each cluster prefix needs its number of rows")
    embeddings: list[Model[Any, Any]] = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0)
                                         for i, n in enumerate(rows)]
    embeddings += [HashEmbed(cluster_width, n, column=len(attrs) + j, seed=100 + j, dropout=0.0)
                   for j, n in enumerate(cluster_rows)]
    concat_size = width * len(attrs) + cluster_width * len(cluster_prefixes)
    return chain(
        _cluster_features(attrs, cluster_prefixes),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


@registry.callbacks("evidencecheck.add_word_clusters.v1")  # type: ignore[untyped-decorator]
def add_word_clusters(min_log_prob: float = MIN_LOG_PROB) -> Callable[[Any], Any]:
    """A ``[initialize.before_init]`` callback putting :func:`word_cluster_table` in the vocabulary."""

    def before_init(nlp: Any) -> Any:
        nlp.vocab.lookups.set_table(CLUSTER_TABLE, word_cluster_table(min_log_prob))
        return nlp

    return before_init
