// Assembles report.html from a results.json and dist/report.{js,css}, exactly as the
// C++ side does in production:
//   node test/make_report.mjs --results PATH/results.json --out PATH/report.html
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const results = arg('results');
const out = arg('out');
if (!results || !out) {
  console.error('usage: node test/make_report.mjs --results PATH/results.json --out PATH/report.html');
  process.exit(2);
}

export function reportHtml(resultsJson, js, css) {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>winnow report</title><style>' +
    css +
    '</style></head>\n<body><div id="app"></div><script id="winnow-results" type="application/json">' +
    resultsJson.replaceAll('</', '<\\/') +
    '</script>\n<script>' +
    js +
    '</script></body></html>\n'
  );
}

const html = reportHtml(readFileSync(results, 'utf8'), readFileSync(join(dist, 'report.js'), 'utf8'), readFileSync(join(dist, 'report.css'), 'utf8'));
writeFileSync(out, html);
console.log(`${out}: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB`);
