// Times the clause ranking alone (no page, no browser) on a built index, as the page runs it.
//
//   node scripts/search_timing.js site/search/clauses-ja.js [--copies N] QUERY...
//
// --copies N ranks over the index's clauses repeated N times (a larger manual of the same text).
// Each query is ranked three times; the last, warm, time is printed with the first result.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");
const ranking = require(path.join(__dirname, "..", "overrides", "assets", "javascripts", "clause-ranking.js"));

const args = process.argv.slice(2);
const copiesAt = args.indexOf("--copies");
const copies = copiesAt === -1 ? 1 : Number(args.splice(copiesAt, 2)[1]);
const [indexFile, ...queries] = args;
if (!indexFile || !queries.length || !(copies >= 1)) {
  console.error("usage: node scripts/search_timing.js site/search/clauses-ja.js [--copies N] QUERY...");
  process.exit(2);
}

const window = {};
vm.runInNewContext(fs.readFileSync(indexFile, "utf8"), { window: window });
const [data] = Object.values(window.clauseSearchIndex);
const rows = [];
for (let copy = 0; copy < copies; copy++) data.clauses.forEach((row) => rows.push(row));
const clauses = ranking.prepare({ lang: data.lang, pages: data.pages, clauses: rows });

console.log(`${clauses.length} clauses (${data.lang})`);
for (const raw of queries) {
  let milliseconds = 0;
  let ranked = [];
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    ranked = ranking.rank(clauses, ranking.parseQuery(raw));
    milliseconds = Number(process.hrtime.bigint() - start) / 1e6;
  }
  console.log(`${milliseconds.toFixed(1)} ms  ${raw}  → ${ranked.length ? ranked[0].clause.id : "nothing"}`);
}
