/* Clause search behind Material's search box.
 *
 * Material's page script talks to its search worker in four messages (SETUP, READY, QUERY,
 * RESULT) and renders what comes back. This script stands in for that worker and runs in the
 * page: on SETUP it loads the reader's language's clause index with a <script> tag, which works
 * from file:// where neither fetching a file nor starting a worker does; on QUERY it ranks the
 * clauses. Japanese is matched as substrings of the text (no word segmenter to disagree with the
 * reader); English words by a light stem matched at word starts.
 */
(function () {
  "use strict";

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
        tag.onload = function () { resolve(prepare(window.clauseSearchIndex[language])); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading[language];
  }

  function prepare(data) {
    return data.clauses.map(function (row, order) {
      var page = data.pages[row[2]];
      return {
        id: row[0],
        title: row[1],
        location: page[0] + "#" + row[0],
        page: page[1],
        order: order,
        language: data.lang,
        titleShown: shown(row[1]),
        bodyShown: shown(row[3]),
        titleText: normalize(row[1]),
        bodyText: normalize(row[3]),
        keywordText: normalize(row[4]),
      };
    });
  }

  // Full-width letters, digits and dashes (９－３０１) read as their ASCII forms; case is ignored.
  function shown(text) {
    return text.normalize("NFKC").replace(/[\u2010-\u2015\u2212]/g, "-");
  }

  function normalize(text) {
    return shown(text).toLowerCase();
  }

  /* The query ------------------------------------------------------------------------------ */

  var CLAUSE_ID = /(?<![0-9a-z.\-])((?:[1-9][0-9]?|[a-z])-[0-9]{3})(?![0-9a-z\-])/g;
  var SEPARATORS = /[\s,、。，．・;:!?？！()（）"'“”「」『』【】\/]+/;
  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
  var HIRAGANA_RUN = /[\u3041-\u309f]+/;
  var ENGLISH_STOP_WORDS = new Set((
    "a an and are as at be by can do does for from how i in is it must of on or our shall should the " +
    "to what when where which who with we my"
  ).split(" "));
  var SUFFIXES = [
    "ications", "ication", "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed",
    "es", "s", "age", "e", "y",
  ];

  function parseQuery(raw) {
    var query = normalize(raw).trim();
    var ids = [];
    var rest = query.replace(CLAUSE_ID, function (match) {
      ids.push(match.toUpperCase());
      return " ";
    });
    var words = rest.split(SEPARATORS).filter(Boolean);
    var meaningful = words.filter(function (word) {
      return !ENGLISH_STOP_WORDS.has(word) && !/^[\u3041-\u309f]$/.test(word);
    });
    return {
      ids: ids,
      phrase: words.join(" "),
      terms: (meaningful.length ? meaningful : words).map(makeTerm),
    };
  }

  // A Japanese word is matched whole, or else by its kanji and katakana parts (秘密の保管 →
  // 秘密, 保管), so particles and okurigana do not have to match. An English word is matched by
  // its stem at the start of a word (clearances → clearanc…), a short word or a number whole.
  function makeTerm(word) {
    if (JAPANESE.test(word)) {
      var pieces = word.split(HIRAGANA_RUN).filter(Boolean);
      var long = pieces.filter(function (piece) { return piece.length > 1; });
      return {
        word: word,
        japanese: true,
        pieces: (long.length ? long : pieces).filter(function (piece) { return piece !== word; }),
        marks: [word].concat(pieces),
      };
    }
    var pattern;
    if (word.length <= 4 || /[0-9.\-]/.test(word)) {
      pattern = escapeRegExp(word) + "(?:e?s)?(?![0-9a-z])";
    } else {
      pattern = escapeRegExp(stem(word));
    }
    var regexp = new RegExp("(?<![0-9a-z])" + pattern, "g");
    return { word: word, japanese: false, regexp: regexp, pieces: [], marks: [regexp] };
  }

  function stem(word) {
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i];
      if (word.endsWith(suffix) && word.length - suffix.length >= 4) return word.slice(0, -suffix.length);
    }
    return word;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\\-]/g, "\\$&");
  }

  /* Matching and ranking ------------------------------------------------------------------ */

  function count(text, term) {
    if (term.japanese) {
      var found = 0;
      for (var at = text.indexOf(term.word); at !== -1 && found < 5; at = text.indexOf(term.word, at + 1)) found++;
      return found;
    }
    term.regexp.lastIndex = 0;
    var matches = 0;
    while (matches < 5 && term.regexp.exec(text)) matches++;
    return matches;
  }

  // How well one clause holds one term: 0 when not at all, 1 when whole, less for some pieces.
  function matchTerm(clause, term) {
    var inTitle = count(clause.titleText, term);
    var inBody = count(clause.bodyText, term) + count(clause.keywordText, term);
    if (inTitle || inBody) return { share: 1, title: inTitle > 0, body: inBody };
    if (!term.pieces.length) return null;
    var titled = 0;
    var found = 0;
    term.pieces.forEach(function (piece) {
      if (clause.titleText.indexOf(piece) !== -1) titled++;
      if ([clause.titleText, clause.bodyText, clause.keywordText].some(function (text) { return text.indexOf(piece) !== -1; })) found++;
    });
    if (!found) return null;
    var share = found / term.pieces.length;
    return { share: share * 0.8, title: titled === term.pieces.length, body: found };
  }

  function rank(clauses, query) {
    var matches = clauses.map(function (clause) {
      return query.terms.map(function (term) { return matchTerm(clause, term); });
    });
    // Words found in few clauses weigh more than words found in most ("security").
    var weights = query.terms.map(function (term, t) {
      var holding = matches.filter(function (row) { return row[t] && row[t].share === 1; }).length;
      return 1 + Math.log(clauses.length / (1 + holding));
    });
    var ranked = [];
    clauses.forEach(function (clause, c) {
      var score = 0;
      var coverage = 0;
      matches[c].forEach(function (match, t) {
        if (!match) return;
        coverage += match.share;
        score += weights[t] * match.share * ((match.title ? 6 : 0) + Math.min(match.body, 4) + 1);
      });
      if (!coverage) return;
      if (query.terms.length > 1 && query.phrase) {
        if (clause.titleText.indexOf(query.phrase) !== -1) score += 10;
        else if (clause.bodyText.indexOf(query.phrase) !== -1) score += 4;
      }
      if (clause.titleText === query.phrase) score += 10;
      ranked.push({ clause: clause, coverage: coverage, score: score });
    });
    ranked.sort(function (a, b) {
      return b.coverage - a.coverage || b.score - a.score || a.clause.order - b.clause.order;
    });
    return ranked;
  }

  function search(raw) {
    var query = parseQuery(raw);
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
      items.push(render(clause, query, 1e6 - items.length, exact, otherLanguage));
    });
    if (query.terms.length) {
      rank(clauses, query).forEach(function (result) {
        if (!pinned.has(result.clause.id)) items.push(render(result.clause, query, result.score, false, otherLanguage));
      });
    } else if (query.ids.length) {
      // An ID alone: after the clause itself, the clauses that refer to it.
      var idTerms = query.ids.map(function (id) { return makeTerm(id.toLowerCase()); });
      rank(clauses, { ids: [], phrase: "", terms: idTerms }).forEach(function (result) {
        if (!pinned.has(result.clause.id)) items.push(render(result.clause, { terms: idTerms }, result.score, false, otherLanguage));
      });
    }
    return items.slice(0, MAX_RESULTS).map(function (item) { return [item]; });
  }

  /* Rendering (Material shows the title as HTML: every text is escaped here) --------------- */

  function render(clause, query, score, exact, otherLanguage) {
    var title = '<span class="clause-search__id">' + escapeHtml(clause.id) + "</span> " + marked(clause.titleShown, clause.titleText, query, 0, clause.titleText.length);
    if (exact) title = '<span class="clause-search__go">' + escapeHtml(LABELS.go) + "</span> " + title;
    if (otherLanguage) title += ' <span class="clause-search__language">' + escapeHtml(LABELS.languages[clause.language]) + "</span>";
    title += '<span class="clause-search__page">' + escapeHtml(clause.page) + "</span>";
    var excerpt = snippet(clause.bodyShown, clause.bodyText, query);
    if (excerpt) title += '<span class="clause-search__text">' + excerpt + "</span>";
    var terms = {};
    query.terms.forEach(function (term) { terms[term.word] = true; });
    return { location: clause.location, title: title, text: "", score: score, terms: terms };
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
