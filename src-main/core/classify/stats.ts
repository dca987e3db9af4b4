// Figures of a classification that depend only on payments, donors and persons (not on the
// incident): totals and the unmatched count. The unmatched count probes two donor indexes for
// every payment, so it can run on the second core (stats-worker.ts) while the run is written.
import type Database from 'better-sqlite3';
import { isCurrentPerson } from '../store/current-persons.js';

export interface LinkStats {
  paymentsTotal: number;
  card: number;
  unmatchedTotal: number;
  personsTotal: number;
}

export function linkStats(client: Database.Database): LinkStats {
  const payments = client.prepare("SELECT COUNT(*) AS total, COALESCE(SUM(method_class = 'card'), 0) AS card FROM payments").get() as {
    total: number; card: number;
  };
  const unmatched = client.prepare(
    `SELECT COUNT(*) AS n FROM payments p
     WHERE NOT EXISTS (SELECT 1 FROM donor_records d WHERE d.order_id = p.order_id)
       AND NOT EXISTS (SELECT 1 FROM donor_records d WHERE d.member_id = p.member_id)`,
  ).get() as { n: number };
  // A person kept only for the history of letters sent before a correction emptied them is not counted.
  const persons = client.prepare(`SELECT COUNT(*) AS n FROM persons p WHERE ${isCurrentPerson('p')}`).get() as { n: number };
  return { paymentsTotal: payments.total, card: payments.card, unmatchedTotal: unmatched.n, personsTotal: persons.n };
}
