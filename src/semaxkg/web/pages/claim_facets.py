"""What a claim card says about itself for the Semax page's filters (issue 16).

Each claim card in a list carries ``data-f-source``, ``data-f-level``, ``data-f-hedging`` and
``data-f-conflict``: the labels of its sources, evidence level, hedging and conflict statuses
(several joined by :data:`SEPARATOR`), or a phrase saying there is none. ``static/dashboard.js``
builds the filters from these attributes and hides the cards that do not match, without a
reload; with no script the page shows every claim, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from markupsafe import Markup, escape

#: Joins several values of one facet (labels never hold it).
SEPARATOR = "|"
#: The facets, in the order the filters are shown: (attribute, what a card without one says).
FACETS = (
    ("source", "no source recorded"),
    ("level", "not graded"),
    ("hedging", "not hedged"),
    ("conflict", "no conflict"),
)


class _Labeller(Protocol):
    def text(self, iri: str) -> str: ...


def _joined(labels: Iterable[str], none: str) -> str:
    found = sorted({label for label in labels if label})
    return SEPARATOR.join(found) if found else none


def claim_facets(claim: Any, link: _Labeller) -> Markup:
    """The ``data-f-*`` attributes of ``claim``'s card (a ``ClaimView``), labelled by ``link``."""
    statuses = [link.text(cf.status) for cf in claim.conflicts if cf.status]
    if not statuses and (claim.conflicts or claim.conflicting):
        statuses = ["in conflict (status not recorded)"]
    values = {
        "source": _joined((link.text(s) for s in claim.sources), FACETS[0][1]),
        "level": _joined([link.text(claim.level)] if claim.level else [], FACETS[1][1]),
        "hedging": _joined([link.text(claim.hedging)] if claim.hedging else [], FACETS[2][1]),
        "conflict": _joined(statuses, FACETS[3][1]),
    }
    return Markup(" ").join(
        Markup('data-f-%s="%s"') % (name, escape(value)) for name, value in values.items())


def init_app(app: Any) -> None:
    """Register :func:`claim_facets` as a template global."""
    app.add_template_global(claim_facets, "claim_facets")
