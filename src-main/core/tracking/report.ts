// The figures a final report to the 個人情報保護委員会 needs, computed from the database:
// persons affected (by category, by exposure, by leaked item and how certain), how many were
// notified (by mail, or reached otherwise), returned and unreachable, and the inquiries.
// After a purge the rows stay (only personal fields are emptied), so the figures still add up;
// the figures as they were just before each purge are kept in `purges` too.
import { countOf, type Db } from '../store/db.js';
import { auditHead, formatAuditHead } from '../store/audit.js';
import { requireRun } from '../classify/run.js';
import { allCategories } from '../incident/categories.js';
import { affectedPersons, exposureItemsFor } from '../persons/affected.js';
import { INQUIRY_TOPICS } from './inquiries.js';
import { RETURN_REASONS } from './returns.js';
import { unreachablePersons } from './returns.js';
import type { Certainty } from '../vocabulary/exposures.js';

export interface RegulatorReport {
  incident: { code: string; title: string };
  runId: number;
  classifiedAt: string;
  affected: {
    persons: number;
    byCategory: Record<string, number>;
    byExposure: Array<{ code: string; label: string; certainty: Certainty; persons: number }>;
    /** Per leaked item: persons for whom it is confirmed, and those for whom it is only possible. */
    byItem: Array<{ item: string; confirmed: number; possible: number; total: number }>;
    unmatchedPayments: number;
  };
  notification: {
    /** Persons with a letter mailed that did not come back (any version). */
    notifiedByMail: number;
    /** Persons reached otherwise (電話済 / 対応完了 recorded) without such a letter. */
    notifiedOtherwise: number;
    notified: number;
    lettersMailed: number;
    mailingBatches: number;
    /** Persons whose letter came back at least once, and the returned letters by reason. */
    returnedPersons: number;
    returnedLetters: number;
    returnedByReason: Record<string, number>;
    /** Persons whose letter came back and who were then written to again. */
    resent: number;
    addressCorrections: number;
    unreachable: number;
    unreachableNoAddress: number;
    /** An address but no 7-digit postal code (not the same as no address: the code can be looked up). */
    unreachableNoPostalCode: number;
    unreachableReturned: number;
    /** Persons to notify not yet notified and not unreachable (letter not mailed yet). */
    pending: number;
    completed: number;
  };
  inquiries: { total: number; persons: number; byTopic: Record<string, number>; byChannel: Record<string, number> };
  purges: Array<{ at: string; persons: number; scope: unknown }>;
  /** The audit chain head ("SEQ:HASH") the figures were counted at: printed with the report, it later proves the log still holds that entry. */
  auditHead: string;
}

export function regulatorReport(db: Db): RegulatorReport {
  const run = requireRun(db);
  const { incident, summary } = run;
  const byCategory: Record<string, number> = {};
  for (const c of allCategories(incident)) if (c.mask !== 0) byCategory[c.code] = summary.persons.byCategory[c.code] ?? 0;
  const byExposure = incident.exposures.map((e) => ({ code: e.code, label: e.label, certainty: e.certainty, persons: 0 }));
  const items = new Map<string, { confirmed: number; possible: number }>();
  const notify = new Set<number>();
  for (const person of affectedPersons(db, run.runId, incident)) {
    notify.add(person.id);
    const certaintyOf = new Map<string, Certainty>();
    incident.exposures.forEach((exposure, i) => {
      if ((person.categoryMask & (1 << i)) === 0) return;
      byExposure[i]!.persons++;
      for (const item of exposureItemsFor(incident, i, person.payments)) {
        if (exposure.certainty === 'confirmed' || !certaintyOf.has(item)) certaintyOf.set(item, exposure.certainty === 'confirmed' ? 'confirmed' : 'possible');
      }
    });
    for (const [item, certainty] of certaintyOf) {
      const slot = items.get(item) ?? { confirmed: 0, possible: 0 };
      slot[certainty]++;
      items.set(item, slot);
    }
  }
  const inNotify = (id: number) => notify.has(id);
  const mailedOk = new Set(
    (db.$client.prepare("SELECT DISTINCT person_id AS id FROM letters WHERE status IN ('発送', '対応完了')").all() as Array<{ id: number }>).map((r) => r.id).filter(inNotify),
  );
  const reached = new Set(
    (db.$client.prepare(
      `SELECT f.person_id AS id, f.status FROM person_followups f WHERE f.id = (SELECT MAX(id) FROM person_followups x WHERE x.person_id = f.person_id)`,
    ).all() as Array<{ id: number; status: string | null }>).filter((r) => r.status !== null && inNotify(r.id)).map((r) => r.id),
  );
  const completed = (db.$client.prepare(
    `SELECT f.person_id AS id FROM person_followups f WHERE f.status = '対応完了' AND f.id = (SELECT MAX(id) FROM person_followups x WHERE x.person_id = f.person_id)
     UNION SELECT person_id FROM letters WHERE status = '対応完了'`,
  ).all() as Array<{ id: number }>).filter((r) => inNotify(r.id)).length;
  const otherwise = [...reached].filter((id) => !mailedOk.has(id)).length;
  const unreachable = unreachablePersons({ db });
  const returnedByReason: Record<string, number> = {};
  for (const r of db.$client.prepare('SELECT reason_code AS code, COUNT(*) AS n FROM returned_mail GROUP BY reason_code ORDER BY reason_code').all() as Array<{ code: string; n: number }>) {
    const label = RETURN_REASONS.find((x) => x.code === r.code)?.label ?? 'その他';
    returnedByReason[label] = r.n;
  }
  const byTopic: Record<string, number> = {};
  for (const r of db.$client.prepare('SELECT topic, COUNT(*) AS n FROM inquiries GROUP BY topic').all() as Array<{ topic: string; n: number }>) {
    byTopic[INQUIRY_TOPICS.find((t) => t.code === r.topic)?.label ?? r.topic] = r.n;
  }
  const byChannel: Record<string, number> = {};
  for (const r of db.$client.prepare('SELECT channel, COUNT(*) AS n FROM inquiries GROUP BY channel ORDER BY channel').all() as Array<{ channel: string; n: number }>) {
    byChannel[r.channel] = r.n;
  }
  const notified = mailedOk.size + otherwise;
  return {
    incident: { code: incident.code, title: incident.title },
    runId: run.runId,
    classifiedAt: run.createdAt,
    affected: {
      persons: summary.persons.notify,
      byCategory,
      byExposure,
      byItem: [...items].map(([item, c]) => ({ item, confirmed: c.confirmed, possible: c.possible, total: c.confirmed + c.possible })),
      unmatchedPayments: summary.unmatchedPayments.total,
    },
    notification: {
      notifiedByMail: mailedOk.size,
      notifiedOtherwise: otherwise,
      notified,
      lettersMailed: countOf(db, 'SELECT COUNT(*) AS n FROM mailing_batch_letters') + countOf(db, "SELECT COUNT(*) AS n FROM letters l WHERE l.mailed_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mailing_batch_letters m WHERE m.letter_id = l.id)"),
      mailingBatches: countOf(db, 'SELECT COUNT(*) AS n FROM mailing_batches'),
      returnedPersons: countOf(db, 'SELECT COUNT(DISTINCT person_id) AS n FROM returned_mail'),
      returnedLetters: countOf(db, 'SELECT COUNT(*) AS n FROM returned_mail'),
      returnedByReason,
      resent: countOf(db, "SELECT COUNT(DISTINCT l.person_id) AS n FROM letters l WHERE l.version > 1 AND EXISTS (SELECT 1 FROM returned_mail r WHERE r.person_id = l.person_id)"),
      addressCorrections: countOf(db, 'SELECT COUNT(*) AS n FROM address_corrections'),
      unreachable: unreachable.length,
      unreachableNoAddress: unreachable.filter((u) => u.kind === 'no-address').length,
      unreachableNoPostalCode: unreachable.filter((u) => u.kind === 'no-postal-code').length,
      unreachableReturned: unreachable.filter((u) => u.kind === 'returned').length,
      pending: Math.max(0, notify.size - notified - unreachable.length),
      completed,
    },
    inquiries: {
      total: countOf(db, 'SELECT COUNT(*) AS n FROM inquiries'),
      persons: countOf(db, 'SELECT COUNT(DISTINCT person_id) AS n FROM inquiries WHERE person_id IS NOT NULL'),
      byTopic,
      byChannel,
    },
    auditHead: formatAuditHead(auditHead(db)),
    purges: (db.$client.prepare('SELECT at, persons, scope FROM purges ORDER BY id').all() as Array<{ at: string; persons: number; scope: string }>).map((p) => ({
      ...p, scope: JSON.parse(p.scope) as unknown,
    })),
  };
}
