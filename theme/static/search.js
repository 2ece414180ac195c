/* sitegen search: queries the index that sitegen/search.py writes into search/ at build time.
   Index files are scripts that call __sitegenSearch(name, data), loaded with <script> elements
   so search works from file:// too; a query loads only the shards of its words and the blocks of
   the results it shows. Document text is only ever set with textContent. No other host is
   contacted. Tokenising here must match sitegen/search.py (fold, stem, tokenize). */
(function () {
  "use strict";

  /* Text: the same rules as sitegen/search.py. */
  var FOLDS = { "ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                "ł": "l", "þ": "th", "ħ": "h", "ŀ": "l", "ς": "σ" };
  var FOLDED = /[ßıøæœđðłþħŀς]/g;
  var WORD = /[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[\p{L}\p{N}]+/gu;
  var RAW_WORD = /[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[\p{L}\p{N}\p{M}]+/gu;
  var PLURALS = [["ies", "y"], ["sses", "ss"], ["shes", "sh"], ["ches", "ch"], ["xes", "x"],
                 ["ss", "ss"], ["us", "us"], ["is", "is"], ["s", ""]];

  var PAGE_SIZE = 20;
  var PREFIX_MIN = 3;          // shorter words only match whole terms
  var MAX_PREFIX_SHARDS = 8;   // a prefix spanning more shards only matches the whole term
  var EXACT_FACTOR = 2;        // a whole-term match counts double a prefix match
  var SNIPPET_BEFORE = 70;
  var SNIPPET_LENGTH = 220;
  var DEBOUNCE_MS = 150;

  function length(text) { return Array.from(text).length; }

  function fold(text) {
    var lowered = text.toLowerCase();
    if (/^[\x00-\x7f]*$/.test(lowered)) { return lowered; }
    return lowered.replace(FOLDED, function (c) { return FOLDS[c]; })
      .normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function stem(word) {
    if (length(word) <= 3 || !/^\p{L}+$/u.test(word)) { return word; }
    for (var i = 0; i < PLURALS.length; i += 1) {
      var ending = PLURALS[i][0];
      if (word.slice(-ending.length) === ending) {
        var kept = word.slice(0, word.length - ending.length);
        return length(kept) >= 2 ? kept + PLURALS[i][1] : word;
      }
    }
    return word;
  }

  function tokenize(text) {
    var terms = [];
    (fold(text).match(WORD) || []).forEach(function (match) {
      var word = match.replace(/,/g, "");
      if (length(word) > 1 || /^\p{Nd}$/u.test(word)) { terms.push(stem(word)); }
    });
    return terms;
  }

  function unique(items) {
    return items.filter(function (item, index) { return items.indexOf(item) === index; });
  }

  /* Loading index files. */
  function makeLoader(base) {
    var arrived = Object.create(null);
    var pending = Object.create(null);
    window.__sitegenSearch = function (name, data) { arrived[name] = data; };
    return function load(name) {
      if (!pending[name]) {
        pending[name] = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = base + name + ".js";
          script.onload = function () {
            script.remove();
            if (name in arrived) { resolve(arrived[name]); } else { reject(new Error(name + " did not register")); }
          };
          script.onerror = function () {
            script.remove();
            delete pending[name];
            reject(new Error("could not load " + script.src));
          };
          document.head.appendChild(script);
        });
      }
      return pending[name];
    };
  }

  /* The index of the last entry of sorted `firsts` that is <= value (0 when none is). */
  function fileOf(firsts, value) {
    var low = 0;
    var high = firsts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= value) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  /* Which shards a query word needs, and whether it may match longer terms it begins. */
  function plan(manifest, word) {
    var firsts = manifest.terms.first;
    if (!firsts.length) { return { word: word, prefix: false, names: [] }; }
    var first = fileOf(firsts, word);
    var prefix = length(word) >= PREFIX_MIN;
    var last = prefix ? fileOf(firsts, word + "\uffff") : first;
    if (last - first + 1 > MAX_PREFIX_SHARDS) { last = first; prefix = false; }
    var names = [];
    for (var i = first; i <= last; i += 1) { names.push(manifest.terms.names[i]); }
    return { word: word, prefix: prefix, names: names };
  }

  function addPostings(scores, packed, factor) {
    var doc = 0;
    for (var i = 0; i < packed.length; i += 1) {
      doc += Math.floor(packed[i] / 10);
      var score = (packed[i] % 10) * factor;
      if (!(scores.get(doc) >= score)) { scores.set(doc, score); }
    }
  }

  /* Each document matching one query word, with its best score for that word. */
  function wordScores(wordPlan, shards) {
    var scores = new Map();
    var word = wordPlan.word;
    shards.forEach(function (shard) {
      if (Object.prototype.hasOwnProperty.call(shard, word)) { addPostings(scores, shard[word], EXACT_FACTOR); }
      if (!wordPlan.prefix) { return; }
      Object.keys(shard).forEach(function (term) {
        if (term !== word && term.lastIndexOf(word, 0) === 0) { addPostings(scores, shard[term], 1); }
      });
    });
    return scores;
  }

  /* Documents matching every word, best first (ties in document order). */
  function rank(perWord) {
    perWord.sort(function (a, b) { return a.size - b.size; });
    var results = [];
    perWord[0].forEach(function (score, doc) {
      var total = score;
      for (var i = 1; i < perWord.length; i += 1) {
        var other = perWord[i].get(doc);
        if (other === undefined) { return; }
        total += other;
      }
      results.push([doc, total]);
    });
    results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return results.map(function (result) { return result[0]; });
  }

  function findDocuments(manifest, load, words) {
    var plans = words.map(function (word) { return plan(manifest, word); });
    return Promise.all(plans.map(function (wordPlan) {
      return Promise.all(wordPlan.names.map(load)).then(function (shards) {
        return wordScores(wordPlan, shards);
      });
    })).then(rank);
  }

  function loadRecords(manifest, load, docs) {
    var blocks = manifest.blocks;
    return Promise.all(docs.map(function (doc) {
      var index = fileOf(blocks.first, doc);
      return load(blocks.names[index]).then(function (records) { return records[doc - blocks.first[index]]; });
    }));
  }

  /* Display: snippets with the matched words marked, built as DOM nodes. */
  function matcher(words) {
    return function (rawWord) {
      return tokenize(rawWord).some(function (term) {
        return words.some(function (word) {
          return term === word || (length(word) >= PREFIX_MIN && term.lastIndexOf(word, 0) === 0);
        });
      });
    };
  }

  function appendMarked(parent, text, isMatch) {
    var last = 0;
    RAW_WORD.lastIndex = 0;
    var found;
    while ((found = RAW_WORD.exec(text)) !== null) {
      if (!isMatch(found[0])) { continue; }
      parent.appendChild(document.createTextNode(text.slice(last, found.index)));
      var mark = document.createElement("mark");
      mark.textContent = found[0];
      parent.appendChild(mark);
      last = found.index + found[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function firstMatch(text, isMatch) {
    RAW_WORD.lastIndex = 0;
    var found;
    while ((found = RAW_WORD.exec(text)) !== null) {
      if (isMatch(found[0])) { return found.index; }
    }
    return -1;
  }

  function snippet(text, isMatch) {
    var flat = text.replace(/\s+/g, " ").trim();
    var at = Math.max(firstMatch(flat, isMatch), 0);
    var start = 0;
    if (at > SNIPPET_BEFORE) {
      var space = flat.indexOf(" ", at - SNIPPET_BEFORE);
      start = space >= 0 && space < at ? space + 1 : at;
    }
    var end = start + SNIPPET_LENGTH;
    if (end >= flat.length) {
      end = flat.length;
    } else if (flat.lastIndexOf(" ", end) > at) {
      end = flat.lastIndexOf(" ", end);
    }
    return (start > 0 ? "… " : "") + flat.slice(start, end) + (end < flat.length ? " …" : "");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function resultItem(record, isMatch) {
    var kind = record[0];
    var item = element("li", "search-result search-" + kind);
    var link = element("a", "search-title");
    link.href = record[1];
    appendMarked(link, record[2], isMatch);
    var meta = element("p", "meta");
    meta.appendChild(element("span", "search-kind", kind === "event" ? "Event" : "Source"));
    if (record[3]) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("span", "search-date", kind === "event" ? record[3] : "published " + record[3]));
    }
    var excerpt = element("p", "search-snippet");
    appendMarked(excerpt, snippet(record[4], isMatch), isMatch);
    item.appendChild(link);
    item.appendChild(meta);
    item.appendChild(excerpt);
    return item;
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  /* The page. */
  function setUp(root) {
    var manifest = JSON.parse(document.getElementById(root.getAttribute("data-manifest")).textContent);
    var load = makeLoader(root.getAttribute("data-index"));
    var form = document.getElementById("search-form");
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var state = { generation: 0, docs: [], shown: 0, words: [], timer: 0 };

    function report(text) { status.textContent = text; }

    function showPage(generation, focusFirst) {
      var docs = state.docs.slice(state.shown, state.shown + PAGE_SIZE);
      return loadRecords(manifest, load, docs).then(function (records) {
        if (generation !== state.generation) { return; }
        var isMatch = matcher(state.words);
        var items = records.map(function (record) { return resultItem(record, isMatch); });
        items.forEach(function (item) { list.appendChild(item); });
        state.shown += items.length;
        more.hidden = state.shown >= state.docs.length;
        more.textContent = "Show more results (" + state.shown + " of " + state.docs.length + " shown)";
        if (focusFirst && items.length) { items[0].querySelector("a").focus(); }
      });
    }

    function run(query) {
      state.generation += 1;
      var generation = state.generation;
      var words = unique(tokenize(query));
      list.textContent = "";
      more.hidden = true;
      state.docs = [];
      state.shown = 0;
      state.words = words;
      if (!words.length) {
        report(query.trim() ? "Type words of two or more letters, or numbers." : "");
        return Promise.resolve();
      }
      return findDocuments(manifest, load, words).then(function (docs) {
        if (generation !== state.generation) { return; }
        state.docs = docs;
        return showPage(generation, false).then(function () {
          if (generation !== state.generation) { return; }
          report(docs.length ? plural(docs.length, "result") + " for “" + query.trim() + "”"
                             : "No results for “" + query.trim() + "”");
        });
      }).catch(function (error) {
        if (generation === state.generation) { report("The search index could not be loaded (" + error.message + ")."); }
      });
    }

    function remember(query) {
      try {
        window.history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : window.location.pathname);
      } catch (error) { /* some browsers refuse history changes on file:// pages; the search still works */ }
    }

    function searchNow() {
      window.clearTimeout(state.timer);
      remember(input.value.trim());
      return run(input.value);
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.search-title")); }

    function moveFocus(event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < all.length - 1) {
        all[at + 1].focus();
      } else if (event.key === "ArrowUp" && at > 0) {
        all[at - 1].focus();
      } else if ((event.key === "ArrowUp" && at === 0) || (event.key === "Escape" && at >= 0)) {
        input.focus();
      } else {
        return;
      }
      event.preventDefault();
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); searchNow(); });
    input.addEventListener("input", function () {
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(searchNow, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    });
    list.addEventListener("keydown", moveFocus);
    more.addEventListener("click", function () { showPage(state.generation, true); });

    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    if (query) { run(query); } else { report("Type a word to search " + manifest.documents + " events and sources."); }
    input.focus();
  }

  window.sitegenSearchText = Object.freeze({ fold: fold, stem: stem, tokenize: tokenize });

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("search");
    if (root) { setUp(root); }
  });
})();
