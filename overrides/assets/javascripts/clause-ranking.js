/* How clauses are ranked for a query: pure functions over the search index, with no page, no
 * DOM and no search box, so that the page (clause-search.js) and node (tests/test_search.py) run
 * the same code.
 *
 * A query is cut into terms: Japanese at its particles and okurigana (runs of hiragana) and at
 * function words (及び, 又は, に関する …), English at spaces, leaving out stop words. Japanese
 * terms are matched as substrings of the text (no word segmenter to disagree with the reader);
 * English terms by a light stem at the start of a word. Each term weighs by BM25: by how rare it
 * is among the clauses (inverse document frequency), and by how often it stands in the clause,
 * a heading counting several times a body. Results are ordered by holding every term, then by
 * score, then by how close the terms stand, and only then by the manual's order.
 */
(function (exports) {
  "use strict";

  /* The index ------------------------------------------------------------------------------ */

  // The index's rows (hooks/dism/search_index.py: pages [url, title], clauses [id, title, page
  // number, text, keywords]) as the records the ranking reads.
  function prepare(data) {
    return data.clauses.map(function (row, order) {
      var page = data.pages[row[2]];
      return {
        id: row[0],
        title: row[1],
        // A row without an ID is a page found as a whole (the duties register): it opens at its top.
        location: row[0] ? page[0] + "#" + row[0] : page[0],
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
  // Where a Japanese query is cut into terms: its particles and okurigana (秘密の保管,
  // 報告しなければならない事故: runs of hiragana) and its function words written with kanji.
  var HIRAGANA_RUNS = /[\u3041-\u309f\s]+/;
  var KANJI_FUNCTION_WORDS = /及び|又は|並びに|若しくは|に(?:関|対)(?:する|して|し)|に係る|に基づ[くき]|に伴う|に際し/g;
  var PARTICLES = new Set((
    "の へ への に を は が と で や も から まで より など について における において による によって として"
  ).split(" "));
  var ENGLISH_STOP_WORDS = new Set((
    "a an and are as at be by can do does for from how i in is it must of on or our shall should the " +
    "to what when where which who with we my about into under any all this that these those its their"
  ).split(" "));
  var SUFFIXES = [
    "ications", "ication", "ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed",
    "es", "s", "age", "e", "y",
  ];

  // {ids: clause IDs typed ("9-301"), terms: what is ranked}.
  function parseQuery(raw) {
    var query = normalize(raw).trim();
    var ids = [];
    var rest = query.replace(CLAUSE_ID, function (match) {
      ids.push(match.toUpperCase());
      return " ";
    });
    var words = rest.split(SEPARATORS).filter(Boolean);
    var terms = [];
    var seen = new Set();
    words.forEach(function (word) {
      var pieces = JAPANESE.test(word) ? japanesePieces(word) : ENGLISH_STOP_WORDS.has(word) ? [] : [word];
      pieces.forEach(function (piece) {
        if (!seen.has(piece)) {
          seen.add(piece);
          terms.push(makeTerm(piece));
        }
      });
    });
    if (!terms.length) terms = words.filter(function (word) { return !seen.has(word); }).map(makeTerm);
    return { ids: ids, terms: terms };
  }

  function japanesePieces(word) {
    var rest = word.replace(KANJI_FUNCTION_WORDS, " ");
    var pieces = rest.split(HIRAGANA_RUNS).filter(Boolean);
    if (pieces.length || rest !== word || PARTICLES.has(word)) return pieces;
    return [word]; // a word of hiragana alone (かぎ) is matched as written
  }

  // A Japanese term is matched as written. An English word, or a Latin part of a Japanese query
  // (SSPの提出), by its stem at the start of a word (clearances → clearanc…), a short word or a
  // number whole (with its plural and, for a word, -ed and -ing: mark → marking).
  function makeTerm(word) {
    if (JAPANESE.test(word) || !/[0-9a-z]/.test(word)) {
      return { text: word, japanese: true, marks: [word] };
    }
    var pattern;
    if (word.length <= 4 || /[0-9.\-]/.test(word)) {
      pattern = escapeRegExp(word) + (/^[a-z]+$/.test(word) ? "(?:e?s|e?d|ing)?" : "(?:e?s)?") + "(?![0-9a-z])";
    } else {
      pattern = escapeRegExp(stem(word)) + "[0-9a-z]*"; // to the end of the word: marked whole
    }
    var regexp = new RegExp("(?<![0-9a-z])" + pattern, "g");
    return { text: word, japanese: false, regexp: regexp, marks: [regexp] };
  }

  // Terms for clause IDs alone, which find the clauses referring to them.
  function idTerms(ids) {
    return ids.map(function (id) { return makeTerm(id.toLowerCase()); });
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

  /* Matching ------------------------------------------------------------------------------- */

  var MAX_HITS = 16; // occurrences counted per term and field: enough for BM25's saturation

  // [start, end) of the first occurrences of the term in the text.
  function hits(text, term) {
    var found = [];
    if (term.japanese) {
      for (var at = text.indexOf(term.text); at !== -1 && found.length < MAX_HITS; at = text.indexOf(term.text, at + 1)) {
        found.push([at, at + term.text.length]);
      }
      return found;
    }
    term.regexp.lastIndex = 0;
    for (var match = term.regexp.exec(text); match && found.length < MAX_HITS; match = term.regexp.exec(text)) {
      found.push([match.index, match.index + match[0].length]);
    }
    return found;
  }

  // The shortest stretch of text holding one occurrence of each list of hits, as
  // {length, gaps}: gaps is the text between them (0 when they stand side by side).
  function closest(lists) {
    var events = [];
    lists.forEach(function (list, t) {
      list.forEach(function (span) { events.push([span[0], span[1], t]); });
    });
    events.sort(function (a, b) { return a[0] - b[0]; });
    var last = new Array(lists.length).fill(null);
    var best = null;
    events.forEach(function (event) {
      last[event[2]] = event;
      if (last.some(function (span) { return span === null; })) return;
      var start = Math.min.apply(null, last.map(function (span) { return span[0]; }));
      var end = Math.max.apply(null, last.map(function (span) { return span[1]; }));
      var covered = last.reduce(function (sum, span) { return sum + span[1] - span[0]; }, 0);
      if (!best || end - start < best.length) best = { length: end - start, gaps: Math.max(0, end - start - covered) };
    });
    return best;
  }

  /* Ranking ------------------------------------------------------------------------------- */

  var K1 = 1.2; // BM25: how soon more occurrences of a term stop adding to its weight
  var B = 0.75; // BM25: how much a long body dilutes an occurrence
  // A term in the heading adds twice the weight the body can give it (at most 1 + K1 times its
  // weight, however often the body repeats it): the heading says what the clause is about.
  var TITLE_WEIGHT = 2 * (K1 + 1);
  var KEYWORD_WEIGHT = 0.5; // NISPOM section titles, glossary definitions: found, not stated
  // Terms standing together (秘密の保管, 秘密等の保管; "storage of secrets") add this share of
  // their weight; at most this much text may stand between two of them.
  var TOGETHER_IN_TITLE = 1;
  var TOGETHER_IN_BODY = 0.5;
  var GAP = { japanese: 4, english: 12 };
  // A heading that says the query and nothing else (秘密の保管 for 秘密の保管 or 秘密を保管;
  // "Storage of Secrets" for "secrets storage") adds this share of its weight.
  var HEADING_IS_QUERY = 1;

  function rank(clauses, query) {
    var terms = query.terms;
    var count = clauses.length;
    var averageBody = clauses.reduce(function (sum, clause) { return sum + clause.bodyText.length; }, 0) / (count || 1);
    var found = clauses.map(function (clause) {
      return terms.map(function (term) {
        var title = hits(clause.titleText, term);
        var body = hits(clause.bodyText, term);
        var keywords = hits(clause.keywordText, term).length;
        return title.length || body.length || keywords ? { title: title, body: body, keywords: keywords } : null;
      });
    });
    // Inverse document frequency: a term in few clauses weighs more than one in most.
    var weights = terms.map(function (term, t) {
      var holding = found.filter(function (row) { return row[t]; }).length;
      return Math.log(1 + (count - holding + 0.5) / (holding + 0.5));
    });
    var gap = terms.some(function (term) { return term.japanese; }) ? GAP.japanese : GAP.english;
    var ranked = [];
    clauses.forEach(function (clause, c) {
      var held = [];
      var score = 0;
      var complete = true;
      var lengthNorm = 1 - B + B * clause.bodyText.length / (averageBody || 1);
      found[c].forEach(function (hit, t) {
        if (!hit) {
          complete = false;
          return;
        }
        held.push(t);
        var inBody = saturated(hit.body.length / lengthNorm) + KEYWORD_WEIGHT * saturated(hit.keywords);
        score += weights[t] * ((hit.title.length ? TITLE_WEIGHT : 0) + inBody);
      });
      if (!held.length) return;
      var heldWeight = held.reduce(function (sum, t) { return sum + weights[t]; }, 0);
      var proximity = Infinity;
      if (held.length > 1) {
        var titleStretch = closest(held.map(function (t) { return found[c][t].title; }));
        var bodyStretch = closest(held.map(function (t) { return found[c][t].body; }));
        var allowed = gap * (held.length - 1);
        if (titleStretch && titleStretch.gaps <= allowed) score += TOGETHER_IN_TITLE * heldWeight;
        else if (bodyStretch && bodyStretch.gaps <= allowed) score += TOGETHER_IN_BODY * heldWeight;
        proximity = Math.min(titleStretch ? titleStretch.length : Infinity, bodyStretch ? bodyStretch.length : Infinity);
      }
      if (held.length === terms.length && headingIsQuery(clause.titleText, found[c])) score += HEADING_IS_QUERY * heldWeight;
      ranked.push({ clause: clause, complete: complete, score: score, proximity: proximity });
    });
    ranked.sort(compare);
    return ranked;
  }

  // Whether the heading holds every term and, besides them, only particles, function words,
  // stop words and punctuation: so these never decide whether a heading is the query.
  function headingIsQuery(title, hitsOfTerms) {
    var rest = title.split("");
    hitsOfTerms.forEach(function (hit) {
      if (!hit.title.length) rest = null;
      else if (rest) hit.title.forEach(function (span) { rest.fill(" ", span[0], span[1]); });
    });
    if (!rest) return false;
    return rest.join("").replace(KANJI_FUNCTION_WORDS, " ").split(SEPARATORS).every(function (word) {
      return !word || /^[\u3041-\u309f]+$/.test(word) || ENGLISH_STOP_WORDS.has(word);
    });
  }

  // BM25's term frequency: each further occurrence adds less.
  function saturated(frequency) {
    return frequency * (K1 + 1) / (frequency + K1);
  }

  // Every term held first; then score; then the terms closer together; then the manual's order.
  function compare(a, b) {
    if (a.complete !== b.complete) return a.complete ? -1 : 1;
    if (Math.abs(a.score - b.score) > 1e-9) return b.score - a.score;
    if (a.proximity !== b.proximity) return a.proximity < b.proximity ? -1 : 1;
    return a.clause.order - b.clause.order;
  }

  exports.prepare = prepare;
  exports.shown = shown;
  exports.normalize = normalize;
  exports.parseQuery = parseQuery;
  exports.idTerms = idTerms;
  exports.rank = rank;
})(typeof module === "object" && module.exports ? module.exports : (window.clauseRanking = {}));
