/* Clause search behind Material's search box.
 *
 * Material's page script talks to its search worker in four messages (SETUP, READY, QUERY,
 * RESULT) and renders what comes back. This script stands in for that worker and runs in the
 * page: on SETUP it loads the reader's language's clause index with a <script> tag, which works
 * from file:// where neither fetching a file nor starting a worker does; on QUERY it ranks the
 * clauses with clause-ranking.js (loaded before this script), which says how.
 */
(function () {
  "use strict";

  var ranking = window.clauseRanking;
  var script = document.currentScript;
  var LANG = script.dataset.lang;
  var INDEXES = JSON.parse(script.dataset.indexes); // {language: url}, the reader's first
  var LABELS = JSON.parse(script.dataset.labels); // {go: "…", languages: {ja: "日本語", …}}
  var WORKER_URL = "clause-search:worker";
  var MAX_RESULTS = 50;

  var MESSAGE = { SETUP: 0, READY: 1, QUERY: 2, RESULT: 3 };

  // Point Material's search at this engine instead of its lunr worker.
  var configElement = document.getElementById("__config");
  var settings = JSON.parse(configElement.textContent);
  settings.search = WORKER_URL;
  configElement.textContent = JSON.stringify(settings);
  var NativeWorker = window.Worker;
  window.Worker = function (url, options) {
    return url === WORKER_URL ? new SearchPort() : new NativeWorker(url, options);
  };

  class SearchPort extends EventTarget {
    constructor() {
      super();
      this.latest = 0;
    }
    postMessage(message) {
      var port = this;
      if (message.type === MESSAGE.SETUP) {
        loadIndex(LANG).then(function () { port.reply({ type: MESSAGE.READY }); });
      } else if (message.type === MESSAGE.QUERY) {
        var number = ++this.latest;
        search(message.data).then(function (items) {
          if (number === port.latest) port.reply({ type: MESSAGE.RESULT, data: { items: items } });
        });
      }
    }
    reply(data) {
      this.dispatchEvent(new MessageEvent("message", { data: data }));
    }
    terminate() {}
  }

  /* The index ------------------------------------------------------------------------------ */

  var loading = {};

  function loadIndex(language) {
    if (!loading[language]) {
      loading[language] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = INDEXES[language];
        tag.onload = function () { resolve(ranking.prepare(window.clauseSearchIndex[language])); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading[language];
  }

  function search(raw) {
    var query = ranking.parseQuery(raw);
    if (!query.ids.length && !query.terms.length) return Promise.resolve([]);
    return loadIndex(LANG).then(function (clauses) {
      var items = searchClauses(clauses, query, false);
      var other = Object.keys(INDEXES).filter(function (language) { return language !== LANG; });
      if (items.length || !other.length) return items;
      // Nothing in the reader's language: offer the other language's clauses, labelled.
      return loadIndex(other[0]).then(function (otherClauses) {
        return searchClauses(otherClauses, query, true);
      });
    });
  }

  function searchClauses(clauses, query, otherLanguage) {
    var items = [];
    var pinned = new Set();
    query.ids.forEach(function (id) {
      var clause = clauses.find(function (candidate) { return candidate.id === id; });
      if (!clause || pinned.has(id)) return;
      pinned.add(id);
      var exact = query.ids.length === 1 && !query.terms.length;
      items.push(render(clause, query, exact, otherLanguage));
    });
    if (query.terms.length) {
      ranking.rank(clauses, query).forEach(function (result) {
        if (!pinned.has(result.clause.id)) items.push(render(result.clause, query, false, otherLanguage));
      });
    } else if (query.ids.length) {
      // An ID alone: after the clause itself, the clauses that refer to it.
      var idTerms = ranking.idTerms(query.ids);
      ranking.rank(clauses, { ids: [], terms: idTerms }).forEach(function (result) {
        if (!pinned.has(result.clause.id)) items.push(render(result.clause, { terms: idTerms }, false, otherLanguage));
      });
    }
    // Material's Enter opens the result with the highest score: the first one shown.
    return items.slice(0, MAX_RESULTS).map(function (item, place) {
      item.score = MAX_RESULTS - place;
      return [item];
    });
  }

  /* Rendering (Material shows the title as HTML: every text is escaped here) --------------- */

  function render(clause, query, exact, otherLanguage) {
    var title = (clause.id ? '<span class="clause-search__id">' + escapeHtml(clause.id) + "</span> " : "") + marked(clause.titleShown, clause.titleText, query, 0, clause.titleText.length);
    if (exact) title = '<span class="clause-search__go">' + escapeHtml(LABELS.go) + "</span> " + title;
    if (otherLanguage) title += ' <span class="clause-search__language">' + escapeHtml(LABELS.languages[clause.language]) + "</span>";
    title += '<span class="clause-search__page">' + escapeHtml(clause.page) + "</span>";
    var excerpt = snippet(clause.bodyShown, clause.bodyText, query);
    if (excerpt) title += '<span class="clause-search__text">' + excerpt + "</span>";
    var terms = {};
    query.terms.forEach(function (term) { terms[term.text] = true; });
    return { location: clause.location, title: title, text: "", score: 0, terms: terms };
  }

  // Matched in the lower-cased text, shown in the original case (same length after NFKC).
  function snippet(shownText, text, query) {
    var first = -1;
    spans(text, query).forEach(function (span) {
      if (first === -1 || span[0] < first) first = span[0];
    });
    if (first === -1) return shownText.length > 120 ? escapeHtml(shownText.slice(0, 120)) + "…" : escapeHtml(shownText);
    var start = Math.max(0, first - 40);
    var end = Math.min(text.length, start + 140);
    return (start > 0 ? "…" : "") + marked(shownText, text, query, start, end) + (end < text.length ? "…" : "");
  }

  // [start, end) of every match of the query's words and pieces in the text.
  function spans(text, query) {
    var found = [];
    (query.terms || []).forEach(function (term) {
      term.marks.forEach(function (mark) {
        if (typeof mark === "string") {
          for (var at = text.indexOf(mark); at !== -1; at = text.indexOf(mark, at + mark.length)) found.push([at, at + mark.length]);
        } else {
          mark.lastIndex = 0;
          for (var match = mark.exec(text); match; match = mark.exec(text)) {
            found.push([match.index, match.index + match[0].length]);
            if (!match[0].length) mark.lastIndex++;
          }
        }
      });
    });
    return found;
  }

  function marked(shownText, text, query, start, end) {
    if (shownText.length !== text.length) shownText = text;
    var inside = new Array(end - start).fill(false);
    spans(text, query).forEach(function (span) {
      for (var i = Math.max(span[0], start); i < Math.min(span[1], end); i++) inside[i - start] = true;
    });
    var html = "";
    var open = false;
    for (var i = start; i < end; i++) {
      if (inside[i - start] !== open) {
        html += open ? "</mark>" : "<mark>";
        open = !open;
      }
      html += escapeHtml(shownText[i]);
    }
    return html + (open ? "</mark>" : "");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
})();
