// semaxkg query editor: syntax highlighting, bracket matching and the project's prefixes added
// on demand; completion is query_complete.js.
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
    var tokens = [];

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

    var completer = window.semaxkgComplete.attach(editor, {
      popup: options.popup, highlight: highlight, prefixes: prefixes, endpoint: options.endpoint,
      search: options.search, tokens: function () { return tokens; }, draw: draw,
      accepted: addPrefixes
    });
    editor.addEventListener("input", function (event) {
      draw();
      if (event.data === ":") {
        addPrefixes();
      }
      completer.typed(event.data || "");
    });
    editor.addEventListener("scroll", syncScroll);
    // The caret moved: the matched bracket may have changed.
    ["keyup", "click"].forEach(function (name) { editor.addEventListener(name, draw); });
    draw();
    highlight.parentNode.classList.add("highlighting");
    return { draw: draw, addPrefixes: addPrefixes, tokenize: tokenize };
  }

  window.semaxkgEditor = { attach: attach, tokenize: tokenize, undeclared: undeclared };
}());
