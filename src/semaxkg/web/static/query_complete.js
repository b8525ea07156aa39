// semaxkg query editor, completion: after `prefix:` the vocabulary terms of that namespace
// (asked once from the endpoint), and with Ctrl+Space entities by label from GET /api/search
// (no list at all when the server has no search API). query_editor.js calls attach(); the
// list is placed under the caret from the monospace cell size.
(function () {
  "use strict";

  // Most completions shown at once.
  var MAX_CHOICES = 12;

  function attach(editor, options) {
    var popup = options.popup;
    var highlight = options.highlight;
    var prefixes = options.prefixes;
    var choices = [];
    var chosen = 0;
    var replaceFrom = 0;
    var ontologyTerms = null;

    function closePopup() {
      popup.hidden = true;
      popup.textContent = "";
      choices = [];
    }

    function showChoices(list, from) {
      closePopup();
      if (!list.length) {
        return;
      }
      choices = list.slice(0, MAX_CHOICES);
      chosen = 0;
      replaceFrom = from;
      choices.forEach(function (choice, i) {
        var item = document.createElement("li");
        item.setAttribute("role", "option");
        item.id = "completion-" + i;
        item.setAttribute("data-insert", choice.insert);
        var main = document.createElement("span");
        main.textContent = choice.insert;
        item.appendChild(main);
        if (choice.label) {
          var label = document.createElement("span");
          label.className = "muted";
          label.textContent = " " + choice.label;
          item.appendChild(label);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          accept(i);
        });
        popup.appendChild(item);
      });
      placePopup();
      mark();
      popup.hidden = false;
    }

    function mark() {
      Array.prototype.forEach.call(popup.children, function (item, i) {
        item.setAttribute("aria-selected", i === chosen ? "true" : "false");
      });
      editor.setAttribute("aria-activedescendant", "completion-" + chosen);
    }

    // Puts the list under the caret: line and column times the monospace cell size.
    function placePopup() {
      var before = editor.value.slice(0, editor.selectionStart).split("\n");
      var probe = document.createElement("span");
      probe.textContent = "M";
      highlight.appendChild(probe);
      var cell = probe.getBoundingClientRect();
      highlight.removeChild(probe);
      var padding = parseFloat(window.getComputedStyle(editor).paddingLeft) || 0;
      var line = before.length;
      var column = before[before.length - 1].length;
      popup.style.left = Math.max(0, padding + column * cell.width - editor.scrollLeft) + "px";
      popup.style.top = (padding + line * cell.height - editor.scrollTop + 2) + "px";
    }

    function accept(index) {
      var choice = choices[index];
      if (!choice) {
        return;
      }
      editor.setRangeText(choice.insert, replaceFrom, editor.selectionStart, "end");
      closePopup();
      options.accepted();
      options.draw();
      editor.focus();
      editor.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function loadOntologyTerms() {
      if (ontologyTerms) {
        return ontologyTerms;
      }
      // Terms of the vocabularies: classes, properties and named individuals (not instances).
      var kinds = ["Class", "ObjectProperty", "DatatypeProperty", "AnnotationProperty",
        "NamedIndividual"].map(function (name) { return "<" + prefixes.owl + name + ">"; })
        .concat(["<" + prefixes.rdf + "Property>", "<" + prefixes.rdfs + "Class>"]);
      var query = "SELECT ?term (SAMPLE(?name) AS ?label) WHERE { VALUES ?kind { " +
        kinds.join(" ") + " } ?term a ?kind OPTIONAL { ?term <" + prefixes.rdfs + "label> ?name } " +
        "FILTER(isIRI(?term)) } GROUP BY ?term";
      ontologyTerms = fetch(options.endpoint, {
        method: "POST", body: new URLSearchParams({ query: query }),
        headers: { Accept: "application/sparql-results+json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: { bindings: [] } };
      }).then(function (answer) {
        return answer.results.bindings.map(function (row) {
          return { iri: row.term.value, label: row.label ? row.label.value : "" };
        });
      }).catch(function () { return []; });
      return ontologyTerms;
    }

    // Completion of `prefix:part` from the terms of that namespace the served graph has.
    function completeTerm(token) {
      var name = token.text.split(":")[0];
      var part = token.text.slice(name.length + 1);
      var namespace = prefixes[name] || declaredNamespace(name);
      if (!namespace) {
        return;
      }
      loadOntologyTerms().then(function (terms) {
        var lower = part.toLowerCase();
        var found = terms.filter(function (term) {
          var local = term.iri.slice(namespace.length);
          return term.iri.indexOf(namespace) === 0 && /^[A-Za-z_][\w-]*$/.test(local) &&
            local.toLowerCase().indexOf(lower) === 0;
        }).map(function (term) {
          return { insert: name + ":" + term.iri.slice(namespace.length), label: term.label };
        });
        found.sort(function (a, b) { return a.insert.localeCompare(b.insert); });
        if (editor.selectionStart === token.start + token.text.length) {
          showChoices(found, token.start);
        }
      });
    }

    function declaredNamespace(name) {
      var match = new RegExp("PREFIX\\s+" + name.replace(/[^\w-]/g, "") + ":\\s*<([^>]*)>", "i")
        .exec(editor.value);
      return match ? match[1] : "";
    }

    // Entities by label from the search API (GET /api/search); silent when it is missing.
    function completeEntity(token) {
      var url = options.search + "?" + new URLSearchParams({ q: token.text, limit: "10" });
      fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
        return response.ok ? response.json() : { results: [] };
      }).then(function (answer) {
        var found = (answer.results || []).filter(function (hit) {
          return typeof hit.iri === "string" && /^https?:\/\/[^\s<>"{}|^`\\]*$/.test(hit.iri);
        }).map(function (hit) {
          return { insert: "<" + hit.iri + ">", label: hit.label || "" };
        });
        if (editor.selectionStart === token.start + token.text.length) {
          showChoices(found, token.start);
        }
      }).catch(function () { /* no search on this server: no entity completion */ });
    }

    function tokenAtCaret() {
      var at = editor.selectionStart;
      var tokens = options.tokens();
      for (var i = 0; i < tokens.length; i += 1) {
        var token = tokens[i];
        if (token.start < at && token.start + token.text.length >= at) {
          return token;
        }
      }
      return null;
    }

    function suggest(explicit) {
      var token = tokenAtCaret();
      if (!token || editor.selectionStart !== token.start + token.text.length) {
        closePopup();
        return;
      }
      if (token.kind === "pname") {
        completeTerm(token);
      } else if (explicit && (token.kind === "word" || token.kind === "keyword") &&
                 token.text.length >= 2) {
        completeEntity(token);
      } else {
        closePopup();
      }
    }

    editor.addEventListener("keydown", function (event) {
      if (!popup.hidden && choices.length) {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          chosen = (chosen + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
          mark();
          return;
        }
        if (event.key === "Enter" || event.key === "Tab") {
          event.preventDefault();
          event.stopImmediatePropagation();
          accept(chosen);
          return;
        }
        if (event.key === "Escape") {
          closePopup();
          return;
        }
      }
      if (event.key === " " && event.ctrlKey) {
        event.preventDefault();
        options.draw();
        suggest(true);
      }
    });
    editor.addEventListener("blur", function () { window.setTimeout(closePopup, 150); });

    return {
      // After each input: a prefix or a word goes on completing, anything else closes the list.
      typed: function (data) {
        if (data === ":" || /^[\w-]$/.test(data)) {
          suggest(false);
        } else {
          closePopup();
        }
      }
    };
  }

  window.semaxkgComplete = { attach: attach };
}());
