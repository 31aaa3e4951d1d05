// The glossary: every measure of the report and the dashboard in plain words, in English and
// German, for a reader who is not a statistician. The Glossary section lists the entries
// (anchors #g-<id>); column headings and headline figures point to them.
//
// An entry: {id, term (English; German through i18n's dictionary), en, de (the explanation),
// columns (the declared columns it explains, any file)}.

export const GLOSSARY = [
  {
    id: 'value',
    term: 'Value',
    columns: ['value'],
    en: 'What the tiers and rankings use. By default it is the customer lifetime value (CLV); with [tiers] rank_by = "clv+referral" it is CLV plus referral value. The portfolio figure is always the customer value (the sum of CLV), so nothing is counted twice.',
    de: 'Die Größe, nach der Stufen und Ranglisten gebildet werden. Standard ist der Kundenwert (CLV); mit [tiers] rank_by = "clv+referral" ist es CLV plus Empfehlungswert. Die Portfoliozahl ist immer der Kundenwert (die Summe der CLV), damit nichts doppelt gezählt wird.',
  },
  {
    id: 'clv',
    term: 'CLV',
    columns: ['clv'],
    en: 'Customer lifetime value: the margin the customer is expected to bring over the horizon, counted in today\'s money (margin × expected spend per purchase × DERT). It already accounts for the chance that the customer has stopped buying.',
    de: 'Kundenwert (Customer Lifetime Value): die Marge, die der Kunde im Betrachtungszeitraum voraussichtlich bringt, in heutigem Geld (Marge × erwarteter Umsatz je Kauf × DERT). Die Möglichkeit, dass der Kunde nicht mehr kauft, ist schon berücksichtigt.',
  },
  {
    id: 'customer-value',
    term: 'Customer value',
    columns: [],
    en: 'The sum of all customers\' CLV: the value of the portfolio. Referral value is shown beside it, never added to it, because the value of a referred customer is already in that customer\'s own CLV.',
    de: 'Die Summe der CLV aller Kunden: der Wert des Portfolios. Der Empfehlungswert steht daneben und wird nie hinzugezählt, denn der Wert eines empfohlenen Kunden steckt schon in dessen eigenem CLV.',
  },
  {
    id: 'referral-value',
    term: 'Referral value',
    columns: ['referral_value', 'referred_clv', 'referral_future', 'referral_realized'],
    en: 'The value a customer causes by recommending others (after Kumar, Petersen & Leone): the expected future referrals times the value of a typical referred customer times P(alive), plus a small share (default 20 %) of the referred customers\' CLV. It is attributed to the referrer and shown separately; it is not added to the portfolio value.',
    de: 'Der Wert, den ein Kunde durch Empfehlungen bewirkt (nach Kumar, Petersen & Leone): die erwarteten künftigen Empfehlungen × der Wert eines typischen empfohlenen Kunden × P(alive), dazu ein kleiner Anteil (Standard 20 %) des CLV der empfohlenen Kunden. Er wird dem Empfehlenden zugerechnet und getrennt gezeigt, nicht zum Portfoliowert addiert.',
  },
  {
    id: 'p-alive',
    term: 'P(alive)',
    columns: ['p_alive'],
    en: 'The probability that the customer still buys from you: 1 means surely active, 0 surely gone. It falls the longer a customer stays silent compared with how often they used to buy.',
    de: 'Die Wahrscheinlichkeit, dass der Kunde noch bei Ihnen kauft: 1 heißt sicher aktiv, 0 sicher verloren. Sie sinkt, je länger ein Kunde im Vergleich zu seinem gewohnten Kaufrhythmus schweigt.',
  },
  {
    id: 'dert',
    term: 'DERT',
    columns: ['dert'],
    en: 'Discounted expected residual transactions: how many purchases the customer is expected to make over the horizon, with later purchases counted a little less (discounting).',
    de: 'Diskontierte erwartete Restkäufe: wie viele Käufe der Kunde im Betrachtungszeitraum voraussichtlich tätigt, spätere Käufe etwas geringer gewichtet (Abzinsung).',
  },
  {
    id: 'value-to-save',
    term: 'Value to save',
    columns: ['value_at_risk'],
    en: 'For a customer at risk: the CLV that is still there to keep if you act now (P(alive) × what the customer is worth while active). 0 for lost customers (see win-back value). In the account tables: the sum over the at-risk customers under the account.',
    de: 'Bei einem gefährdeten Kunden: der CLV, der noch zu halten ist, wenn Sie jetzt handeln (P(alive) × was der Kunde wert ist, solange er aktiv ist). 0 bei verlorenen Kunden (siehe Rückgewinnungswert). In den Accounttabellen: die Summe über die gefährdeten Kunden unter dem Account.',
  },
  {
    id: 'win-back-value',
    term: 'Win-back value',
    columns: ['win_back_value'],
    en: 'For a lost customer: what winning the customer back would bring — the margin on the revenue per year the customer used to bring (counted over at least a year, so that a few orders long ago do not read as a yearly rate), over the horizon, discounted. A measure for choosing win-back candidates, not value you hold today.',
    de: 'Bei einem verlorenen Kunden: was eine Rückgewinnung brächte — die Marge auf den Jahresumsatz, den der Kunde früher brachte (über mindestens ein Jahr gerechnet, damit wenige Bestellungen vor langer Zeit nicht als Jahresrate gelten), über den Horizont, abgezinst. Ein Maß zur Wahl von Rückgewinnungskandidaten, kein Wert, den Sie heute haben.',
  },
  {
    id: 'alert-groups',
    term: 'Alert groups',
    columns: ['group', 'alert', 'reason'],
    en: 'At risk: live customers whose P(alive) is low or whose next order is overdue; they can still be saved (the default list). Lost: customers whose P(alive) is below the lost threshold (alerts.lost_below); candidates for win-back. New: alerts that were not in the previous run.',
    de: 'Gefährdet: aktive Kunden mit niedrigem P(alive) oder überfälliger Bestellung; sie sind noch zu halten (die Standardliste). Verloren: Kunden mit P(alive) unter der Verlustschwelle (alerts.lost_below); Kandidaten für Rückgewinnung. Neu: Warnungen, die im vorigen Lauf noch nicht da waren.',
  },
  {
    id: 'new',
    term: 'New',
    columns: ['new'],
    en: 'The alert was not in the previous run\'s alert list (kept from the last run in the output folder).',
    de: 'Die Warnung stand nicht in der Warnliste des vorigen Laufs (aus dem letzten Lauf im Ausgabeordner).',
  },
  {
    id: 'expected-gap',
    term: 'Expected gap',
    columns: ['expected_gap_days'],
    en: 'The number of days you would normally wait between two orders of this customer while the customer is active.',
    de: 'Die Zahl der Tage, die man bei diesem Kunden, solange er aktiv ist, normalerweise zwischen zwei Bestellungen wartet.',
  },
  {
    id: 'overdue',
    term: 'Overdue ×',
    columns: ['overdue_ratio', 'days_since_last'],
    en: 'Days since the last order divided by the expected gap: 1 means the next order is due now, 3 means the customer has been silent three times as long as usual.',
    de: 'Tage seit der letzten Bestellung geteilt durch den erwarteten Abstand: 1 heißt, die nächste Bestellung ist jetzt fällig; 3 heißt, der Kunde schweigt dreimal so lange wie üblich.',
  },
  {
    id: 'trend',
    term: 'Trend',
    columns: ['trend'],
    en: 'The warning signs that often come before a business customer leaves: shrinking orders (the recent orders are smaller than before) and slowing (the gaps between orders grow).',
    de: 'Die Warnzeichen, die dem Abwandern eines Geschäftskunden oft vorausgehen: schrumpfende Bestellungen (die letzten Bestellungen sind kleiner als früher) und seltener (die Abstände zwischen Bestellungen wachsen).',
  },
  {
    id: 'order-size-change',
    term: 'Order size Δ',
    columns: ['order_size_change'],
    en: 'The mean order of the most recent third of the customer\'s orders against the earlier ones, as a change: −35 % means the recent orders are about a third smaller. Empty with fewer than 4 orders.',
    de: 'Die mittlere Bestellung des letzten Drittels der Bestellungen gegenüber den früheren, als Änderung: −35 % heißt, die letzten Bestellungen sind etwa ein Drittel kleiner. Leer bei weniger als 4 Bestellungen.',
  },
  {
    id: 'gap-change',
    term: 'Gap Δ',
    columns: ['gap_change'],
    en: 'The mean of the most recent third of the gaps between orders against the earlier gaps, as a change: +40 % means the customer now orders less often. Empty with fewer than 4 gaps.',
    de: 'Der mittlere Abstand des letzten Drittels der Abstände zwischen Bestellungen gegenüber den früheren, als Änderung: +40 % heißt, der Kunde bestellt jetzt seltener. Leer bei weniger als 4 Abständen.',
  },
  {
    id: 'contact-by',
    term: 'Contact by',
    columns: ['contact_by'],
    en: 'The date by which someone should contact the customer at risk: the day on which, without a new order, P(alive) would fall below the lost threshold. Empty when that day lies beyond the alerts’ lookahead (no deadline within it: a slow buyer, or a model that sees no churn), and for lost customers.',
    de: 'Das Datum, bis zu dem jemand den gefährdeten Kunden ansprechen sollte: der Tag, an dem P(alive) ohne neue Bestellung unter die Verlustschwelle fiele. Leer, wenn dieser Tag nach der Vorschau der Warnungen liegt (keine Frist darin: ein langsamer Käufer oder ein Modell, das keine Abwanderung sieht), und bei verlorenen Kunden.',
  },
  {
    id: 'gap-cv',
    term: 'Gap CV',
    columns: ['gap_cv'],
    en: 'How regular the customer\'s orders are: the spread of the gaps between orders divided by their mean. Near 0 means very regular; above 1 means irregular.',
    de: 'Wie regelmäßig der Kunde bestellt: die Streuung der Abstände zwischen Bestellungen geteilt durch ihren Mittelwert. Nahe 0 heißt sehr regelmäßig, über 1 unregelmäßig.',
  },
  {
    id: 'mae',
    term: 'MAE',
    columns: [],
    en: 'Mean absolute error: on a hold-out period, how far the model\'s predicted purchases were from the real ones, on average per customer. Smaller is better.',
    de: 'Mittlerer absoluter Fehler: wie weit die vorhergesagten Käufe in einem zurückgehaltenen Zeitraum im Mittel je Kunde von den tatsächlichen lagen. Kleiner ist besser.',
  },
  {
    id: 'bic',
    term: 'BIC',
    columns: [],
    en: 'Bayesian information criterion: how well a model fits the purchase history, with a penalty for more parameters. It is used to choose between models; smaller is better.',
    de: 'Bayessches Informationskriterium: wie gut ein Modell die Kaufhistorie erklärt, mit einem Abschlag für mehr Parameter. Es dient der Wahl zwischen Modellen; kleiner ist besser.',
  },
  {
    id: 'gini',
    term: 'Gini coefficient',
    columns: [],
    en: 'How concentrated the value is: 0 if every customer were worth the same, near 1 if a few customers hold almost all of it.',
    de: 'Wie konzentriert der Wert ist: 0, wenn jeder Kunde gleich viel wert wäre, nahe 1, wenn wenige Kunden fast alles halten.',
  },
  {
    id: 'top20',
    term: 'Top 20 % hold',
    columns: [],
    en: 'The share of the total value held by the most valuable fifth of the customers.',
    de: 'Der Anteil am Wert, den das wertvollste Fünftel der Kunden hält.',
  },
  {
    id: 'tiers',
    term: 'Tiers',
    columns: ['tier'],
    en: 'Value classes: customers ranked by value, most valuable first; tier A ends where the cumulative share of value passes the first cut (e.g. 80 %), tier B at the second, and so on.',
    de: 'Wertklassen: Kunden nach Wert geordnet, die wertvollsten zuerst; Stufe A endet, wo der kumulierte Wertanteil die erste Grenze überschreitet (z. B. 80 %), Stufe B an der zweiten usw.',
  },
  {
    id: 'key-account',
    term: 'Key account',
    columns: ['key_account'],
    en: 'A live customer (P(alive) above the lost threshold) among the most valuable ones (value), or with the largest upside (upside), or both. Lost customers are never key accounts; those with upside appear in the win-back list.',
    de: 'Ein aktiver Kunde (P(alive) über der Verlustschwelle) unter den wertvollsten (Wert), mit dem größten Potenzial (Potenzial) oder beides. Verlorene Kunden sind nie Key Accounts; solche mit Potenzial stehen in der Rückgewinnungsliste.',
  },
  {
    id: 'share-of-wallet',
    term: 'Share of wallet',
    columns: ['share_of_wallet'],
    en: 'The expected revenue of the next year divided by what the account could spend in your category (its potential).',
    de: 'Der erwartete Umsatz des nächsten Jahres geteilt durch das, was der Account in Ihrer Kategorie ausgeben könnte (sein Potenzial).',
  },
  {
    id: 'upside',
    term: 'Upside',
    columns: ['upside', 'potential'],
    en: 'Potential minus expected annual revenue: the annual revenue the account could bring but does not yet. Empty when the potential is unknown.',
    de: 'Potenzial minus erwarteter Jahresumsatz: der Jahresumsatz, den der Account bringen könnte, aber noch nicht bringt. Leer, wenn das Potenzial unbekannt ist.',
  },
  {
    id: 'annual-revenue',
    term: 'Annual revenue',
    columns: ['annual_revenue'],
    en: 'The revenue expected from the customer over the next year, not discounted and before margin.',
    de: 'Der vom Kunden im nächsten Jahr erwartete Umsatz, nicht abgezinst und vor Marge.',
  },
  {
    id: 'expected-purchases',
    term: 'Expected purchases',
    columns: ['expected_purchases', 'expected_purchases_next'],
    en: 'How many orders the model expects from the customer in the coming period.',
    de: 'Wie viele Bestellungen das Modell vom Kunden im kommenden Zeitraum erwartet.',
  },
  {
    id: 'rfm',
    term: 'RFM',
    columns: ['rfm'],
    en: 'Recency, frequency and monetary value as scores from 1 to 5 each (545: bought recently, often, and a little less than the most).',
    de: 'Aktualität, Häufigkeit und Umsatz als Punktzahlen von 1 bis 5 (545: kürzlich, oft und etwas weniger als die Spitze gekauft).',
  },
  {
    id: 'horizon',
    term: 'Horizon, discount rate, margin',
    columns: [],
    en: 'The horizon is how far ahead values are counted; the discount rate makes later money count less; the margin turns revenue into value.',
    de: 'Der Horizont ist, wie weit voraus Werte gezählt werden; der Diskontsatz lässt späteres Geld weniger zählen; die Marge macht aus Umsatz Wert.',
  },
  {
    id: 'expected-gain',
    term: 'Expected gain',
    columns: ['expected_gain', 'next_contact_gain', 'stake'],
    en: 'In the effort plan: the extra value the planned contacts are expected to bring in the period.',
    de: 'Im Einsatzplan: der zusätzliche Wert, den die geplanten Kontakte im Zeitraum voraussichtlich bringen.',
  },
  {
    id: 'account-360',
    term: 'Account 360',
    columns: [],
    en: 'One page per parent account (purchasing group, chain): the value, alerts, tiers and purchase history of everything under it, its children and its top customers.',
    de: 'Eine Übersicht je übergeordnetem Account (Einkaufsgemeinschaft, Kette): Wert, Warnungen, Stufen und Kaufverlauf von allem darunter, seine Untereinheiten und seine wichtigsten Kunden.',
  },
];

const byColumn = new Map();
for (const g of GLOSSARY) for (const c of g.columns) byColumn.set(c, g.id);

/** The id of the glossary entry that explains a declared column, or undefined. */
export function glossaryId(column) {
  return byColumn.get(column);
}

/** The anchor of a glossary entry: #g-<id>. */
export function glossaryHref(id) {
  return `#g-${id}`;
}
