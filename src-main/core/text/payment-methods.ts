// Payment methods as the processors write them. Import stores each payment's method folded to a
// class ('card' for every card synonym, spec §2); incident rules name methods the same way, so
// both sides go through methodClassOf. The known list only feeds a warning: an incident may name
// a method we have not met, but `bitcoin` in a card processor's incident is usually a slip.
import { BoundedCache } from '../bounded-cache.js';
import { nfkc } from './normalize.js';

const CARD_METHODS = new Set(['クレジットカード', 'クレジット', 'カード', 'credit', 'creditcard', 'card', 'credit_card', 'クレジットカード決済']);

/** Non-card methods Japanese processors export (folded as methodClassOf folds them). */
const OTHER_METHODS = [
  'コンビニ', 'コンビニ決済', 'コンビニ払い', 'ペイジー', 'pay-easy', 'payeasy', '銀行振込', '口座振替', '郵便振替',
  'キャリア決済', '電子マネー', '代金引換', 'paypay', '楽天ペイ', 'amazonpay', 'applepay', 'googlepay',
];

/** A file repeats a few methods on every row: each is folded once. */
const folded = new BoundedCache<string, string>(256);

/** 'card' for every card synonym (spec §2), else the method folded for rule matching. */
export function methodClassOf(method: string | null): string | null {
  if (method === null) return null;
  let methodClass = folded.get(method);
  if (methodClass === undefined) {
    const key = nfkc(method).replace(/[\s\u3000]+/g, '').toLowerCase();
    methodClass = CARD_METHODS.has(key) ? 'card' : key;
    folded.set(method, methodClass);
  }
  return methodClass;
}

const KNOWN_CLASSES = new Set(['card', ...OTHER_METHODS.map((m) => methodClassOf(m)!)]);

/** True for 'card', its synonyms and the usual non-card methods. */
export function isKnownMethod(method: string): boolean {
  return KNOWN_CLASSES.has(methodClassOf(method)!);
}

/** For messages: the methods an incident usually names. */
export const USUAL_METHODS: readonly string[] = ['card', 'コンビニ', 'ペイジー', '銀行振込', '口座振替'];
