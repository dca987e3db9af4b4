// The bridge from a classification run to the letter renderer's input: one LetterInput per
// person to notify, with the leaked items of their exposures for their own payment methods.
import type { Incident } from '../incident/schema.js';
import type { AffectedPerson } from '../persons/affected.js';
import { exposureItemsFor } from '../persons/affected.js';
import { referenceNumberOf } from '../store/reference-number.js';
import type { LetterBarcode, LetterExposure, LetterInput } from '../letters/types.js';
import { addressOf, checkPostalAddress, describePostalCheck } from '../mail/address-check.js';
import { customerBarcode } from '../mail/customer-barcode.js';
import type { PostalIndex } from '../mail/postal-data.js';
import { normalizePostalCode } from '../text/normalize.js';

const METHOD_LABELS: Record<string, string> = { card: 'クレジットカード' };

/**
 * The barcode of a letter: only when the postal code fits the address (a mismatch, even one
 * decided 確認済み, or an unknown code gets none), and not for a representative code.
 */
export function letterBarcodeOf(index: PostalIndex, person: Pick<AffectedPerson, 'postalCode' | 'address1' | 'address2'>): LetterBarcode {
  const code = normalizePostalCode(person.postalCode);
  if (!code || !person.address1) return { none: '郵便番号または住所がありません' };
  const address = addressOf(person.address1, person.address2);
  const check = checkPostalAddress(index, code, address);
  if (check.status !== 'match') return { none: describePostalCheck(code, check) };
  const barcode = customerBarcode(index, code, address);
  return barcode.ok ? { addressNumber: barcode.addressNumber, symbols: barcode.symbols } : { none: barcode.message };
}

export function letterInputOf(person: AffectedPerson, incident: Incident, index?: PostalIndex): LetterInput {
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
    referenceNumber: referenceNumberOf(person.id),
    category: person.category,
    name: person.name ?? '',
    kana: person.kana,
    postalCode: person.postalCode ?? '',
    address1: person.address1 ?? '',
    address2: person.address2,
    ...(index ? { barcode: letterBarcodeOf(index, person) } : {}),
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
