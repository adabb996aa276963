"""What the dependency parse says about a matched span: its clause, who acts, and how far a cue reaches.

Every function here reads a spaCy ``Doc`` parsed by the project's English
pipeline (UD labels). On a doc without a parse (``--model blank``) the callers
fall back to word windows, so each function is only called when
:func:`parsed` is true.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Relations that start a clause of their own (UD): a verb with these heads a new predicate.
CLAUSE_DEPS = frozenset({"ROOT", "advcl", "advcl:relcl", "ccomp", "csubj", "acl", "acl:relcl", "parataxis",
                         "list", "conj", "xcomp"})
#: A governing clause's cue reaches the clauses it takes as complements ("I plan to coach", "did not manage to").
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "csubj"})
_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj", "expl", "nsubj:outer"})
_PREDICATE_POS = frozenset({"VERB", "AUX"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "myself", "ourselves"})
#: The pronouns a clause's subject takes when it is someone the writer has named.
THIRD_PERSON = frozenset({"he", "she", "they"})


def parsed(doc: Doc) -> bool:
    """Whether ``doc`` carries a dependency parse."""
    return bool(doc.has_annotation("DEP"))


def span_root(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of the token span ``[start, end)``: its token whose head lies outside it."""
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[start]


def is_predicate(tok: Token) -> bool:
    """A verb, or any word with a subject, copula or auxiliary of its own ("the plan was late")."""
    return tok.pos_ in _PREDICATE_POS or any(c.dep_ in _SUBJECTS or c.dep_ in ("cop", "aux") for c in tok.children)


def has_subject(tok: Token) -> bool:
    """Whether the clause headed by ``tok`` names its own subject."""
    return any(c.dep_ in _SUBJECTS for c in tok.children)


def clause_of(tok: Token) -> Token:
    """The head of the clause ``tok`` belongs to.

    A conjoined verb without a subject of its own shares its first conjunct's clause
    ("I did not plan or hold huddles"), so negation and modals reach it; one with its
    own subject ("..., and I thanked Dev") is a clause of its own.
    """
    t = tok
    for _ in range(64):  # parses are trees; the bound only guards against a malformed one
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return t
        if t.dep_ in CLAUSE_DEPS and is_predicate(t) and not (t.dep_ == "conj" and not has_subject(t)):
            return t
        t = t.head
    return t


#: A main clause's mood (a modal, a plan) also covers its adverbial clauses ("I would wait until ... before changing").
ADVERBIAL_DEPS = frozenset({"advcl", "advcl:relcl"})


def governs(outer: Token, inner: Token, *, adverbial: bool = False) -> bool:
    """Whether clause ``inner`` depends on clause ``outer`` as a complement ("plan" governs "coach" in
    "I plan to coach"), or also as an adverbial clause when ``adverbial`` is true."""
    deps = COMPLEMENT_DEPS | ADVERBIAL_DEPS if adverbial else COMPLEMENT_DEPS
    t = inner
    for _ in range(16):
        if t.i == outer.i:
            return True
        if t.dep_ not in deps or t.head.i == t.i:
            return False
        t = clause_of(t.head)
    return False


def reaches(cue: Token, target: Token, *, adverbial: bool = False) -> bool:
    """Whether a cue word scopes over ``target``: they share a clause, or the cue's clause governs the
    target's (through adverbial clauses too when ``adverbial``: modals and plans, not negation)."""
    outer, inner = clause_of(cue), clause_of(target)
    return outer.i == inner.i or governs(outer, inner, adverbial=adverbial)


#: A negation that is a determiner or preposition ("no complaints", "without the new starters")
#: denies only its own noun phrase, not the clause around it.
_PHRASE_NEGATION_DEPS = frozenset({"det", "case", "amod", "nummod", "advmod:det"})


_MORE = frozenset({"more", "longer", "fewer", "less", "later", "further"})
_OVER = frozenset({"over", "above", "beyond", "exceeding"})


#: Verbs that say something did not happen: negated, they say it did ("not missed", "nobody skipped").
NOT_HAPPENING_VERBS = frozenset({"miss", "skip", "cancel", "forget", "drop", "lapse", "postpone", "neglect",
                                 "overlook", "ignore", "omit", "fail"})


#: Verbs of doing wrong to someone: negated, they deny the wrong, not the people or the work it names.
WRONGDOING_VERBS = frozenset({"pressure", "pressurise", "rush", "mislead", "hassle", "interrupt", "blame", "oversell",
                              "mis-sell", "missell", "bully", "criticise", "embarrass"})

_NEGATORS = frozenset({"not", "n't", "never", "nobody", "none", "nothing", "neither", "nor"})


def negation_reaches(cue: Token, target: Token, marked: Token | None = None) -> bool:
    """Whether a negation cue denies ``target``.

    "not", "never", "n't" or a verb like "cancelled" deny their clause (and its complements:
    "did not manage to coach"); "no" and "without" deny only their noun phrase, so in "we held
    the huddle without the new starters" the huddle was held. A cue that introduces a clause or
    phrase of its own (``marked``: the word its "than", "of" or "to" marks) denies only that: in
    "rather than waiting for his review, I gave Sam feedback" the feedback was given. A negation
    of a verb that itself means something did not happen is no denial: "we have not missed a
    single one-to-one", "nobody skipped the huddle"; nor is one of a verb of doing wrong to
    someone: "they did not pressure vulnerable customers", "I didn't rush the one-to-one"; nor is
    one of a bound on a figure: "nobody did more than two lates", "no one waited over 20 minutes".
    """
    if marked is not None:
        return marked.left_edge.i <= target.i <= marked.right_edge.i
    if cue.dep_ in _PHRASE_NEGATION_DEPS and cue.head.i != cue.i and cue.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        phrase = cue.head
        return phrase.left_edge.i <= target.i <= phrase.right_edge.i
    clause = clause_of(cue)
    if clause.lemma_.lower() in NOT_HAPPENING_VERBS and (clause.i != cue.i or _negated(clause)):
        return False  # "not missed": the negation is of the not-happening, not of the thing
    verb = cue.head if cue.dep_ == "advmod" and cue.head.pos_ == "VERB" else clause
    if verb.lemma_.lower() in WRONGDOING_VERBS:
        return False  # "did not pressure vulnerable customers": the wrong was not done, the customers were served
    return reaches(cue, target) and not _limit(clause)  # "nobody did more than two lates": a bound


def _limit(clause: Token) -> bool:
    """Whether a clause sets a bound on a figure ("more than two lates", "over 20 minutes")."""
    doc = clause.doc
    for tok in clause.subtree:
        bound = (tok.lower_ == "than" and tok.i > 0 and doc[tok.i - 1].lower_ in _MORE
                 or tok.lower_ in _OVER and tok.i + 1 < len(doc) and doc[tok.i + 1].like_num)
        if bound and clause_of(tok).i == clause.i:  # in this clause, not one inside it
            return True
    return False


def _negated(verb: Token) -> bool:
    """Whether ``verb`` is itself negated: "not", "never" or a subject such as "nobody" or "no one"."""
    return any(c.lower_ in _NEGATORS or c.dep_ in _SUBJECTS and any(g.lower_ == "no" for g in c.children)
               for c in verb.children)


def marked_complement(doc: Doc, start: int, end: int) -> Token | None:
    """The clause or phrase a cue of several words introduces ("rather than *waiting*", "instead of
    *saving it*", "failed to *hold*"): the head of its last word when that is a marker or case word
    pointing out of the cue; None for a cue of one word, or one that introduces nothing."""
    if end - start < 2:
        return None
    last = doc[end - 1]
    if last.dep_ in ("mark", "case") and not start <= last.head.i < end:
        return last.head
    return None


def reported_in_past(cue: Token) -> bool:
    """Whether a modal or future cue sits in speech reported in the past, so it is a decision
    taken then, not a hypothesis or a plan: "I told them that from Monday Aled would take the
    calls", "we agreed she was going to shadow Sam"."""
    clause = clause_of(cue)
    for _ in range(4):
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            return False
        head = clause.head
        if head.tag_ == "VBD" or (head.tag_ == "VBN" and any(c.lemma_ == "have" for c in head.children)):
            return True
        clause = clause_of(head)
    return False


#: Verbs whose infinitive complement is wanted or expected, not done: "I expect Shannon to take on the
#: appraisals", "I would like her to start holding one-to-ones", "we hope to cut the queue".
INTENT_VERBS = frozenset({"expect", "want", "hope", "plan", "intend", "aim", "wish", "like", "love", "prefer"})
_WOULD = frozenset({"would", "'d", "should"})


def intended_by(target: Token) -> Token | None:
    """The verb of wanting, expecting or planning whose infinitive complement holds ``target``, if any.

    Only "expect", "want" and "would like" take an object before the infinitive ("I expect Shannon to
    take on the appraisals"; the parse may hang the infinitive on the object): after "plan" or "aim"
    it is a purpose ("I planned the rota to cover the peaks"). "like", "love" and "prefer" count only
    after "would" ("I would like her to start holding one-to-ones"): "I like to coach on Mondays" is a habit.
    An infinitive that a plan *is* ("My next step is to coach Sam", "the aim is to hold a huddle
    every Monday") is intended too: the plan noun is returned.
    """
    clause = clause_of(target)
    planned = _plan_named(clause)
    if planned is not None:
        return planned
    for _ in range(4):  # "start holding": up through complements without "to" of their own
        if any(c.dep_ == "mark" and c.lower_ == "to" for c in clause.children):
            break
        if clause.dep_ not in COMPLEMENT_DEPS or clause.head.i == clause.i:
            return None
        clause = clause_of(clause.head)
    else:
        return None
    head, through_object = clause.head, False
    if clause.dep_ == "acl" and head.dep_ in ("obj", "iobj") and head.head.i != head.i:
        head, through_object = head.head, True  # "expect [Shannon] to take": the infinitive on the object
    elif clause.dep_ not in COMPLEMENT_DEPS or head.i == clause.i:
        return None
    lemma = head.lemma_.lower()
    if lemma not in INTENT_VERBS:
        return None
    if lemma in ("like", "love", "prefer") and not any(c.lower_ in _WOULD for c in head.children):
        return None
    with_object = through_object or any(c.dep_ in ("obj", "iobj") for c in head.children)
    if with_object and lemma not in _OBJECT_INTENT:
        return None
    return head


_OBJECT_INTENT = frozenset({"expect", "want", "like", "love", "prefer"})
#: Nouns that name something not yet done when an infinitive is what they are ("my next step is to ...").
PLAN_NOUNS = frozenset({"step", "plan", "aim", "goal", "intention", "objective", "priority", "action", "hope",
                        "idea", "focus", "ambition", "target", "proposal", "recommendation"})


def _plan_named(clause: Token) -> Token | None:
    """The plan noun whose content is the infinitive ``clause`` (or the one it completes), in the present:
    "My next step is to coach Sam" (UD makes "coach" the predicate, "is" its copula and "step" its
    subject). "My task was to coach Sam" looks back, so only "is" and "are" count."""
    for c in (clause, *([clause.head] if clause.dep_ in COMPLEMENT_DEPS else [])):
        kids = list(c.children)
        if any(k.dep_ == "cop" and k.lower_ in ("is", "are", "'s") for k in kids) and \
                any(k.dep_ == "mark" and k.lower_ == "to" for k in kids):
            subject = next((k for k in kids if k.dep_ in ("nsubj", "nsubj:outer")), None)
            if subject is not None and subject.lemma_.lower() in PLAN_NOUNS:
                return subject
    return None


#: Nouns that make a modifier in front of them name a group, place or post rather than an activity:
#: "the support team", "the quality desk", "a complaints queue", "the training officer" (a team
#: leader's "team" still names the team, so leaders and managers are not among them).
GROUP_NOUNS = frozenset({
    "team", "department", "dept", "desk", "line", "centre", "center", "unit", "function", "analyst", "officer",
    "advisor", "adviser", "agent", "specialist", "staff", "partner", "provider", "company", "supplier", "hub",
    "queue", "group", "coordinator", "administrator", "room", "floor",
})


_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
#: A verb before one of these in a hyphenated word still names its activity: "follow-up", "check-in".
_PARTICLES = frozenset({"up", "in", "off", "out", "over", "back", "down", "on", "through"})


def _hyphen_prefix(doc: Doc, end: int) -> bool:
    """Whether the words ending at ``end`` are the front of a longer hyphenated word ("change-of-address",
    "problem-solving"), whose meaning is its last part's."""
    return (end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text in _HYPHENS
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].lower_ not in _PARTICLES)


def other_sense(doc: Doc, start: int, end: int) -> bool:
    """Whether the words ``[start, end)`` name something else than the activity they spell: a modifier of
    a group, place or job ("the support team", "the complaints queue"), part of a name or job title
    ("Customer Support Advisor", "Head of Quality") or the front of a hyphenated word ("a change-of-address
    backlog", "problem-solving")."""
    if _hyphen_prefix(doc, end):
        return True
    root = span_root(doc, start, end)
    if root.dep_ == "compound" and start <= root.head.i < end:
        return False
    if root.dep_ == "compound" and root.head.lemma_.lower() in GROUP_NOUNS and not (start <= root.head.i < end):
        return True
    span = doc[start:end]
    if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span) and any(
            t.pos_ == "PROPN" and t.text[:1].isupper() and not (start <= t.i < end)
            for t in (doc[start - 1] if start else None, doc[end] if end < len(doc) else None) if t is not None):
        return True  # inside a capitalised name or title
    return False


def subject_of(clause: Token) -> Token | None:
    """The subject of a clause, following a controlled complement to its controller ("I asked Sam to coach")."""
    t = clause
    for _ in range(8):
        for child in t.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "nsubj:outer"):
                return child
        if t.dep_ == "xcomp":
            obj = next((c for c in t.head.children if c.dep_ in ("obj", "iobj")), None)
            if obj is not None:
                return obj
            t = t.head
            continue
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


#: Verbs that tell how someone is or what they like, not what was done.
ATTITUDE_VERBS = frozenset({"like", "want", "enjoy", "care", "mind", "love", "prefer", "need", "feel", "seem",
                            "respond", "bother"})


_PERSON_NOUNS = frozenset({"team", "adviser", "advisor", "agent", "colleague", "staff", "member", "starter", "manager",
                           "customer", "caller", "people", "person"})
#: Participles that, after "be", tell how someone feels ("not bothered", "not interested").
_FEELING_PARTICIPLES = frozenset({"bother", "interest", "motivate", "worry", "fuss", "concern"})


def other_persons_state(cue: Token) -> Span | None:
    """The words telling how someone other than the writer is, when a negation cue's clause does:
    its subject is a third person and its predicate an adjective, a participle of feeling or a verb
    of liking or wanting ("Ryan is not bothered about prizes", "she doesn't like being singled out").
    Such a clause describes the person; it does not deny anything the writer did."""
    clause = clause_of(cue)
    subject = subject_of(clause)
    if subject is None or not (subject.pos_ == "PROPN" or subject.lower_ in THIRD_PERSON
                               or subject.pos_ == "NOUN" and subject.lemma_.lower() in _PERSON_NOUNS):
        return None  # "the huddle was not possible" is a denial; only a person has a state of mind
    if any(c.lower_ == "no" for c in subject.children):
        return None  # "no adviser was keen" denies it of anyone
    feeling = clause.tag_ == "VBN" and clause.lemma_.lower() in _FEELING_PARTICIPLES and any(
        c.lemma_ == "be" for c in clause.children)
    if not (clause.pos_ == "ADJ" or feeling or clause.lemma_.lower() in ATTITUDE_VERBS):
        return None
    start, end = min(subject.i, cue.i), max(clause.i, cue.i) + 1
    doc = clause.doc
    return doc[start:end] if end - start <= 8 else doc[cue.i:cue.i + 1]


def is_first_person(tok: Token | None) -> bool:
    """``I``, ``we``, ``me``... (or a phrase headed by one: "my team and I")."""
    if tok is None:
        return False
    if tok.lower_ in FIRST_PERSON:
        return True
    return any(c.dep_ == "conj" and c.lower_ in FIRST_PERSON for c in tok.children)


def past_event(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens ``[start, end)`` tell something the learner (or the team with them) did:
    a verb in the past tense or the present perfect whose subject is "I" or "we" ("I rewrote",
    "my team and I have trialled"), not a habit ("I always use") or a plan."""
    for tok in doc[start:end]:
        if tok.pos_ not in _PREDICATE_POS or tok.dep_ in ("aux", "aux:pass", "cop"):
            continue
        past = tok.tag_ == "VBD" or (tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have"
                                                               for c in tok.children))
        if past and is_first_person(subject_of(tok)):
            return True
    return False


__all__ = ["ATTITUDE_VERBS", "CLAUSE_DEPS", "COMPLEMENT_DEPS", "FIRST_PERSON", "GROUP_NOUNS", "INTENT_VERBS",
           "NOT_HAPPENING_VERBS", "PLAN_NOUNS", "THIRD_PERSON", "WRONGDOING_VERBS", "clause_of", "governs",
           "has_subject", "intended_by", "is_first_person", "is_predicate", "negation_reaches", "other_persons_state",
           "other_sense", "parsed", "past_event", "reaches", "reported_in_past", "span_root", "subject_of"]
