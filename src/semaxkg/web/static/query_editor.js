// semaxkg query editor: syntax highlighting, bracket matching, the project's prefixes added on
// demand, and completion (ontology terms after a prefix, entities by label with Ctrl+Space).
// A <pre> drawn behind the <textarea> shows the colours; the textarea keeps the text, the caret,
// undo and every browser behaviour. No library, nothing from the internet (offline), no inline
// style (the CSP forbids it: colours are classes in style.css).
(function () {
  "use strict";

  // One token: comment, string, IRI, variable, prefixed name, number, word, bracket, other.
  var TOKEN = /(#[^\n]*)|('''[\s\S]*?(?:'''|$)|"""[\s\S]*?(?:"""|$)|'(?:[^'\\\n]|\\.)*'?|"(?:[^"\\\n]|\\.)*"?)|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z0-9_\u00b7\u00c0-\uffff]*)|([A-Za-z_][\w.-]*?)?(:(?:[\w.%\-]|\\.)*[\w%\-]|:)|([+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+))|(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|([A-Za-z_][A-Za-z0-9_]*)|([{}()[\]])|(\s+)|([\s\S])/g;
  var KEYWORDS = ("BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE " +
    "GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE " +
    "SILENT FILTER BIND NOT IN EXISTS A TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI " +
    "BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS " +
    "STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID " +
    "MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK " +
    "ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR")
    .split(" ");
  var KEYWORD_SET = {};
  KEYWORDS.forEach(function (word) { KEYWORD_SET[word] = true; });
  var PAIRS = { "{": "}", "(": ")", "[": "]" };
  var CLOSERS = { "}": "{", ")": "(", "]": "[" };
  // Most completions shown at once.
  var MAX_CHOICES = 12;

  // [{kind, text, start}] for the whole text; kinds name the CSS classes (tok-<kind>).
  function tokenize(text) {
    var tokens = [];
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      var kind = match[1] ? "comment" : match[2] ? "string" : match[3] ? "iri" : match[4] ? "var"
        : match[6] ? "pname" : match[7] ? "number" : match[8] ? "lang"
        : match[9] ? (KEYWORD_SET[match[9].toUpperCase()] ? "keyword" : "word")
        : match[10] ? "bracket" : match[11] ? "space" : "other";
      tokens.push({ kind: kind, text: match[0], start: match.index });
    }
    return tokens;
  }

  // The prefixes the text declares (PREFIX name: <...>), as a set.
  function declared(tokens) {
    var names = {};
    var code = tokens.filter(function (t) { return t.kind !== "space" && t.kind !== "comment"; });
    code.forEach(function (token, i) {
      if (token.kind === "keyword" && token.text.toUpperCase() === "PREFIX" && code[i + 1] &&
          code[i + 1].kind === "pname") {
        names[code[i + 1].text.split(":")[0]] = true;
      }
    });
    return names;
  }

  // Prefixes used but not declared, in order of first use (a PREFIX line's own name excluded).
  function undeclared(tokens) {
    var have = declared(tokens);
    var missing = [];
    var afterPrefix = false;
    tokens.forEach(function (token) {
      if (token.kind === "space" || token.kind === "comment") {
        return;
      }
      if (token.kind === "pname" && !afterPrefix) {
        var name = token.text.split(":")[0];
        if (!have[name] && missing.indexOf(name) < 0) {
          missing.push(name);
        }
      }
      afterPrefix = token.kind === "keyword" && token.text.toUpperCase() === "PREFIX";
    });
    return missing;
  }

  // The index (in tokens) of the bracket matching tokens[index], or -1.
  function matchingBracket(tokens, index) {
    var open = tokens[index].text;
    var forward = Object.prototype.hasOwnProperty.call(PAIRS, open);
    var depth = 0;
    for (var i = index; i >= 0 && i < tokens.length; i += forward ? 1 : -1) {
      var token = tokens[i];
      if (token.kind !== "bracket") {
        continue;
      }
      var same = token.text === open;
      var partner = forward ? token.text === PAIRS[open] : token.text === CLOSERS[open];
      depth += same ? 1 : partner ? -1 : 0;
      if (depth === 0) {
        return i;
      }
    }
    return -1;
  }

  function attach(editor, options) {
    var highlight = options.highlight;
    var note = options.note;
    var prefixes = options.prefixes || {};
    var popup = options.popup;
    var tokens = [];
    var choices = [];
    var chosen = 0;
    var replaceFrom = 0;
    var ontologyTerms = null;

    // The bracket at or just before the caret (index in tokens), or -1.
    function caretBracket() {
      var at = editor.selectionStart;
      if (editor.selectionEnd !== at) {
        return -1;
      }
      for (var i = 0; i < tokens.length; i += 1) {
        var token = tokens[i];
        if (token.kind === "bracket" && (token.start === at || token.start === at - 1)) {
          if (token.start === at - 1 || i + 1 >= tokens.length || tokens[i + 1].start !== at) {
            return i;
          }
        }
      }
      return -1;
    }

    function draw() {
      var text = editor.value;
      tokens = tokenize(text);
      var bracket = caretBracket();
      var partner = bracket >= 0 ? matchingBracket(tokens, bracket) : -1;
      var fragment = document.createDocumentFragment();
      tokens.forEach(function (token, i) {
        if (token.kind === "space" || token.kind === "other") {
          fragment.appendChild(document.createTextNode(token.text));
          return;
        }
        var span = document.createElement("span");
        span.className = "tok-" + token.kind;
        if (i === bracket || i === partner) {
          span.className += partner >= 0 ? " tok-match" : " tok-unmatched";
        }
        span.textContent = token.text;
        fragment.appendChild(span);
      });
      // A final newline would be swallowed by the <pre>: keep the last line's height.
      fragment.appendChild(document.createTextNode(text.slice(-1) === "\n" ? " \n" : "\n"));
      highlight.textContent = "";
      highlight.appendChild(fragment);
      syncScroll();
    }

    function syncScroll() {
      highlight.scrollTop = editor.scrollTop;
      highlight.scrollLeft = editor.scrollLeft;
    }

    // Declares each project prefix the query uses but does not declare, at the top.
    function addPrefixes() {
      var missing = undeclared(tokenize(editor.value)).filter(function (name) {
        return Object.prototype.hasOwnProperty.call(prefixes, name);
      });
      if (!missing.length) {
        return [];
      }
      var lines = missing.map(function (name) { return "PREFIX " + name + ": <" + prefixes[name] + ">"; });
      var block = lines.join("\n") + "\n";
      var start = editor.selectionStart;
      var end = editor.selectionEnd;
      editor.setRangeText(block, 0, 0, "preserve");
      editor.setSelectionRange(start + block.length, end + block.length);
      note.textContent = "Added " + lines.join(", ") + ": the query used " +
        missing.map(function (name) { return name + ":"; }).join(", ") +
        " without declaring " + (missing.length === 1 ? "it" : "them") + ".";
      note.hidden = false;
      draw();
      return lines;
    }

    // ---- completion -------------------------------------------------------------------------

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
      addPrefixes();
      draw();
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
        draw();
        suggest(true);
      }
    });
    editor.addEventListener("input", function (event) {
      draw();
      if (event.data === ":" || /^[\w-]$/.test(event.data || "")) {
        if (event.data === ":") {
          addPrefixes();
        }
        suggest(false);
      } else {
        closePopup();
      }
    });
    editor.addEventListener("scroll", syncScroll);
    editor.addEventListener("blur", function () { window.setTimeout(closePopup, 150); });
    // The caret moved: the matched bracket may have changed.
    ["keyup", "click"].forEach(function (name) { editor.addEventListener(name, draw); });
    draw();
    highlight.parentNode.classList.add("highlighting");
    return { draw: draw, addPrefixes: addPrefixes, tokenize: tokenize };
  }

  window.semaxkgEditor = { attach: attach, tokenize: tokenize, undeclared: undeclared };
}());
