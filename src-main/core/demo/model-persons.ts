// The demo's persons: who is in which exposure, who is a member, which persons carry a planted
// edge case or an address defect, and their contact details (unique under the spec's
// normalisation, with near-duplicates planted on purpose). Rules R1, R2 and R6 of model.ts.
//
// Persons are columns of typed arrays, about 35 bytes a person (up to 40 more while they are
// made). A contact is not kept: the seeded stream's position when it was made (16 bytes) is,
// and contact(i) makes it again from there, drawing exactly what the first time drew, so the
// strings are the same. The uniqueness checks hold hashes and person indices, and confirm a
// hash match by making the other contact again, so they are exact.
import { bundledPostalIndex } from '../mail/postal-data.js';
import { Rng } from './random.js';
import { CARD_BRANDS, BUILDINGS, CITIES, FAMILY_NAMES, GIVEN_NAMES } from './japanese-data.js';
import { DEFECTS, PLANTS, ROLES, type Contact, type Defect, type ModelFacts, type ModelOptions, type Plant, type Role } from './model-types.js';
import {
  DIGIT_DASHES, replaceHyphens, specKey, specPostal, toFullWidthDigits, toHalfWidthKana,
} from './text-variants.js';

const TOKEN = ROLES.indexOf('token');
const PDB = ROLES.indexOf('pdb');
const FAMILY_WEIGHTS = FAMILY_NAMES.map((f) => [f, f[3]] as const);
/** A card brand is stored as its index in CARD_BRANDS; drawing the index draws what drawing the name did. */
export const BRAND_CODES = CARD_BRANDS.map(([, weight], code) => [code, weight] as const);

export function brandName(code: number): string {
  return CARD_BRANDS[code]![0];
}

/** Each person's role, planted edge case and address defect (codes of model-types.ts) and membership (1), by person index. */
export interface PersonPlan {
  role: Uint8Array;
  plant: Uint8Array;
  defect: Uint8Array;
  member: Uint8Array;
}

export function planPersons(rng: Rng, opts: Pick<ModelOptions, 'persons' | 'tokenDbPersons' | 'paymentDbPersons'>): PersonPlan {
  const n = opts.persons;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const role = new Uint8Array(n);
  const tokenIdx = order.subarray(0, opts.tokenDbPersons);
  const pdbIdx = order.subarray(opts.tokenDbPersons, opts.tokenDbPersons + opts.paymentDbPersons);
  const noneIdx = order.subarray(opts.tokenDbPersons + opts.paymentDbPersons);
  for (const i of tokenIdx) role[i] = TOKEN;
  for (const i of pdbIdx) role[i] = PDB;
  const plant = new Uint8Array(n);
  const tokenPlants: Plant[] = ['edge-start', 'edge-end', 'declined-only', 'cancelled-only'];
  const nonePlants: Plant[] = ['edge-before', 'edge-after'];
  tokenPlants.forEach((p, k) => { plant[tokenIdx[k]!] = PLANTS.indexOf(p); });
  nonePlants.forEach((p, k) => { plant[noneIdx[k]!] = PLANTS.indexOf(p); });
  const defect = new Uint8Array(n);
  const unmailable = Math.max(6, Math.round(n * 0.006));
  const defects: Defect[] = ['no-postal', 'bad-postal', 'no-address'];
  const tokenUnmailable = Math.min(Math.max(3, Math.round(unmailable * 0.45)), tokenIdx.length - tokenPlants.length);
  for (let k = 0; k < tokenUnmailable; k++) defect[tokenIdx[tokenPlants.length + k]!] = DEFECTS.indexOf(defects[k % 3]!);
  for (let k = 0; k < unmailable - tokenUnmailable && nonePlants.length + k < noneIdx.length; k++) {
    defect[noneIdx[nonePlants.length + k]!] = DEFECTS.indexOf(defects[(k + 1) % 3]!);
  }
  const member = new Uint8Array(n);
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    if (role[i] === PDB || (plant[i] === 0 && rng.chance(0.6))) {
      member[i] = 1;
      memberCount++;
    }
  }
  if (memberCount === 0) member[order[n - 1]!] = 1;
  return { role, plant, defect, member };
}

type Made = 'plain' | 'same-name-postal' | 'same-phone';

/** The persons, by index; contact(i) makes a person's details again when they are needed. */
export class Persons {
  readonly count: number;
  /** Codes of ROLES, PLANTS and DEFECTS. */
  readonly role: Uint8Array;
  readonly plant: Uint8Array;
  readonly defect: Uint8Array;
  /** A member's number (the member ID is M100001 + it), −1 for a guest; numbered in index order. */
  readonly memberSeq: Int32Array;
  /** The person of each member number. */
  readonly members: Int32Array;
  /** Index in CARD_BRANDS, and the card's last four digits. */
  readonly brand: Uint8Array;
  readonly last4: Uint16Array;
  /** Hash of `specKey(name)|postal` as made, for plantPostalErrors. */
  readonly nameHash: Uint32Array;
  /** Guests without an address defect, ascending: where a same-name near-duplicate takes its other person. */
  private readonly guestPool: Int32Array;
  /** The stream's position when the attempt that made each contact began (four words a person). */
  private readonly start: Uint32Array;
  /** 1 when that attempt was not the person's first (near-duplicates are tried only on the first). */
  private readonly retried: Uint8Array;
  /** The codes plantPostalErrors gave, by person. */
  private readonly postalFix = new Map<number, string>();

  constructor(plan: PersonPlan) {
    const n = plan.role.length;
    this.count = n;
    this.role = plan.role;
    this.plant = plan.plant;
    this.defect = plan.defect;
    this.memberSeq = new Int32Array(n);
    let members = 0;
    let pool = 0;
    for (let i = 0; i < n; i++) {
      this.memberSeq[i] = plan.member[i] ? members++ : -1;
      if (!plan.member[i] && plan.defect[i] === 0) pool++;
    }
    this.members = new Int32Array(members);
    this.guestPool = new Int32Array(pool);
    pool = 0;
    for (let i = 0; i < n; i++) {
      if (plan.member[i]) this.members[this.memberSeq[i]!] = i;
      else if (plan.defect[i] === 0) this.guestPool[pool++] = i;
    }
    this.brand = new Uint8Array(n);
    this.last4 = new Uint16Array(n);
    this.nameHash = new Uint32Array(n);
    this.start = new Uint32Array(4 * n);
    this.retried = new Uint8Array(n);
  }

  roleOf(i: number): Role {
    return ROLES[this.role[i]!]!;
  }

  plantOf(i: number): Plant | null {
    return PLANTS[this.plant[i]!] ?? null;
  }

  memberId(i: number): string | null {
    const seq = this.memberSeq[i]!;
    return seq < 0 ? null : `M${100001 + seq}`;
  }

  last4Text(i: number): string {
    return String(this.last4[i]!).padStart(4, '0');
  }

  /** The person's contact details as the files show them. */
  contact(i: number): Contact {
    const made = this.madeContact(i);
    const postal = this.postalFix.get(i);
    return postal === undefined ? made : { ...made, postal };
  }

  /** The details as makePersons made them (before plantPostalErrors). */
  madeContact(i: number): Contact {
    return this.attempt(Rng.resume(this.start, 4 * i), i, this.retried[i] === 0).contact;
  }

  /** Marks the stream's position as where person i's next attempt begins. */
  beginAttempt(rng: Rng, i: number, retry: boolean): void {
    rng.save(this.start, 4 * i);
    this.retried[i] = retry ? 1 : 0;
  }

  fixPostal(i: number, postal: string): void {
    this.postalFix.set(i, postal);
  }

  /**
   * One try at person i's contact, drawing from `rng`: a fresh contact, or on a first try now
   * and then a near-duplicate of an earlier person. The caller checks that its key is unused.
   */
  attempt(rng: Rng, i: number, firstTry: boolean): { contact: Contact; made: Made } {
    let contact = makeContact(rng);
    const prev = i > 0 ? rng.int(i) : -1;
    const roll = rng.next();
    const plain = firstTry && prev >= 0 && this.defect[prev] === 0 && this.defect[i] === 0;
    if (plain && roll < 0.006 && this.memberSeq[i]! < 0 && this.poolSize(i) > 0) {
      // Near-duplicate: same name and postal code as another guest, another address.
      const other = this.madeContact(this.guestPool[rng.int(this.poolSize(i))]!);
      const city = CITIES.find((c) => c.city === other.city && c.pref === other.pref);
      // The other's own town, so that the shared postal code still fits (the pick keeps the seeded stream).
      if (city) rng.pick(city.towns);
      const town = city?.towns.find((t) => other.line1.startsWith(t)) ?? '';
      contact = {
        ...contact, name: other.name, kana: other.kana, postal: other.postal,
        pref: other.pref, city: other.city, line1: `${town}${rng.range(1, 999)}-${rng.range(1, 30)}`,
      };
      return { contact, made: 'same-name-postal' };
    }
    if (plain && roll < 0.012) {
      // Near-duplicate: a family member at the same address with the same phone.
      const near = this.madeContact(prev);
      const family = near.name.split(' ')[0]!;
      const familyKana = near.kana.split(' ')[0]!;
      const given = rng.pick(GIVEN_NAMES);
      return { contact: { ...near, name: `${family} ${given[0]}`, kana: `${familyKana} ${given[1]}`, email: '' }, made: 'same-phone' };
    }
    applyDefect(contact, DEFECTS[this.defect[i]!] ?? null, rng);
    return { contact, made: 'plain' };
  }

  /** Guests in the pool before person i (the pool as it stood when i was made). */
  private poolSize(i: number): number {
    let lo = 0;
    let hi = this.guestPool.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.guestPool[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** FNV-1a over UTF-16 code units, for the key tables. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/**
 * The contact keys made so far, each held as its person's index and the key's hash (8 bytes a
 * slot, half the slots empty). A hash match is confirmed by `keyOf` (making that person's
 * contact again), so the answer is exact whatever the hashes do.
 */
class KeyTable {
  private readonly slots: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly mask: number;

  constructor(capacity: number, private readonly keyOf: (index: number) => string) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Uint32Array(size);
    this.mask = size - 1;
  }

  has(key: string, hash: number): boolean {
    for (let s = hash & this.mask; this.slots[s] !== 0; s = (s + 1) & this.mask) {
      if (this.hashes[s] === hash && this.keyOf(this.slots[s]! - 1) === key) return true;
    }
    return false;
  }

  add(index: number, hash: number): void {
    let s = hash & this.mask;
    while (this.slots[s] !== 0) s = (s + 1) & this.mask;
    this.slots[s] = index + 1;
    this.hashes[s] = hash;
  }
}

/** R2: normalised name and address; no two persons share it. */
function contactKey(c: Contact): string {
  return `${specKey(c.name)}|${specKey(c.pref + c.city + c.line1 + c.line2)}`;
}

/** Normalised name and postal code as written: persons sharing it are left alone by plantPostalErrors. */
function nameCodeKey(c: Contact): string {
  return `${specKey(c.name)}|${c.postal}`;
}

/** The persons with their contact details, in index order (near-duplicates counted in `facts`). */
export function makePersons(rng: Rng, plan: PersonPlan, facts: ModelFacts): Persons {
  const persons = new Persons(plan);
  const used = new KeyTable(persons.count, (j) => contactKey(persons.madeContact(j)));
  for (let i = 0; i < persons.count; i++) {
    let tries = 0;
    for (;;) {
      persons.beginAttempt(rng, i, tries > 0);
      const { contact, made } = persons.attempt(rng, i, tries === 0);
      const key = contactKey(contact);
      const hash = hash32(key);
      if (!used.has(key, hash)) {
        used.add(i, hash);
        persons.nameHash[i] = hash32(nameCodeKey(contact));
        if (made === 'same-name-postal') facts.nearDuplicateSameNamePostal++;
        else if (made === 'same-phone') facts.nearDuplicateSamePhone++;
        break;
      }
      if (++tries > 50) throw new Error('could not make a unique contact');
    }
    persons.brand[i] = rng.weighted(BRAND_CODES);
    persons.last4[i] = rng.int(10000);
  }
  return persons;
}

function makeContact(rng: Rng): Contact {
  const fam = rng.weighted(FAMILY_WEIGHTS);
  const giv = rng.pick(GIVEN_NAMES);
  const city = rng.pick(CITIES);
  const town = rng.pick(city.towns);
  const line1 = rng.chance(0.7)
    ? `${town}${rng.range(1, 5)}丁目${rng.range(1, 30)}-${rng.range(1, 20)}`
    : `${town}${rng.range(1, 999)}-${rng.range(1, 30)}`;
  const line2 = rng.chance(0.45)
    ? `${rng.pick(BUILDINGS)} ${rng.range(1, 12)}0${rng.range(1, 9)}${rng.chance(0.3) ? '号室' : ''}`
    : '';
  const localLen = 10 - city.tel.length - 4;
  const phone = rng.chance(0.55)
    ? `0${rng.pick(['70', '80', '90'])}-${rng.range(1000, 9999)}-${rng.range(1000, 9999)}`
    : `${city.tel}-${String(rng.range(2 * 10 ** (localLen - 1), 10 ** localLen - 1))}-${rng.range(1000, 9999)}`;
  const email = rng.chance(0.85)
    ? `${giv[2]}.${fam[2]}${rng.range(1, 999)}@${rng.pick(['example.jp', 'example.ne.jp', 'example.com'])}`
    : '';
  return {
    name: `${fam[0]} ${giv[0]}`,
    kana: `${fam[1]} ${giv[1]}`,
    postal: realPostalCode(rng, city.pref, city.city, town),
    pref: city.pref, city: city.city, line1, line2, phone, email,
  };
}

/** The postal data's codes of the demo's towns, looked up once each (contacts are made again and again). */
const townCodes = new Map<string, string[]>();

/** A real code of the town (one of them, for a town whose 丁目 have several). */
function realPostalCode(rng: Rng, pref: string, city: string, town: string): string {
  const place = `${pref}\t${city}\t${town}`;
  let codes = townCodes.get(place);
  if (!codes) {
    codes = bundledPostalIndex().codesOfTown(pref, city, town);
    townCodes.set(place, codes);
  }
  // Two draws, as the made-up codes of earlier versions took, so the seeded stream (and with it
  // every count of the demo) stays as it was.
  rng.next();
  const code = codes[rng.int(codes.length)];
  if (!code) throw new Error(`demo town not in the postal data: ${pref}${city}${town}`);
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * Which persons share their normalised name and postal code with nobody: persons sorted by
 * the hash of that key, and the keys of a run of equal hashes compared for real.
 */
function uniqueNameCodes(persons: Persons): Uint8Array {
  const n = persons.count;
  const hash = persons.nameHash;
  const byHash = new Int32Array(n);
  for (let i = 0; i < n; i++) byHash[i] = i;
  byHash.sort((a, b) => hash[a]! - hash[b]! || a - b);
  const unique = new Uint8Array(n);
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && hash[byHash[e]!] === hash[byHash[s]!]) e++;
    if (e - s === 1) unique[byHash[s]!] = 1;
    else {
      const run = Array.from(byHash.subarray(s, e), (i) => [i, nameCodeKey(persons.madeContact(i))] as const);
      const counts = new Map<string, number>();
      for (const [, key] of run) counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const [i, key] of run) if (counts.get(key) === 1) unique[i] = 1;
    }
    s = e;
  }
  return unique;
}

/**
 * A seeded handful of persons to notify get a wrong postal code (a real code of another town)
 * or one that does not exist, which the address check must then report. Their own stream, so
 * nothing else of the demo changes; persons sharing name and code with another are left alone
 * (the near-duplicate pairs stay as planted).
 */
export function plantPostalErrors(persons: Persons, seed: number, facts: ModelFacts): void {
  const rng = new Rng(seed ^ 0x7057a1);
  const index = bundledPostalIndex();
  const unique = uniqueNameCodes(persons);
  const eligible = new Int32Array(persons.count);
  let left = 0;
  for (let i = 0; i < persons.count; i++) {
    if (persons.role[i] === TOKEN && persons.defect[i] === 0 && persons.plant[i] === 0 && unique[i]) eligible[left++] = i;
  }
  const wanted = Math.min(left, Math.max(2, Math.round(persons.count / 1000)));
  for (let k = 0; k < wanted; k++) {
    const at = rng.int(left);
    const person = eligible[at]!;
    eligible.copyWithin(at, at + 1, left--);
    const contact = persons.madeContact(person);
    if (k % 2 === 0) {
      const other = CITIES[(CITIES.findIndex((c) => c.city === contact.city) + 1 + rng.int(CITIES.length - 1)) % CITIES.length]!;
      persons.fixPostal(person, realPostalCode(rng, other.pref, other.city, rng.pick(other.towns)));
      facts.postalWrong++;
    } else {
      let code: string;
      do code = `${contact.postal.slice(0, 3)}${String(rng.range(9000, 9999))}`;
      while (index.areasOf(code).length > 0);
      persons.fixPostal(person, `${code.slice(0, 3)}-${code.slice(3)}`);
      facts.postalUnknown++;
    }
  }
}

function applyDefect(c: Contact, defect: Defect | null, rng: Rng): void {
  if (defect === 'no-postal') c.postal = '';
  else if (defect === 'bad-postal') c.postal = `${c.postal.slice(0, 3)}-${String(rng.int(1000)).padStart(3, '0')}`;
  else if (defect === 'no-address') { c.pref = ''; c.city = ''; c.line1 = ''; c.line2 = ''; }
}

/** The same guest writing their details again: other spaces, digits, dashes, postal form. */
export function variantOf(c: Contact, rng: Rng): Contact {
  const dash = rng.pick(DIGIT_DASHES);
  let line1 = replaceHyphens(c.line1, dash);
  if (rng.chance(0.5)) line1 = toFullWidthDigits(line1);
  let line2 = c.line2;
  if (rng.chance(0.6)) line2 = line2.replace(' ', '\u3000');
  if (rng.chance(0.4)) line2 = toFullWidthDigits(line2);
  const postalForms = [
    c.postal.replace('-', ''), `〒${c.postal}`, toFullWidthDigits(replaceHyphens(c.postal, '－')),
    replaceHyphens(c.postal, 'ー'), c.postal.replace('-', ' '),
  ];
  const v: Contact = {
    ...c,
    name: c.name.replace(' ', rng.pick(['\u3000', '', '\u3000\u3000'])),
    kana: rng.chance(0.4) ? toHalfWidthKana(c.kana) : c.kana,
    postal: rng.pick(postalForms),
    line1, line2,
    phone: rng.chance(0.5) ? c.phone.replace(/-/g, '') : c.phone,
    email: c.email.toUpperCase() === c.email ? c.email : rng.chance(0.2) ? c.email.toUpperCase() : c.email,
  };
  // R2: the variant must still be the same person under the spec's normalisation.
  if (specKey(v.name) !== specKey(c.name)
    || specPostal(v.postal) !== specPostal(c.postal)
    || specKey(v.pref + v.city + v.line1 + v.line2) !== specKey(c.pref + c.city + c.line1 + c.line2)) {
    throw new Error(`variant does not normalise to the original: ${JSON.stringify([c, v])}`);
  }
  return v;
}
