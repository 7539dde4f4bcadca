// Runs search.js's core against an index on disk, for TestJSParity.
// Usage: node parity.js <search.js> <index dir> <input.json>
// input.json: {"queries": [...], "strings": [...]}; prints JSON to stdout.
'use strict';
const fs = require('fs');
const path = require('path');

const [scriptPath, dir, inputPath] = process.argv.slice(2);
const search = require(path.resolve(scriptPath));
const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));

const reads = [];
function load(name) {
  reads.push(name);
  return Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
}

(async () => {
  const out = { queries: {}, terms: {}, hashes: {}, render: '' };
  for (const q of input.queries) {
    out.queries[q] = await search.query(load, q, 0);
  }
  for (const s of input.strings) {
    out.terms[s] = search.queryTerms(s);
    out.hashes[s] = search.hashTerm(s);
  }
  const r = await search.query(load, input.render, 0);
  out.render = search.renderResults(input.render, r.total, r.results, true);
  out.none = search.renderResults('<b>无</b>', 0, [], false);
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
