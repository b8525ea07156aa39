// semaxkg query page: a small editor on the <textarea> (colours, brackets, prefixes and
// completion: query_editor.js), named queries, and results shown as a paged, sortable table
// with labels and links (query_table.js). No library and no asset from the internet: the page
// must work offline. The server side is src/semaxkg/web/sparql/query_page.py.
(function () {
  "use strict";

  var editor = document.getElementById("query");
  var dataNode = document.getElementById("query-page-data");
  if (!editor || !dataNode || !window.fetch) {
    return; // no script support: the plain forms still work
  }
  var form = editor.form;
  var page = JSON.parse(dataNode.textContent);
  var endpoint = form.getAttribute("action");
  var gutter = document.getElementById("query-lines");
  var position = document.getElementById("query-position");
  var select = document.getElementById("named-query");
  var description = document.getElementById("named-description");
  var runButton = document.getElementById("run-query");
  var results = document.getElementById("results");
  var statusLine = document.getElementById("result-status");
  var errorBox = document.getElementById("result-error");
  var booleanLine = document.getElementById("result-boolean");
  var table = document.getElementById("result-table");
  var downloads = document.getElementById("result-downloads");
  var edited = document.getElementById("named-edited");
  var editorApi = window.semaxkgEditor ? window.semaxkgEditor.attach(editor, {
    highlight: document.getElementById("query-highlight"),
    note: document.getElementById("prefix-note"),
    popup: document.getElementById("query-completions"),
    prefixes: page.prefixes,
    endpoint: endpoint,
    search: page.search
  }) : null;
  var tableApi = window.semaxkgTable.create({
    table: table,
    pager: document.getElementById("result-pager"),
    chart: document.getElementById("result-chart-box"),
    pageSize: page.pageSize,
    cell: termCell,
    fetchLabels: fetchLabels
  });

  // SELECT and ASK answer in SPARQL JSON, CONSTRUCT and DESCRIBE in N-Triples (easy to parse
  // exactly, one triple per line).
  var ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9";
  var INDENT = "  ";

  // ---- the editor ---------------------------------------------------------------------

  function lineCount(text) {
    return text.split("\n").length;
  }

  function updateGutter() {
    var lines = lineCount(editor.value);
    var numbers = [];
    for (var i = 1; i <= lines; i += 1) {
      numbers.push(String(i));
    }
    gutter.textContent = numbers.join("\n");
    gutter.scrollTop = editor.scrollTop;
  }

  function updatePosition() {
    var before = editor.value.slice(0, editor.selectionStart);
    var lines = before.split("\n");
    position.textContent = "line " + lines.length + ", column " + (lines[lines.length - 1].length + 1);
  }

  // Selects the token at line `line`, column `column` (1-based; to the line's end when no
  // token starts there) and scrolls it into view.
  function selectAt(line, column) {
    var lines = editor.value.split("\n");
    var target = Math.min(Math.max(line, 1), lines.length);
    var start = 0;
    for (var i = 0; i < target - 1; i += 1) {
      start += lines[i].length + 1;
    }
    var text = lines[target - 1];
    var from = start + Math.min(Math.max(column - 1, 0), text.length);
    var to = start + text.length;
    if (editorApi) {
      editorApi.tokenize(editor.value).forEach(function (token) {
        if (token.start === from && token.kind !== "space") {
          to = from + token.text.length;
        }
      });
    }
    editor.focus();
    editor.setSelectionRange(from, to);
    var lineHeight = editor.scrollHeight / Math.max(lines.length, 1);
    editor.scrollTop = Math.max(0, (target - 3) * lineHeight);
    updatePosition();
  }

  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    } else if (event.key === "Tab" && !event.shiftKey && !event.altKey) {
      // Tab indents inside the editor; Shift+Tab still leaves it (keyboard users keep a way out).
      event.preventDefault();
      var start = editor.selectionStart;
      editor.setRangeText(INDENT, start, editor.selectionEnd, "end");
      updateGutter();
    }
  });
  editor.addEventListener("input", function () {
    updateGutter();
    markEdited();
  });
  editor.addEventListener("scroll", function () { gutter.scrollTop = editor.scrollTop; });
  ["keyup", "click", "select", "focus"].forEach(function (name) {
    editor.addEventListener(name, updatePosition);
  });

  // ---- named queries and the URL ------------------------------------------------------

  // The named-query menu says "edited" once the text is no longer the chosen query's.
  function markEdited() {
    var named = page.named[select.value];
    var changed = Boolean(named) && named.text !== editor.value;
    edited.hidden = !changed;
    Array.prototype.forEach.call(select.options, function (option) {
      var title = option.getAttribute("data-title");
      if (title) {
        option.textContent = title + (changed && option.value === select.value ? " (edited)" : "");
      }
    });
  }

  function showDescription(name) {
    var named = page.named[name];
    description.textContent = named ? named.description : "";
  }

  function pageUrl(params) {
    var search = new URLSearchParams(params).toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  function stateParams(query) {
    var params = {};
    var named = page.named[select.value];
    if (named && named.text === query) {
      params.named = select.value;
    }
    params.query = query;
    return params;
  }

  select.addEventListener("change", function () {
    var named = page.named[select.value];
    showDescription(select.value);
    if (named) {
      editor.value = named.text;
      updateGutter();
      redraw();
      clearResults();
      window.history.replaceState(null, "", pageUrl({ named: select.value }));
    }
  });

  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(window.location.search);
    var name = params.get("named") || "";
    select.value = page.named[name] ? name : "";
    showDescription(select.value);
    var query = params.get("query");
    editor.value = query !== null ? query : (page.named[name] ? page.named[name].text : editor.value);
    updateGutter();
    redraw();
    clearResults();
    if (query !== null) {
      run(true);
    }
  });

  function redraw() {
    if (editorApi) {
      editorApi.draw();
    }
    markEdited();
  }

  // ---- results --------------------------------------------------------------------------

  function setState(state) {
    results.setAttribute("data-state", state);
    runButton.disabled = state === "running";
    results.setAttribute("aria-busy", state === "running" ? "true" : "false");
  }

  function clearResults() {
    statusLine.textContent = "";
    errorBox.hidden = true;
    errorBox.textContent = "";
    booleanLine.hidden = true;
    table.hidden = true;
    table.tHead.textContent = "";
    table.tBodies[0].textContent = "";
    downloads.hidden = true;
    downloads.textContent = "";
    tableApi.clear();
    results.removeAttribute("data-state");
  }

  function showError(title, detail) {
    statusLine.textContent = "";
    errorBox.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = title;
    errorBox.appendChild(strong);
    if (detail) {
      var pre = document.createElement("pre");
      pre.textContent = detail;
      errorBox.appendChild(pre);
    }
    errorBox.hidden = false;
    setState("error");
  }

  function showDownloads(query, kind) {
    downloads.textContent = "Download: ";
    page.downloads[kind].forEach(function (entry) {
      var link = document.createElement("a");
      link.href = endpoint + "?" + new URLSearchParams({ query: query, format: entry.format }).toString();
      link.textContent = entry.label;
      link.setAttribute("download", entry.file);
      link.setAttribute("data-format", entry.format);
      downloads.appendChild(link);
    });
    downloads.hidden = false;
  }

  // Only paths on this server and http(s) IRIs become links; any other scheme (javascript:,
  // data:, vbscript:, file:...) a query can mint with IRI() is shown as inert text. Control
  // characters and whitespace are refused too: a browser drops some before reading the scheme.
  var SAFE_HREF = /^(?:https?:\/\/|\/|#)[^\s\u0000-\u001f\u007f]*$/i;

  function safeHref(href) {
    return typeof href === "string" && SAFE_HREF.test(href) && href.indexOf("\\") < 0 ? href : "";
  }

  // The local path of an IRI under the IRI base (the server's own page), else the IRI when it
  // may be a link, else "".
  function localHref(iri) {
    var base = page.base;
    return safeHref(iri.indexOf(base) === 0 && iri.length > base.length ? "/" + iri.slice(base.length) : iri);
  }

  function fetchLabels(iris) {
    var batches = [];
    for (var i = 0; i < iris.length; i += page.labelBatch) {
      var body = new URLSearchParams();
      iris.slice(i, i + page.labelBatch).forEach(function (iri) { body.append("iri", iri); });
      batches.push(fetch(page.labels, { method: "POST", body: body, headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("labels: HTTP " + response.status);
          }
          return response.json();
        }));
    }
    return Promise.all(batches).then(function (answers) {
      var found = {};
      answers.forEach(function (answer) { Object.assign(found, answer.labels); });
      return found;
    });
  }

  function termCell(term, labels) {
    var cell = document.createElement("td");
    if (!term) {
      return cell;
    }
    if (term.type === "uri") {
      var known = labels[term.value];
      var href = known ? safeHref(known.href) : localHref(term.value);
      // Without a safe href the IRI is a <span>: text a click cannot follow.
      var link = document.createElement(href ? "a" : "span");
      if (href) {
        link.href = href;
      } else {
        link.className = "iri-inert";
      }
      link.textContent = known ? known.label : term.value;
      link.title = term.value;
      link.setAttribute("data-iri", term.value);
      cell.appendChild(link);
    } else if (term.type === "bnode") {
      cell.textContent = "_:" + term.value;
      cell.className = "muted";
    } else if (term.type === "triple") {
      cell.textContent = "<< " + [term.value.subject, term.value.predicate, term.value.object]
        .map(function (part) { return part.value; }).join(" ") + " >>";
    } else {
      cell.textContent = term.value;
      var lang = term["xml:lang"];
      if (lang || term.datatype) {
        var note = document.createElement("span");
        note.className = "muted query-datatype";
        note.textContent = lang ? " @" + lang : "";
        cell.title = lang ? "language: " + lang : "datatype: " + term.datatype;
        cell.appendChild(note);
      }
    }
    return cell;
  }

  function showRows(vars, rows, summary, runNumber, received, started) {
    if (runNumber !== latestRun) {
      return Promise.resolve();
    }
    return tableApi.load(vars, rows).then(function () {
      if (runNumber !== latestRun) {
        return; // a newer query is running: its answer will be shown instead
      }
      // How long the first page took to draw once the answer arrived (the browser test reads it).
      results.setAttribute("data-render-ms", String(Math.round(performance.now() - received)));
      results.setAttribute("data-total-ms", String(Math.round(performance.now() - started)));
      statusLine.textContent = summary;
      setState("done");
    });
  }

  // ---- N-Triples (CONSTRUCT and DESCRIBE answers) -----------------------------------------

  var ESCAPES = { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", "\"": "\"", "'": "'", "\\": "\\" };

  function unescapeText(text) {
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))/g, function (all, u4, u8, c) {
      if (u4 || u8) {
        return String.fromCodePoint(parseInt(u4 || u8, 16));
      }
      return Object.prototype.hasOwnProperty.call(ESCAPES, c) ? ESCAPES[c] : all;
    });
  }

  var TERM = /\s*(?:<([^>]*)>|_:([^\s.]+(?:\.[^\s.]+)*)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?)/y;
  // xsd:string is the datatype of every plain literal: not worth showing.
  var XSD_STRING = /XMLSchema#string$/;

  function readTerm(line, state) {
    TERM.lastIndex = state.at;
    var match = TERM.exec(line);
    if (!match) {
      return null;
    }
    state.at = TERM.lastIndex;
    if (match[1] !== undefined) {
      return { type: "uri", value: unescapeText(match[1]) };
    }
    if (match[2] !== undefined) {
      return { type: "bnode", value: match[2] };
    }
    var literal = { type: "literal", value: unescapeText(match[3]) };
    if (match[4]) {
      literal["xml:lang"] = match[4];
    } else if (match[5] && !XSD_STRING.test(match[5])) {
      literal.datatype = unescapeText(match[5]);
    }
    return literal;
  }

  function parseNTriples(text) {
    var rows = [];
    text.split("\n").forEach(function (line) {
      var trimmed = line.trim();
      if (!trimmed || trimmed.charAt(0) === "#") {
        return;
      }
      var state = { at: 0 };
      var subject = readTerm(line, state);
      var predicate = subject && readTerm(line, state);
      var object = predicate && readTerm(line, state);
      if (object) {
        rows.push({ subject: subject, predicate: predicate, object: object });
      } else {
        // A form this reader does not know (an RDF 1.2 triple term): show the line as it is.
        rows.push({ subject: { type: "literal", value: trimmed } });
      }
    });
    return rows;
  }

  // ---- running a query ------------------------------------------------------------------

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function describeError(status, text) {
    if (status === 400) {
      var at = /at line (\d+), column (\d+)/.exec(text);
      if (at) {
        selectAt(parseInt(at[1], 10), parseInt(at[2], 10));
        return "Error in the query at line " + at[1] + ", column " + at[2];
      }
      return "The query was refused (400)";
    }
    if (status === 503) {
      return "The query was stopped (503): it ran past the time or memory limit";
    }
    if (status === 413) {
      return "The query is too large (413)";
    }
    if (status === 403) {
      return "Refused (403): this endpoint is read-only";
    }
    return "The endpoint answered " + status;
  }

  // Each run gets a number; an answer that arrives after a newer run started is dropped.
  var latestRun = 0;

  function run(fromHistory) {
    var query = editor.value;
    var thisRun = latestRun += 1;
    if (!query.trim()) {
      clearResults();
      showError("The query is empty: write one or choose a named query.", "");
      return Promise.resolve();
    }
    if (editorApi) {
      editorApi.addPrefixes(); // the project's prefixes a pasted query uses undeclared
      query = editor.value;
      updateGutter();
    }
    clearResults();
    setState("running");
    statusLine.textContent = "Running…";
    if (!fromHistory) {
      var url = pageUrl(stateParams(query));
      if (url !== window.location.pathname + window.location.search) {
        window.history.pushState(null, "", url);
      }
    }
    var started = performance.now();
    var body = new URLSearchParams({ query: query });
    return fetch(endpoint, { method: "POST", body: body, headers: { Accept: ACCEPT } })
      .then(function (response) {
        return response.text().then(function (text) {
          if (thisRun !== latestRun) {
            return null;
          }
          var received = performance.now();
          var elapsed = Math.round(received - started);
          if (!response.ok) {
            showError(describeError(response.status, text), text.trim());
            return null;
          }
          var truncated = response.headers.get("SPARQL-Results-Truncated");
          var cut = truncated ? " — cut at the limit of " + truncated + "; download for the same cut answer" : "";
          var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
          if (type === "application/n-triples") {
            var triples = parseNTriples(text);
            showDownloads(query, "graph");
            return showRows(["subject", "predicate", "object"], triples,
              plural(triples.length, "triple") + " in " + elapsed + " ms" + cut, thisRun, received, started);
          }
          var answer = JSON.parse(text);
          showDownloads(query, "results");
          if (typeof answer.boolean === "boolean") {
            booleanLine.textContent = answer.boolean ? "yes" : "no";
            booleanLine.className = "query-boolean " + (answer.boolean ? "yes" : "no");
            booleanLine.hidden = false;
            statusLine.textContent = "ASK answered in " + elapsed + " ms";
            setState("done");
            return null;
          }
          var rows = answer.results.bindings;
          return showRows(answer.head.vars || [], rows,
            plural(rows.length, "row") + " in " + elapsed + " ms" + cut, thisRun, received, started);
        });
      })
      .catch(function (error) {
        if (thisRun !== latestRun) {
          return;
        }
        showError("The endpoint could not be reached or answered something unreadable.", String(error));
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });

  // With the script running, the no-script controls (Load button, format choice) are not needed.
  Array.prototype.forEach.call(document.querySelectorAll(".nojs-only"), function (node) {
    node.hidden = true;
  });
  showDescription(select.value);
  updateGutter();
  markEdited();
  updatePosition();
  if (editor.getAttribute("data-autorun") === "true") {
    run(true);
  }
}());
