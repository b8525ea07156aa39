// The claims of an entity page as a dashboard (issue 16): filter by source, evidence level,
// hedging and conflict status without a reload; a number of the evidence table shows exactly
// the claims it counts. Cards carry data-f-* attributes (semaxkg.web.pages.claim_facets); no inline
// script, so the page's Content-Security-Policy holds. Without this script every claim shows.
"use strict";

(function () {
  const FACETS = [
    ["source", "Source"], ["level", "Evidence level"], ["hedging", "Hedging"],
    ["conflict", "Conflict status"],
  ];
  const SEP = "|";
  const box = document.getElementById("claim-filters");
  if (!box) return;
  const cards = Array.from(document.querySelectorAll("details.claim-group article.claim"));
  const groups = Array.from(document.querySelectorAll("details.claim-group"));
  const chosen = {};  // facet -> value ("" for all)
  let cell = null;    // {claims: Set, what: string} when a table number was followed

  const values = (card, facet) => (card.getAttribute("data-f-" + facet) || "").split(SEP);
  const matches = (card, skip) => FACETS.every(([facet]) =>
    facet === skip || !chosen[facet] || values(card, facet).includes(chosen[facet]));
  const inCell = (card) => !cell || cell.claims.has(card.getAttribute("data-claim"));
  const plural = (n) => n + (n === 1 ? " claim" : " claims");

  const selects = {};
  const form = document.createElement("form");
  form.className = "filters";
  form.setAttribute("aria-label", "Filter the claims");
  for (const [facet, title] of FACETS) {
    const label = document.createElement("label");
    label.textContent = title + " ";
    const select = document.createElement("select");
    select.name = facet;
    select.addEventListener("change", () => { chosen[facet] = select.value; update(); });
    label.appendChild(select);
    form.appendChild(label);
    selects[facet] = select;
  }
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Show all";
  reset.addEventListener("click", () => {
    for (const [facet] of FACETS) { chosen[facet] = ""; }
    cell = null;
    update();
  });
  form.appendChild(reset);
  const status = document.createElement("p");
  status.className = "filter-status";
  status.setAttribute("role", "status");
  box.appendChild(form);
  box.appendChild(status);
  box.hidden = false;

  // Each option counts the claims it would show given the other filters (counts agree).
  function fillOptions() {
    for (const [facet] of FACETS) {
      const counts = new Map();
      let all = 0;
      for (const card of cards) {
        if (!inCell(card) || !matches(card, facet)) continue;
        all += 1;
        for (const v of values(card, facet)) counts.set(v, (counts.get(v) || 0) + 1);
      }
      for (const v of cards.flatMap((c) => values(c, facet))) if (!counts.has(v)) counts.set(v, 0);
      const select = selects[facet];
      select.textContent = "";
      select.appendChild(new Option("all (" + all + ")", ""));
      for (const v of Array.from(counts.keys()).sort()) {
        select.appendChild(new Option(v + " (" + counts.get(v) + ")", v));
      }
      select.value = chosen[facet] || "";
    }
  }

  function update() {
    let shown = 0;
    for (const card of cards) {
      const visible = inCell(card) && matches(card, null);
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    const filtering = Boolean(cell) || FACETS.some(([facet]) => chosen[facet]);
    for (const group of groups) {
      const total = Number(group.getAttribute("data-count"));
      const visible = group.querySelectorAll("article.claim:not([hidden])").length;
      const count = group.querySelector(".group-count");
      if (count) count.textContent = filtering ? visible + " of " + plural(total) : plural(total);
      group.hidden = visible === 0;
      if (filtering && visible > 0) group.open = true;
    }
    status.textContent = (cell ? "Claims counted in the table at " + cell.what + ": " : "") +
      "showing " + shown + " of " + plural(cards.length) + ".";
    box.setAttribute("data-shown", String(shown));
    fillOptions();
  }

  for (const link of document.querySelectorAll("a.cell-claims")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      cell = {
        claims: new Set((link.getAttribute("data-claims") || "").split(" ").filter(Boolean)),
        what: link.getAttribute("data-what") || "",
      };
      for (const [facet] of FACETS) { chosen[facet] = ""; }
      update();
      box.scrollIntoView();
    });
  }
  update();
})();
