// The bridge from a classification run to the letter renderer's input: one LetterInput per
// person to notify, with the leaked items of their exposures for their own payment methods.
import type { Incident } from '../incident/schema.js';
import type { AffectedPerson } from '../persons/affected.js';
import { exposureItemsFor } from '../persons/affected.js';
import type { LetterExposure, LetterInput } from '../letters/types.js';

const METHOD_LABELS: Record<string, string> = { card: 'クレジットカード' };

export function letterInputOf(person: AffectedPerson, incident: Incident): LetterInput {
  const exposures: LetterExposure[] = [];
  incident.exposures.forEach((exposure, index) => {
    if ((person.categoryMask & (1 << index)) === 0) return;
    const rule = exposure.rule;
    const window = rule.type === 'window' ? { from: rule.from, to: rule.to } : rule.window;
    exposures.push({
      code: exposure.code,
      label: exposure.label,
      certainty: exposure.certainty,
      items: exposureItemsFor(incident, index, person.payments),
      ...(window ? { window } : {}),
    });
  });
  return {
    personId: person.personId,
    category: person.category,
    name: person.name ?? '',
    kana: person.kana,
    postalCode: person.postalCode ?? '',
    address1: person.address1 ?? '',
    address2: person.address2,
    exposures,
    payments: person.payments.map((p) => ({
      transactionId: p.transactionId,
      jstDate: p.jstDate,
      cardLast4: p.cardLast4,
      amount: p.amount,
      method: p.method ?? (p.methodClass ? (METHOD_LABELS[p.methodClass] ?? p.methodClass) : ''),
      exposures: p.exposures,
    })),
  };
}
