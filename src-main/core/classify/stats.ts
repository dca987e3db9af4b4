// Figures of a classification that depend only on payments, donors and persons (not on the
// incident): totals and the unmatched count, from the link each import keeps on the payment.
import { countOf, type Db } from '../store/db.js';
import { isCurrentPerson } from '../store/current-persons.js';
import { unmatched } from '../store/payment-links.js';

export interface LinkStats {
  paymentsTotal: number;
  card: number;
  unmatchedTotal: number;
  personsTotal: number;
}

export function linkStats(db: Db): LinkStats {
  // Counts that read index entries and never a row: the total (SQLite counts a b-tree's cells
  // page by page), the payments other than card (a card processor's exports are mostly card, so
  // the ranges either side of 'card' in the window index are the short walk), the unmatched
  // partial index.
  const count = (sql: string) => countOf(db, sql);
  const paymentsTotal = count('SELECT COUNT(*) AS n FROM payments');
  const card = paymentsTotal - count("SELECT COUNT(*) AS n FROM payments WHERE method_class < 'card' OR method_class > 'card' OR method_class IS NULL");
  const unmatchedTotal = count(`SELECT COUNT(*) AS n FROM payments p WHERE ${unmatched('p')}`);
  // A person kept only for the history of letters sent before a correction emptied them is not counted.
  const personsTotal = count(`SELECT COUNT(*) AS n FROM persons p WHERE ${isCurrentPerson('p')}`);
  return { paymentsTotal, card, unmatchedTotal, personsTotal };
}
