"""Render a statement as one English sentence from its structured fields alone.

The sentence shows what the fields say, not what the paraphrase says, so reading it checks the
fields: which end of the relation a direction or aspect qualifies (``direction``/``aspect`` are
the object's, ``subject_direction``/``subject_aspect`` the subject's, as in Biolink), the
polarity (``negated``) apart from the hedging, and what a mechanism is offered to explain.
"""

from __future__ import annotations

from collections.abc import Callable

from semaxkg.build.model import Statement

#: predicate → (affirmative, after "to"/"may", negative) verb phrase before the object.
VERBS: dict[str, tuple[str, str, str]] = {
    "affects": ("affects", "affect", "does not affect"),
    "associatedWith": ("is associated with", "be associated with", "is not associated with"),
    "beneficialIn": ("is beneficial in", "be beneficial in", "is not beneficial in"),
    "bindsTo": ("binds to", "bind to", "does not bind to"),
    "comparedWith": ("is compared with", "be compared with", "is not compared with"),
    "derivedFrom": ("is derived from", "be derived from", "is not derived from"),
    "developedBy": ("was developed by", "have been developed by", "was not developed by"),
    "hasAdverseEffect": ("has the adverse effect", "have the adverse effect",
                         "does not have the adverse effect"),
    "hasCASNumber": ("has the CAS number", "have the CAS number", "does not have the CAS number"),
    "hasClassification": ("is classified as", "be classified as", "is not classified as"),
    "hasEffect": ("has an effect on", "have an effect on", "has no effect on"),
    "hasEvidenceBase": ("has as its evidence base", "have as its evidence base",
                        "does not have as its evidence base"),
    "hasEvidenceLimitation": ("has the evidence limitation", "have the evidence limitation",
                              "does not have the evidence limitation"),
    "hasFormulation": ("comes as", "come as", "does not come as"),
    "hasFunction": ("has the function", "have the function", "does not have the function"),
    "hasHalfLife": ("has a half-life of", "have a half-life of", "does not have a half-life of"),
    "hasKeyDifference": ("differs in", "differ in", "does not differ in"),
    "hasMechanism": ("acts through", "act through", "does not act through"),
    "hasMolecularWeight": ("has a molecular weight of", "have a molecular weight of",
                           "does not have a molecular weight of"),
    "hasOriginNote": ("has the origin", "have the origin", "does not have the origin"),
    "hasPublicationYear": ("was published in", "have been published in", "was not published in"),
    "printedDOI": ("is printed with the DOI", "be printed with the DOI", "is not printed with the DOI"),
    "hasRegulatoryStatus": ("has the regulatory status", "have the regulatory status",
                            "does not have the regulatory status"),
    "hasSafetyNote": ("has the safety note", "have the safety note", "does not have the safety note"),
    "hasSampleSize": ("had a sample size of", "have had a sample size of",
                      "did not have a sample size of"),
    "hasSequence": ("has the sequence", "have the sequence", "does not have the sequence"),
    "hasStudyDesign": ("had the design feature", "have had the design feature",
                       "did not have the design feature"),
    "inhibits": ("inhibits", "inhibit", "does not inhibit"),
    "locatedIn": ("is located in", "be located in", "is not located in"),
    "modulates": ("modulates", "modulate", "does not modulate"),
    "proposedFor": ("is proposed for", "be proposed for", "is not proposed for"),
    "studiedIn": ("has been studied in", "have been studied in", "has not been studied in"),
    "studiedPopulation": ("studied", "have studied", "did not study"),
    "studiedSpecies": ("studied the species", "have studied the species", "did not study the species"),
    "usedFor": ("is used for", "be used for", "is not used for"),
}
#: A change verb for the object's direction, replacing the generic verb of these predicates.
CHANGE_VERBS: dict[str, tuple[str, str, str]] = {
    "increased": ("increases", "increase", "does not increase"),
    "decreased": ("decreases", "decrease", "does not decrease"),
    "unchanged": ("leaves unchanged", "leave unchanged", "does not leave unchanged"),
    "mixed": ("has mixed effects on", "have mixed effects on", "does not have mixed effects on"),
}
CHANGING = frozenset({"affects", "hasEffect", "modulates"})
#: Species codes as the plural a sentence needs.
SPECIES_WORDS = {"rat": "rats", "mouse": "mice", "rodent": "rodents", "animal": "animals",
                 "human": "humans", "cells": "cells"}


def _words(code: str) -> str:
    return code.replace("_", " ")


def _qualified(name: str, direction: str | None, aspect: str | None) -> str:
    """"BDNF" with direction and aspect: "a decreased level of BDNF", "increased anxiety"."""
    if aspect and direction:
        article = "an" if direction[0] in "aeiou" else "a"
        return f"{article} {direction} {_words(aspect)} of {name}"
    if aspect:
        return f"the {_words(aspect)} of {name}"
    if direction:
        return f"{direction} {name}"
    return name


def _verb_phrase(st: Statement, negative: bool, hedged: str | None) -> tuple[str, bool]:
    """The verb phrase, and whether the object's direction went into the verb."""
    q = st.qualifiers
    in_verb = st.predicate in CHANGING and q.direction is not None
    forms = CHANGE_VERBS[q.direction] if in_verb and q.direction else VERBS[st.predicate]
    affirmative, base, negated = forms
    if hedged == "suggested":
        return (f"appears not to {base}" if negative else f"appears to {base}"), in_verb
    if hedged == "speculative":
        return (f"may not {base}" if negative else f"may {base}"), in_verb
    return (negated if negative else affirmative), in_verb


def render(st: Statement, label: Callable[[str], str]) -> str:
    """One sentence saying what the statement's fields say; ``label`` names an id or a code."""
    q = st.qualifiers
    subject = _qualified(label(st.subject), q.subject_direction, q.subject_aspect)
    verb, direction_in_verb = _verb_phrase(st, st.negated, st.hedging)
    if st.object is not None:
        obj = label(st.object)
        # "binds to the binding of X" says nothing more than "binds to X".
        aspect = None if st.predicate == "bindsTo" and q.aspect == "binding" else q.aspect
        obj = _qualified(obj, None if direction_in_verb else q.direction, aspect)
    else:
        obj = str(st.value) + (f" {q.unit}" if q.unit else "")
    parts = [f"{subject} {verb} {obj}"]
    if q.fragment:
        parts.append(f"(fragment {q.fragment})")
    if q.anatomy:
        parts.append(f"in the {label(q.anatomy)}")
    if q.condition and q.condition != st.object:
        parts.append(f"in {label(q.condition)}")
    if q.species and q.species != "not_stated":
        parts.append(f"in {SPECIES_WORDS.get(q.species, _words(q.species))}")
    if q.comparator:
        parts.append(f"compared with {label(q.comparator)}")
    if q.jurisdiction:
        parts.append("in " + " and ".join(_words(j) for j in q.jurisdiction))
    sentence = " ".join(parts)
    if st.explains:
        what = " and ".join(label(e) for e in st.explains)
        sentence += f" as the explanation of {what}" if st.negated else f", offered to explain {what}"
    if st.hedging == "anecdotal":
        sentence = "users report that " + sentence
    return sentence[0].upper() + sentence[1:] + "."
