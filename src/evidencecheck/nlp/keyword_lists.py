"""Keyword lists: sentences that string together the topics of several criteria and show nothing done.

"I use coaching, feedback, rotas and targets to lead my team" names four criteria's topics and
tells no episode: it is general talk, however first-hand its words (``labelling.md``: keyword
claims without substance are at most at risk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from .compile import Hit
from .concreteness import concrete_sentence
from .normalise import ProcessedBlock, sentence_of

# a keyword list names topics of at least this many criteria, with this many distinct keywords...
KEYWORD_LIST_OWNERS = 3
KEYWORD_LIST_PHRASES = 4
# ...packed into a short sentence: at most this many words per distinct keyword
KEYWORD_LIST_WORDS_PER_PHRASE = 7


def keyword_list_sentences(hits: Iterable[Hit], anchor_owners: Mapping[str, Collection[str]]) -> set[tuple[object, ...]]:
    """The sentence keys of ``hits``' sentences that string together keywords of several criteria
    and show nothing done (``anchor_owners``: the criteria each clue is an anchor of).

    A sentence is a keyword list when it names topics of at least three criteria with at least
    four distinct keywords, is short for that many keywords, has no concrete detail (a figure,
    date, month, name, KPI value, time frame or frequency) and no past first-hand action ("I
    rewrote the rota..."): "I use coaching, feedback, rotas and targets to lead my team".
    """
    owners: dict[tuple[object, ...], set[str]] = defaultdict(set)
    phrases: dict[tuple[object, ...], set[str]] = defaultdict(set)
    blocks: dict[tuple[object, ...], ProcessedBlock] = {}
    for hit in hits:
        of = anchor_owners.get(hit.clue_id)
        if of:
            key = hit.sent_key
            owners[key].update(of)
            phrases[key].add(hit.text.lower())
            blocks[key] = hit.block
    candidates = {k for k, o in owners.items()
                  if len(o) >= KEYWORD_LIST_OWNERS and len(phrases[k]) >= KEYWORD_LIST_PHRASES}
    out: set[tuple[object, ...]] = set()
    for key in candidates:
        block = blocks[key]
        doc = block.doc
        sent = sentence_of(doc, key[3])  # type: ignore[arg-type]
        words = sum(1 for t in sent if t.is_alpha)
        if words > KEYWORD_LIST_WORDS_PER_PHRASE * len(phrases[key]):
            continue  # a long sentence that mentions the words along the way
        if concrete_sentence(doc, sent.start):
            continue
        out.add(key)
    return out


__all__ = ["KEYWORD_LIST_OWNERS", "KEYWORD_LIST_PHRASES", "KEYWORD_LIST_WORDS_PER_PHRASE", "keyword_list_sentences"]
