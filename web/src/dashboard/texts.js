// The dashboard's texts: the English text is the key, German comes from the dictionary below
// (addTexts('de', ...)); t('{n} customers', {n}) fills placeholders in braces.
//
// Until web/src/common/i18n.js (the shared language and locale module) is on this branch, a
// minimal local version with the same functions stands in here (setLocale, lang, t, tn,
// addTexts, and the locale's dates and months). When i18n.js is merged, this block becomes:
//   import { addTexts } from '../common/i18n.js';
//   export { setLocale, lang, t, tn, dateText, monthText } from '../common/i18n.js';
import { CHART_TEXTS } from '../common/charts.js';

const state = { locale: 'en-US', lang: 'en' };
const dictionaries = { en: {}, de: {} };

export function setLocale({ locale } = {}) {
  let canonical = 'en-US';
  try {
    canonical = Intl.getCanonicalLocales(locale || 'en-US')[0] || 'en-US';
  } catch {
    /* an unknown locale: English */
  }
  state.locale = canonical;
  state.lang = /^de\b/i.test(canonical) ? 'de' : 'en';
  document.documentElement.lang = state.lang;
}
export function lang() {
  return state.lang;
}
export function addTexts(language, dict) {
  Object.assign((dictionaries[language] ||= {}), dict);
}
export function t(key, vars) {
  const text = (state.lang !== 'en' && dictionaries[state.lang]?.[key]) || key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}
export function tn(n, one, many, vars) {
  return t(n === 1 ? one : many, { n, ...vars });
}
/** A calendar date "2026-11-27" in the locale's form. */
export function dateText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  if (!m) return iso == null ? '' : String(iso);
  return new Intl.DateTimeFormat(state.locale, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}
/** A month "2026-11" in the locale's short form. */
export function monthText(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(ym ?? ''));
  if (!m) return ym == null ? '' : String(ym);
  return new Intl.DateTimeFormat(state.locale, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(new Date(Date.UTC(+m[1], +m[2] - 1, 1)));
}
// ---- end of the stand-in ----

addTexts('de', CHART_TEXTS.de);
addTexts('de', {
  // page, status, token
  'winnow dashboard': 'winnow-Dashboard',
  'Results of {time} · {n} customers · winnow {version}': 'Ergebnisse vom {time} · {n} Kunden · winnow {version}',
  'Forget token': 'Token vergessen',
  'The results could not be loaded: {message}': 'Die Ergebnisse konnten nicht geladen werden: {message}',
  'Server not reachable ({message}); retrying': 'Server nicht erreichbar ({message}); neuer Versuch folgt',
  'Access token required': 'Zugangstoken erforderlich',
  'The token was not accepted. Try again.': 'Das Token wurde nicht angenommen. Bitte erneut versuchen.',
  'This winnow server needs an access token. It is kept for this browser tab only.': 'Dieser winnow-Server braucht ein Zugangstoken. Es wird nur für diesen Browser-Tab gespeichert.',
  Token: 'Token',
  'Sign in': 'Anmelden',
  // lists: tools and filters
  'Copy link': 'Link kopieren',
  'Link copied': 'Link kopiert',
  'Link to this view': 'Link zu dieser Ansicht',
  'Copy the link from the field': 'Link aus dem Feld kopieren',
  'Export CSV': 'CSV exportieren',
  'The whole filtered, sorted list as a CSV file': 'Die ganze gefilterte, sortierte Liste als CSV-Datei',
  'The export failed: {message}': 'Der Export ist fehlgeschlagen: {message}',
  all: 'alle',
  Reset: 'Zurücksetzen',
  'Filter the list': 'Liste filtern',
  Tier: 'Stufe',
  Type: 'Typ',
  Region: 'Region',
  Owner: 'Betreuer',
  'Under account': 'Unter Account',
  'account id': 'Account-ID',
  Search: 'Suche',
  'id or name': 'ID oder Name',
  'id or reason': 'ID oder Begründung',
  'id, name or institution': 'ID, Name oder Institution',
  'Key accounts only': 'Nur Key Accounts',
  'Alerts only': 'Nur Warnungen',
  Reason: 'Grund',
  Trend: 'Trend',
  Level: 'Ebene',
  Specialty: 'Fachgebiet',
  Country: 'Land',
  'Rising stars': 'Aufsteiger',
  'only rising stars': 'nur Aufsteiger',
  filtered: 'gefiltert',
  '{n} customer': '{n} Kunde',
  '{n} customers': '{n} Kunden',
  '{n} customer matches the filters': '{n} Kunde entspricht den Filtern',
  '{n} customers match the filters': '{n} Kunden entsprechen den Filtern',
  '{n} customer at risk': '{n} gefährdeter Kunde',
  '{n} customers at risk': '{n} gefährdete Kunden',
  '{n} lost customer': '{n} verlorener Kunde',
  '{n} lost customers': '{n} verlorene Kunden',
  '{n} new alert': '{n} neue Warnung',
  '{n} new alerts': '{n} neue Warnungen',
  '{n} account': '{n} Account',
  '{n} accounts': '{n} Accounts',
  '{n} customer of {rep}': '{n} Kunde von {rep}',
  '{n} customers of {rep}': '{n} Kunden von {rep}',
  '{n} expert': '{n} Experte',
  '{n} experts': '{n} Experten',
  '{n} expert matches the filters': '{n} Experte entspricht den Filtern',
  '{n} experts match the filters': '{n} Experten entsprechen den Filtern',
  // sections
  Customers: 'Kunden',
  'All customers, most valuable first. Filter, sort by a column, and click a row for the customer’s history, predictions and the reasons behind them.':
    'Alle Kunden, die wertvollsten zuerst. Filtern, nach einer Spalte sortieren und eine Zeile anklicken für die Kaufhistorie, die Prognosen und ihre Begründung.',
  'Churn alerts': 'Abwanderungswarnungen',
  'Customers who are slipping away, in three lists: at risk (can still be saved), lost (win-back candidates) and new since the previous run. Sort by any column, search, and click a row for the customer.':
    'Kunden, die abwandern, in drei Listen: gefährdet (noch zu halten), verloren (zurückzugewinnen) und neu seit dem letzten Lauf. Nach jeder Spalte sortieren, suchen und eine Zeile für den Kunden anklicken.',
  'Alert groups': 'Gruppen der Warnungen',
  'At risk': 'Gefährdet',
  Lost: 'Verloren',
  'New since the last run': 'Neu seit dem letzten Lauf',
  'Can still be saved: ranked by the value to save, with the date to contact them by.': 'Noch zu halten: nach dem zu rettenden Wert geordnet, mit dem Datum, bis zu dem sie zu kontaktieren sind.',
  'Win-back candidates: P(alive) below the lost threshold, ranked by the win-back value.': 'Kandidaten für die Rückgewinnung: P(alive) unter der Verlustschwelle, nach dem Rückgewinnungswert geordnet.',
  'Alerts of either group that the previous run did not have.': 'Warnungen beider Gruppen, die der vorige Lauf noch nicht hatte.',
  'There was no previous run to compare with: every alert counts as new.': 'Es gab keinen vorigen Lauf zum Vergleich: jede Warnung gilt als neu.',
  Accounts: 'Accounts',
  'Every account with the values of everything under it (level 0 at the top). Click a row for the account’s view: its customers, alerts, tiers, children and purchases.':
    'Jeder Account mit den Werten von allem darunter (Ebene 0 ganz oben). Eine Zeile anklicken für die Sicht auf den Account: Kunden, Warnungen, Stufen, untergeordnete Accounts und Käufe.',
  'Work list per rep': 'Arbeitsliste je Außendienstler',
  'A rep’s customers in the order to work them: the most expected gain per contact first, then those the plan does not contact. Click a row for the customer.':
    'Die Kunden eines Außendienstlers in der Reihenfolge der Bearbeitung: der größte erwartete Gewinn je Kontakt zuerst, dann die, die der Plan nicht kontaktiert. Eine Zeile anklicken für den Kunden.',
  'All experts': 'Alle Experten',
  'Expert list': 'Expertenliste',
  'Every expert, highest total score first. Filter by specialty, country and tier, and click a row for the scores per criterion, the facts behind them and the expert’s network.':
    'Alle Experten, die höchste Gesamtpunktzahl zuerst. Nach Fachgebiet, Land und Stufe filtern und eine Zeile anklicken für die Punkte je Kriterium, die Fakten dahinter und das Netzwerk.',
  Rep: 'Außendienstler',
  Reps: 'Außendienstler',
  '{channel}, {cost} a contact': '{channel}, {cost} je Kontakt',
  'all of the plan': 'der ganze Plan',
  'Planned contacts': 'Geplante Kontakte',
  'of a capacity of {capacity} ({share})': 'von {capacity} möglichen ({share})',
  Today: 'Heute',
  'contacts per period': 'Kontakte je Periode',
  'Even spread': 'Gleichverteilung',
  contacts: 'Kontakte',
  'Expected gain': 'Erwarteter Gewinn',
  // the detail panel
  Details: 'Details',
  'Close the details': 'Details schließen',
  'Loading {id}…': '{id} wird geladen…',
  'No customer {id}.': 'Kein Kunde {id}.',
  'No account {id}.': 'Kein Account {id}.',
  'Tier {tier}': 'Stufe {tier}',
  'Rising star': 'Aufsteiger',
  'Works at account': 'Arbeitet bei Account',
  Why: 'Warum',
  'Scores (total {total})': 'Punkte (gesamt {total})',
  Criterion: 'Kriterium',
  Score: 'Punkte',
  '0-100 within the comparison group': '0-100 innerhalb der Vergleichsgruppe',
  Weight: 'Gewicht',
  Adds: 'Beitrag',
  'weight × score: the part of the total': 'Gewicht × Punkte: der Anteil an der Summe',
  PageRank: 'PageRank',
  'the raw centrality behind the multiplier': 'die rohe Zentralität hinter dem Multiplikator',
  'Network ({n})': 'Netzwerk ({n})',
  'No joint publications, trials or events with other experts.': 'Keine gemeinsamen Publikationen, Studien oder Veranstaltungen mit anderen Experten.',
  'The experts linked by joint work, strongest link first.': 'Die durch gemeinsame Arbeit verbundenen Experten, die stärkste Verbindung zuerst.',
  Expert: 'Experte',
  'joint publications, trials and events': 'gemeinsame Publikationen, Studien und Veranstaltungen',
  'and {n} more.': 'und {n} weitere.',
  Total: 'Gesamt',
  'owner {owner}': 'Betreuer {owner}',
  'Key account: {why}': 'Key Account: {why}',
  'The alert': 'Die Warnung',
  'Alert: {why}': 'Warnung: {why}',
  under: 'unter',
  'Purchase history ({n})': 'Kaufhistorie ({n})',
  'The next order was expected on {date}: overdue.': 'Die nächste Bestellung war am {date} erwartet: überfällig.',
  'The next order is expected on {date}.': 'Die nächste Bestellung wird am {date} erwartet.',
  'Purchase history and P(alive)': 'Kaufhistorie und P(alive)',
  'No purchases in the log.': 'Keine Käufe im Protokoll.',
  'Experts at this account ({n})': 'Experten bei diesem Account ({n})',
  'No experts work here.': 'Hier arbeiten keine Experten.',
  Value: 'Wert',
  Predictions: 'Prognosen',
  Account: 'Account',
  'Purchase behaviour': 'Kaufverhalten',
  'Key account': 'Key Account',
  Alert: 'Warnung',
  // the account panel
  'Account path': 'Pfad des Accounts',
  CLV: 'CLV',
  'Referral value': 'Empfehlungswert',
  'beside the value, never added': 'neben dem Wert, nie addiert',
  '{money} to save': '{money} zu retten',
  '{money} to win back': '{money} zurückzugewinnen',
  'All customers under this account': 'Alle Kunden unter diesem Account',
  'Its alerts': 'Seine Warnungen',
  Potential: 'Potenzial',
  Structure: 'Struktur',
  Tiers: 'Stufen',
  'Purchases per month': 'Käufe je Monat',
  'Directly under it ({n})': 'Direkt darunter ({n})',
  'Nothing is under this account.': 'Unter diesem Account gibt es nichts.',
  Name: 'Name',
  Kind: 'Art',
  account: 'Account',
  customer: 'Kunde',
  Alerts: 'Warnungen',
  'Top customers': 'Top-Kunden',
  Customer: 'Kunde',
  'P(alive)': 'P(alive)',
  'No customer under this account is at risk or lost.': 'Kein Kunde unter diesem Account ist gefährdet oder verloren.',
  Group: 'Gruppe',
  'Contact by': 'Kontakt bis',
  'To save / win back': 'Zu retten / zurückzugewinnen',
  'Experts ({n})': 'Experten ({n})',
  'Effort plan': 'Einsatzplan',
  'today {n} per period': 'heute {n} je Periode',
  Contacts: 'Kontakte',
  'the first {shown} of {count}': 'die ersten {shown} von {count}',
});
