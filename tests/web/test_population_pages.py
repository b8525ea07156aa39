"""Populations on the pages (issue 12): a population's page lists the studies that examined it
and the claims that name it; a study box shows its population by label, linked to that page.
Expectations come from SPARQL over the built graph the app serves."""

from __future__ import annotations

from browser_support import text
from flask.testing import FlaskClient
from ld_support import BASE, select
from test_resource_pages import by_class, page

from semaxkg.rdf.graph_store import GraphStore

HEALTHY_MEN = BASE + "id/population/healthy-men"
EXAMINED = BASE + "ontology/examinedPopulation"


def test_population_page_lists_its_studies_and_claims(client: FlaskClient, store: GraphStore) -> None:
    studies = {r["s"] for r in select(store, f"""SELECT ?s WHERE {{
        ?s a sxo:Study ; sxo:examinedPopulation <{HEALTHY_MEN}> }}""")}
    claims = {r["c"] for r in select(store, f"""SELECT ?c WHERE {{
        ?c a sxo:Claim ; sxo:populationContext <{HEALTHY_MEN}> }}""")}
    assert len(studies) == 3 and len(claims) == 5
    root = page(client, HEALTHY_MEN)
    assert text(next(root.iter("h1"))) == "healthy men"
    assert {e.get("data-claim") for e in by_class(root, "article", "claim")} == claims
    (group,) = [g for g in by_class(root, "div", "incoming") if g.get("data-property") == EXAMINED]
    listed = {a.get("href") for ul in group.iter("ul") for a in ul.iter("a")}
    assert listed == {"/id/study/" + s.rsplit("/", 1)[-1] for s in studies}


def test_study_box_shows_the_population_by_label_with_a_link(client: FlaskClient) -> None:
    """The request: a study's population was a string no page could link."""
    claim = BASE + "id/claim/s002-semax-general-cerebral-function-stroke"
    (box,) = [b for b in by_class(page(client, claim), "div", "study")
              if b.get("data-study") == BASE + "id/study/gusev-1997"]
    assert [(a.get("href"), text(a)) for a in by_class(box, "a", "population")] == [
        ("/id/population/patients-acute-ischemic-stroke",
         "patients in the acute phase of a hemispheric ischemic stroke")]
    # a study with no recorded population says so
    claim = BASE + "id/claim/s002-semax-dopamine-release"
    boxes = by_class(page(client, claim), "div", "study")
    assert boxes and all(by_class(b, "a", "population") == [] for b in boxes)
    assert all("not recorded" in "".join(b.itertext()) for b in boxes)
