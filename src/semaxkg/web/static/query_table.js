// semaxkg query results: a table drawn one page (100 rows) at a time, sortable by any column,
// and a bar chart (inline SVG, no library) when the answer has one label and one number column.
// Only the rows of the page shown are drawn and labelled: a 10,000-row answer costs one page.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(?:integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedLong|unsignedInt|unsignedShort|unsignedByte)$/;
  // Bars drawn at most (the first rows in the table's order).
  var MAX_BARS = 40;
  var BAR_HEIGHT = 18;
  var LABEL_WIDTH = 220;
  var CHART_WIDTH = 640;
  var LABEL_CHARS = 32;

  function isNumber(term) {
    return Boolean(term && term.type === "literal" && term.datatype && NUMERIC.test(term.datatype) &&
      isFinite(parseFloat(term.value)));
  }

  // Sort key order: unbound, then numbers, then everything else by text.
  function compareTerms(a, b) {
    if (!a || !b) {
      return a ? 1 : b ? -1 : 0;
    }
    var na = isNumber(a);
    var nb = isNumber(b);
    if (na && nb) {
      return parseFloat(a.value) - parseFloat(b.value);
    }
    if (na !== nb) {
      return na ? -1 : 1;
    }
    return String(a.value).localeCompare(String(b.value));
  }

  // [labelColumn, numberColumn] when the answer is exactly one label and one number, else null.
  function chartColumns(vars, rows) {
    if (vars.length !== 2 || rows.length < 2) {
      return null;
    }
    var numeric = vars.map(function (name) {
      var bound = rows.filter(function (row) { return row[name]; });
      return bound.length > 0 && bound.every(function (row) { return isNumber(row[name]); });
    });
    if (numeric[0] === numeric[1]) {
      return null;
    }
    return numeric[1] ? [vars[0], vars[1]] : [vars[1], vars[0]];
  }

  function svgNode(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  function create(options) {
    var table = options.table;
    var pager = options.pager;
    var chartBox = options.chart;
    var pageSize = options.pageSize || 100;
    var state = { vars: [], rows: [], page: 0, sortBy: null, descending: false, labels: {} };

    function pageRows() {
      return state.rows.slice(state.page * pageSize, (state.page + 1) * pageSize);
    }

    function unlabelled(rows) {
      var seen = {};
      rows.forEach(function (row) {
        state.vars.forEach(function (name) {
          var term = row[name];
          if (term && term.type === "uri" && !state.labels[term.value]) {
            seen[term.value] = true;
          }
        });
      });
      return Object.keys(seen);
    }

    function drawHead() {
      var head = document.createElement("tr");
      state.vars.forEach(function (name) {
        var th = document.createElement("th");
        th.setAttribute("scope", "col");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = name;
        button.setAttribute("data-var", name);
        if (state.sortBy === name) {
          th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
          button.textContent += state.descending ? " ▼" : " ▲";
        }
        button.addEventListener("click", function () { sortBy(name); });
        th.appendChild(button);
        head.appendChild(th);
      });
      table.tHead.textContent = "";
      table.tHead.appendChild(head);
    }

    function drawBody(rows) {
      var body = document.createDocumentFragment();
      rows.forEach(function (row) {
        var tr = document.createElement("tr");
        state.vars.forEach(function (name) { tr.appendChild(options.cell(row[name], state.labels)); });
        body.appendChild(tr);
      });
      table.tBodies[0].textContent = "";
      table.tBodies[0].appendChild(body);
      table.hidden = false;
    }

    function pagerButton(text, page, disabled) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text;
      button.disabled = disabled;
      button.setAttribute("data-page", String(page));
      button.addEventListener("click", function () { show(page); });
      return button;
    }

    function drawPager() {
      var pages = Math.max(1, Math.ceil(state.rows.length / pageSize));
      pager.textContent = "";
      if (pages === 1) {
        pager.hidden = true;
        return;
      }
      var first = state.page * pageSize + 1;
      var last = Math.min(state.rows.length, first + pageSize - 1);
      pager.appendChild(pagerButton("← Previous", state.page - 1, state.page === 0));
      var where = document.createElement("span");
      where.id = "result-page";
      where.textContent = " rows " + first + "–" + last + " of " + state.rows.length +
        " (page " + (state.page + 1) + " of " + pages + ") ";
      pager.appendChild(where);
      pager.appendChild(pagerButton("Next →", state.page + 1, state.page >= pages - 1));
      pager.hidden = false;
    }

    function labelText(term) {
      if (!term) {
        return "";
      }
      var known = term.type === "uri" ? state.labels[term.value] : null;
      var text = known ? known.label : String(term.value);
      return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "…" : text;
    }

    function drawChart(rows) {
      chartBox.textContent = "";
      var columns = chartColumns(state.vars, state.rows);
      if (!columns) {
        chartBox.hidden = true;
        return;
      }
      var bars = rows.slice(0, MAX_BARS);
      var values = bars.map(function (row) { return row[columns[1]] ? parseFloat(row[columns[1]].value) : 0; });
      var top = Math.max.apply(null, values.map(Math.abs).concat([1]));
      var height = bars.length * (BAR_HEIGHT + 4) + 4;
      var svg = svgNode("svg", { viewBox: "0 0 " + CHART_WIDTH + " " + height, width: CHART_WIDTH,
        height: height, role: "img", id: "result-chart", "class": "query-chart" });
      var title = svgNode("title", {});
      title.textContent = columns[1] + " by " + columns[0];
      svg.appendChild(title);
      bars.forEach(function (row, i) {
        var y = 4 + i * (BAR_HEIGHT + 4);
        var label = svgNode("text", { x: LABEL_WIDTH - 6, y: y + BAR_HEIGHT - 5, "text-anchor": "end",
          "class": "chart-label" });
        label.textContent = labelText(row[columns[0]]);
        var width = Math.max(1, Math.abs(values[i]) / top * (CHART_WIDTH - LABEL_WIDTH - 60));
        var bar = svgNode("rect", { x: LABEL_WIDTH, y: y, width: width.toFixed(1), height: BAR_HEIGHT,
          "class": "chart-bar" });
        var value = svgNode("text", { x: LABEL_WIDTH + width + 4, y: y + BAR_HEIGHT - 5,
          "class": "chart-value" });
        value.textContent = String(values[i]);
        svg.appendChild(label);
        svg.appendChild(bar);
        svg.appendChild(value);
      });
      var caption = document.createElement("p");
      caption.className = "muted";
      caption.textContent = "Chart: " + columns[1] + " for each " + columns[0] +
        (state.rows.length > bars.length ? " (the first " + bars.length + " rows in the table's order)" : "") + ".";
      chartBox.appendChild(caption);
      chartBox.appendChild(svg);
      chartBox.hidden = false;
    }

    // Draws page `page` (0-based) once the labels of its IRIs are known.
    function show(page) {
      var pages = Math.max(1, Math.ceil(state.rows.length / pageSize));
      state.page = Math.min(Math.max(page, 0), pages - 1);
      var rows = pageRows();
      var missing = unlabelled(rows);
      var labelled = missing.length ? options.fetchLabels(missing) : Promise.resolve({});
      return labelled.catch(function () { return {}; }).then(function (found) {
        Object.assign(state.labels, found);
        drawHead();
        drawBody(rows);
        drawPager();
        drawChart(rows);
      });
    }

    function sortBy(name) {
      state.descending = state.sortBy === name ? !state.descending : false;
      state.sortBy = name;
      var sign = state.descending ? -1 : 1;
      var indexed = state.rows.map(function (row, i) { return [row, i]; });
      indexed.sort(function (a, b) {
        return sign * compareTerms(a[0][name], b[0][name]) || a[1] - b[1];
      });
      state.rows = indexed.map(function (pair) { return pair[0]; });
      return show(0);
    }

    return {
      // Shows `rows` (SPARQL JSON bindings) under the columns `vars`, from the first page.
      load: function (vars, rows) {
        state = { vars: vars, rows: rows, page: 0, sortBy: null, descending: false, labels: {} };
        return show(0);
      },
      clear: function () {
        pager.hidden = true;
        pager.textContent = "";
        chartBox.hidden = true;
        chartBox.textContent = "";
      },
      show: show,
      sortBy: sortBy
    };
  }

  window.semaxkgTable = { create: create, chartColumns: chartColumns, compareTerms: compareTerms };
}());
