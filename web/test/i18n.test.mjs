// Unit tests of the languages and number formats (src/common/i18n.js, format.js, i18n_de.js):
// the formatters in en-US and de-DE (the one money rule: whole units with grouping, "< 1" between
// 0 and 1, the currency symbol when set), the fallbacks for unknown locales and currencies, and
// that every German text exists: each t('...') of the sources, the section titles, the glossary,
// the words of the codes and the column labels and meanings declared in src/results/columns.h.
// A German text that is missing fails here, not silently in English on a German page.
//   node --test test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setLocale, lang, locale, currency, t, hasText, addTexts, currencySymbol } from '../src/common/i18n.js';
import { fmtMoney, fmtInt, fmtNum, fmtPct, fmtProb, fmtDate, fmtCompact, fmtCode, fmtTimestamp, FORMATS } from '../src/common/format.js';
import { GLOSSARY } from '../src/common/sections/glossary_terms.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const NBSP = '\u00a0';

test('en-US without a currency: grouping with commas, no symbol', () => {
  setLocale({ locale: 'en-US', currency: '' });
  assert.equal(lang(), 'en');
  assert.equal(fmtMoney(10106655.74), '10,106,656');
  assert.equal(fmtMoney(93.2), '93');
  assert.equal(fmtMoney(1433), '1,433');
  assert.equal(fmtMoney(0), '0');
  assert.equal(fmtMoney(0.004), '< 1');
  assert.equal(fmtMoney(0.999), '< 1');
  assert.equal(fmtMoney(-0.3), '> -1');
  assert.equal(fmtMoney(-1234.4), '-1,234');
  assert.equal(fmtMoney(null), '–');
  assert.equal(fmtMoney(''), '–');
  assert.equal(fmtInt(2898), '2,898');
  assert.equal(fmtProb(0.9571), '0.957');
  assert.equal(fmtNum(3.36104, 3), '3.361');
  assert.equal(fmtPct(0.8621), '86.2 %');
  assert.equal(fmtDate('2026-11-27'), '11/27/2026');
  assert.equal(fmtTimestamp('2026-11-27T00:24:00Z'), '11/27/2026 00:24 UTC');
  assert.equal(fmtCompact(1600), '1.6k');
  assert.equal(fmtCompact(9.04e6), '9M');
  assert.equal(fmtCompact(1.26e6), '1.3M');
});

test('de-DE with EUR: dots for thousands, comma for decimals, the euro sign', () => {
  setLocale({ locale: 'de-DE', currency: 'EUR' });
  assert.equal(lang(), 'de');
  assert.equal(currency(), 'EUR');
  assert.equal(fmtMoney(1234567.4), `1.234.567${NBSP}€`);
  assert.equal(fmtMoney(93.2), `93${NBSP}€`);
  assert.equal(fmtMoney(0), `0${NBSP}€`);
  assert.equal(fmtMoney(0.3), `< 1${NBSP}€`);
  assert.equal(fmtInt(1234567), '1.234.567');
  assert.equal(fmtProb(0.957), '0,957');
  assert.equal(fmtPct(0.862), `86,2 %`);
  assert.equal(fmtDate('2026-11-27'), '27.11.2026');
  assert.equal(fmtCompact(1600), `1,6${NBSP}Tsd.`);
  assert.equal(fmtCompact(1.26e6), `1,3${NBSP}Mio.`);
  assert.equal(currencySymbol(), '€');
  assert.equal(FORMATS.money(2500), `2.500${NBSP}€`);
});

test('en-US with USD and de-AT: the symbol and the language follow the settings', () => {
  setLocale({ locale: 'en-US', currency: 'usd' });
  assert.equal(currency(), 'USD');
  assert.equal(fmtMoney(1234567), '$1,234,567');
  assert.equal(fmtMoney(0.5), '< $1');
  setLocale({ locale: 'de-AT', currency: 'EUR' });
  assert.equal(lang(), 'de');
  assert.equal(t('Headline'), 'Überblick');
});

test('money never shows cents, nor "0.00" beside "0"', () => {
  for (const loc of ['en-US', 'de-DE']) {
    setLocale({ locale: loc, currency: '' });
    for (const v of [0, 0.001, 0.5, 0.995, 1, 1.5, 9.99, 12.345, 99.5, 100, 1234.56, 1e7 + 0.4, -5.5]) {
      const s = fmtMoney(v);
      assert.doesNotMatch(s, /[.,]\d{1,2}$/, `${loc}: ${v} → ${s}`);
      assert.notEqual(s, '0.00');
      if (v > 0 && v < 1) assert.equal(s, '< 1');
    }
  }
});

test('an unknown locale or currency falls back (en-US, no symbol) instead of breaking the page', () => {
  setLocale({ locale: 'not a locale!', currency: 'EURO' });
  assert.equal(locale(), 'en-US');
  assert.equal(currency(), '');
  assert.equal(lang(), 'en');
  assert.equal(fmtMoney(1234), '1,234');
  setLocale({});
  assert.equal(locale(), 'en-US');
});

test('t() fills placeholders, and falls back to English for a text without a translation', () => {
  setLocale({ locale: 'de-DE' });
  assert.equal(t('{n} customers', { n: '2.898' }), '2.898 Kunden');
  assert.equal(t('a text nobody translated {x}', { x: 1 }), 'a text nobody translated 1');
  addTexts('de', { 'a text added by a view': 'ein Text einer Ansicht' });
  assert.equal(t('a text added by a view'), 'ein Text einer Ansicht');
  setLocale({ locale: 'en-US' });
  assert.equal(t('{n} customers', { n: '2,898' }), '2,898 customers');
  assert.equal(t('a text added by a view'), 'a text added by a view');
});

// ---- every German text exists ----

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.js') ? [p] : [];
  });
}
const files = sources(join(web, 'src'));

/** The keys a source passes to t() as string literals ('...', "...", or `...` without ${}). */
function keysOf(text) {
  const keys = [];
  const lit = String.raw`'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|\x60((?:[^\x60\\$]|\\.)*)\x60`;
  for (const m of text.matchAll(new RegExp(String.raw`(?<![\w.$])t\(\s*(?:${lit})`, 'g'))) {
    const raw = m[1] ?? m[2] ?? m[3];
    keys.push(raw.replace(/\\(.)/g, '$1'));
  }
  return keys;
}

test('the key scanner finds the keys of t() calls and nothing else', () => {
  const sample = "t('One'), t(\"Two {n}\", {n}), t(`Three`), fmt('No'), x.t('No'), t(variable), it('No'), t('It\\'s')";
  assert.deepEqual(keysOf(sample), ['One', 'Two {n}', 'Three', "It's"]);
});

test('every text the sources pass to t() has a German translation', async () => {
  // The views register their own texts (addTexts('de', ...)) in modules of their own: load them.
  for (const f of files) {
    if (f.endsWith(join('common', 'i18n.js'))) continue;
    if (/addTexts\(\s*['"]de['"]/.test(readFileSync(f, 'utf8'))) {
      await import(pathToFileURL(f).href).catch((e) => assert.fail(`${relative(web, f)} registers German texts but cannot be loaded without a browser (keep texts in a module of their own): ${e.message}`));
    }
  }
  const missing = [];
  let count = 0;
  for (const f of files) {
    for (const key of keysOf(readFileSync(f, 'utf8'))) {
      count++;
      if (!hasText('de', key)) missing.push(`${relative(web, f)}: ${JSON.stringify(key)}`);
    }
  }
  assert.ok(count > 200, `only ${count} t() calls found: is the scanner broken?`);
  assert.deepEqual(missing, [], `German texts missing (add them to src/common/i18n_de.js or the view's own texts):\n${missing.join('\n')}`);
});

// (sections.js shows them through t(); checked in the files that use i18n: the shared sections, the
// report's, and a view's once it has its German texts)
test('every section title (defineSection title / navTitle / static intro) has a German translation', () => {
  const missing = [];
  const usesI18n = (text) => /from '[./]*(common\/)?i18n\.js'/.test(text);
  for (const f of files.filter((x) => readFileSync(x, 'utf8').includes('defineSection(') && usesI18n(readFileSync(x, 'utf8')))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s+(title|navTitle|intro): '((?:[^'\\]|\\.)*)',$/gm)) {
      if (!hasText('de', m[2])) missing.push(`${relative(web, f)}: ${m[1]} ${JSON.stringify(m[2])}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the glossary explains every entry in both languages, and its terms are translated', () => {
  const ids = new Set();
  for (const g of GLOSSARY) {
    assert.ok(!ids.has(g.id), `duplicate glossary id ${g.id}`);
    ids.add(g.id);
    assert.ok(g.en.length > 40 && g.de.length > 40, `glossary ${g.id}: an explanation is missing`);
    assert.notEqual(g.en, g.de, `glossary ${g.id}: the German text is the English one`);
    assert.ok(hasText('de', g.term), `glossary term ${g.term} has no German translation`);
  }
  for (const id of ['p-alive', 'clv', 'value', 'referral-value', 'value-to-save', 'win-back-value', 'dert', 'expected-gap', 'overdue', 'gap-cv', 'order-size-change', 'gap-change', 'trend', 'contact-by', 'mae', 'bic', 'gini', 'share-of-wallet', 'upside', 'tiers', 'key-account']) {
    assert.ok(ids.has(id), `the glossary lacks ${id}`);
  }
});

test('the codes of the tables read as German words', () => {
  setLocale({ locale: 'de-DE' });
  assert.equal(fmtCode('at_risk'), 'gefährdet');
  assert.equal(fmtCode('lost'), 'verloren');
  assert.equal(fmtCode('new'), 'neu');
  assert.equal(fmtCode('low_p_alive+overdue'), 'niedriges P(alive) + überfällig');
  assert.equal(fmtCode('shrinking_orders+slowing'), 'schrumpfende Bestellungen + seltener');
  assert.equal(fmtCode('value+upside'), 'Wert + offenes Potenzial');
  assert.equal(fmtCode(true), 'ja');
  setLocale({ locale: 'en-US' });
  assert.equal(fmtCode('low_p_alive+overdue'), 'low P(alive) + overdue');
  assert.equal(fmtCode('at_risk'), 'at risk');
});

/** The columns declared in src/results/columns.h: {name, label, meaning} of each initializer. */
function declaredColumns() {
  const text = readFileSync(join(web, '..', 'src', 'results', 'columns.h'), 'utf8');
  const lit = String.raw`"((?:[^"\\]|\\.)*)"`;
  const re = new RegExp(String.raw`\{\s*"(\w+)",\s*k\w+,\s*k\w+,\s*${lit},\s*((?:${lit}\s*)+)\}`, 'g');
  const unq = (s) => s.replace(/\\(.)/g, '$1');
  return [...text.matchAll(re)].map((m) => ({
    name: m[1],
    label: unq(m[2]),
    meaning: [...m[3].matchAll(new RegExp(lit, 'g'))].map((x) => unq(x[1])).join(''),
  }));
}

test('every declared column label and meaning (src/results/columns.h) has a German translation', () => {
  const columns = declaredColumns();
  assert.ok(columns.length > 80, `only ${columns.length} columns parsed from columns.h`);
  const missing = [];
  for (const c of columns) {
    if (!hasText('de', c.label)) missing.push(`label of ${c.name}: ${JSON.stringify(c.label)}`);
    if (!hasText('de', c.meaning)) missing.push(`meaning of ${c.name}: ${JSON.stringify(c.meaning)}`);
  }
  assert.deepEqual(missing, []);
});
