// Autocomplete for every search box marked data-suggest (the header box on every page, the
// /search page's box): after two characters, ask /api/search and list the best matches under
// the box. Without this script the boxes are plain GET forms to /search.
"use strict";
(function () {
  var MIN_CHARS = 2;
  var LIMIT = 8;
  var DELAY_MS = 120;

  function attach(input) {
    var list = document.createElement("ul");
    var timer = null;
    var asked = "";
    var active = -1;
    list.className = "suggest-list";
    list.id = input.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function item(href, text, kind) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      li.setAttribute("role", "option");
      a.href = href;
      a.textContent = text;
      if (kind) {
        var span = document.createElement("span");
        span.className = "kind";
        span.textContent = " " + kind;
        a.appendChild(span);
      }
      li.appendChild(a);
      return li;
    }

    function show(answer) {
      list.textContent = "";
      answer.results.forEach(function (r) {
        list.appendChild(item(r.href || ("/search?q=" + encodeURIComponent(r.label)), r.label, r.kind));
      });
      if (answer.did_you_mean) {
        list.appendChild(item("/search?q=" + encodeURIComponent(answer.did_you_mean),
          "Did you mean " + answer.did_you_mean + "?", ""));
      }
      list.appendChild(item("/search?q=" + encodeURIComponent(answer.query),
        "All results for “" + answer.query + "”", ""));
      list.hidden = false;
      active = -1;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) { close(); return; }
      if (text === asked && !list.hidden) { return; }
      asked = text;
      fetch("/api/search?limit=" + LIMIT + "&q=" + encodeURIComponent(text),
            { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) { if (answer && input.value.trim() === text) { show(answer); } })
        .catch(function () { close(); });
    }

    function move(step) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      if (active >= 0) { items[active].setAttribute("aria-selected", "false"); }
      active = (active + step + items.length) % items.length;
      items[active].setAttribute("aria-selected", "true");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = list.querySelectorAll("li a")[active].href;
      }
    });
    document.addEventListener("click", function (event) {
      if (event.target !== input && !list.contains(event.target)) { close(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
  });
})();
