"""Write a claim diff as text, Markdown or RDF (the Changeset vocabulary).

In RDF each added, removed or changed claim gets a ``cs:ChangeSet`` whose
``cs:subjectOfChange`` is the claim, with ``cs:changeReason`` ``added``, ``removed`` or
``changed`` and, for a changed claim, each removed and added triple as a reified
``rdf:Statement`` under ``cs:removal`` / ``cs:addition``. Blank-node labels are derived from
the claim ids, so the same diff is written byte for byte the same.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from semaxkg.build.curation.claimdiff import CLAIM_BASE, ClaimDiff, FieldChange, Term
from semaxkg.rdf.iri_scheme import CHANGESET, ID, PREFIXES

CS = CHANGESET
RDF = PREFIXES["rdf"]
#: Output formats of ``semaxkg diff``.
FORMATS = ("text", "markdown", "rdf")


def short(iri: str) -> str:
    """A compact name for an IRI: ``sxo:evidenceLevel``, ``sx:condition/stroke``."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def shown(term: Term) -> str:
    """A term as the curator reads it: short names for IRIs, strings quoted, numbers bare."""
    if isinstance(term, ox.NamedNode):
        return short(term.value)
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if term.language:
            return f"{json.dumps(term.value, ensure_ascii=False)}@{term.language}"
        quoted = kind in ("string", "langString")
        return json.dumps(term.value, ensure_ascii=False) if quoted else term.value
    return f"_:{term.value}"


def field_name(claim: str, change: FieldChange) -> str:
    """The field's name: the predicate, after the sub-resource or conflict it belongs to."""
    own = CLAIM_BASE + claim
    pred = short(change.predicate)
    if change.subject == own:
        return pred
    if change.subject.startswith(own + "/"):
        return f"{change.subject[len(own) + 1:]} {pred}"
    if change.subject.startswith(ID):
        return f"{change.subject[len(ID):]} {pred}"
    return f"{short(change.subject)} {pred}"


def _values(terms: tuple[Term, ...]) -> str:
    return ", ".join(shown(t) for t in terms) or "(none)"


def summary(d: ClaimDiff) -> str:
    """``1 added, 0 removed, 2 changed``."""
    return f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed"


def as_text(d: ClaimDiff, a: str, b: str) -> str:
    """Plain text: one line per claim, then one indented line per changed field."""
    lines = [f"claims from {a} to {b}: {summary(d)}"]
    lines += [f"+ {c}: {d.paraphrases.get(c, '')}" for c in d.added]
    lines += [f"- {c}: {d.paraphrases.get(c, '')}" for c in d.removed]
    for claim, changes in d.changed.items():
        lines.append(f"~ {claim}")
        for ch in changes:
            lines.append(f"    {field_name(claim, ch)}: {_values(ch.removed)} -> {_values(ch.added)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(d: ClaimDiff, a: str, b: str) -> str:
    """Markdown: sections for added, removed and changed claims; a table per changed claim."""
    out = [f"# Changes in the claims from {a} to {b}", "", summary(d) + "."]
    for title, claims in (("Added", d.added), ("Removed", d.removed)):
        if claims:
            out += ["", f"## {title}", ""]
            out += [f"- `{c}`: {_cell(d.paraphrases.get(c, ''))}" for c in claims]
    if d.changed:
        out += ["", "## Changed"]
        for claim, changes in d.changed.items():
            out += ["", f"### `{claim}`", "", "| field | before | after |", "|---|---|---|"]
            out += [f"| {_cell(field_name(claim, ch))} | {_cell(_values(ch.removed))} | "
                    f"{_cell(_values(ch.added))} |" for ch in changes]
    return "\n".join(out) + "\n"


def as_triples(d: ClaimDiff) -> list[ox.Triple]:
    """The diff as Changeset triples."""
    out: list[ox.Triple] = []
    rdf_type = ox.NamedNode(RDF + "type")

    def changeset(claim: str, reason: str) -> ox.BlankNode:
        node = ox.BlankNode("change-" + claim.replace("-", "_"))
        out.append(ox.Triple(node, rdf_type, ox.NamedNode(CS + "ChangeSet")))
        out.append(ox.Triple(node, ox.NamedNode(CS + "subjectOfChange"), ox.NamedNode(CLAIM_BASE + claim)))
        out.append(ox.Triple(node, ox.NamedNode(CS + "changeReason"), ox.Literal(reason)))
        return node

    for claim in d.added:
        changeset(claim, "added")
    for claim in d.removed:
        changeset(claim, "removed")
    for claim, changes in d.changed.items():
        node = changeset(claim, "changed")
        n = 0
        for ch in changes:
            for link, terms in (("removal", ch.removed), ("addition", ch.added)):
                for term in terms:
                    n += 1
                    st = ox.BlankNode(f"{node.value}_{n}")
                    out += [ox.Triple(node, ox.NamedNode(CS + link), st),
                            ox.Triple(st, rdf_type, ox.NamedNode(RDF + "Statement")),
                            ox.Triple(st, ox.NamedNode(RDF + "subject"), ox.NamedNode(ch.subject)),
                            ox.Triple(st, ox.NamedNode(RDF + "predicate"), ox.NamedNode(ch.predicate)),
                            ox.Triple(st, ox.NamedNode(RDF + "object"), term)]
    return out


def as_turtle(d: ClaimDiff) -> str:
    """The diff as Turtle."""
    data = ox.serialize(as_triples(d), format=ox.RdfFormat.TURTLE,
                        prefixes={"cs": CS, "rdf": RDF, "sxo": PREFIXES["sxo"]})
    return (data or b"").decode("utf-8")


def render(d: ClaimDiff, a: str, b: str, fmt: str) -> str:
    """The diff in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "markdown":
        return as_markdown(d, a, b)
    if fmt == "rdf":
        return as_turtle(d)
    return as_text(d, a, b)
