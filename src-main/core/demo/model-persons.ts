// The demo's persons: who is in which exposure, who is a member, which persons carry a planted
// edge case or an address defect, and their contact details (unique under the spec's
// normalisation, with near-duplicates planted on purpose). Rules R1, R2 and R6 of model.ts.
import { bundledPostalIndex } from '../mail/postal-data.js';
import { Rng } from './random.js';
import { CARD_BRANDS, BUILDINGS, CITIES, FAMILY_NAMES, GIVEN_NAMES } from './japanese-data.js';
import type { Contact, Defect, ModelFacts, ModelOptions, Person, Plant, Role } from './model-types.js';
import {
  DIGIT_DASHES, replaceHyphens, specKey, specPostal, toFullWidthDigits, toHalfWidthKana,
} from './text-variants.js';

/** Each person's role, planted edge case, address defect and membership, by person index. */
export interface PersonPlan {
  roleOf: Role[];
  plantOf: Array<Plant | null>;
  defectOf: Array<Defect | null>;
  isMember: boolean[];
}

export function planPersons(rng: Rng, opts: Pick<ModelOptions, 'persons' | 'tokenDbPersons' | 'paymentDbPersons'>): PersonPlan {
  const n = opts.persons;
  const order = rng.shuffle([...Array(n).keys()]);
  const roleOf: Role[] = new Array(n).fill('none');
  const tokenIdx = order.slice(0, opts.tokenDbPersons);
  const pdbIdx = order.slice(opts.tokenDbPersons, opts.tokenDbPersons + opts.paymentDbPersons);
  const noneIdx = order.slice(opts.tokenDbPersons + opts.paymentDbPersons);
  for (const i of tokenIdx) roleOf[i] = 'token';
  for (const i of pdbIdx) roleOf[i] = 'pdb';
  const plantOf: Array<Plant | null> = new Array(n).fill(null);
  const tokenPlants: Plant[] = ['edge-start', 'edge-end', 'declined-only', 'cancelled-only'];
  const nonePlants: Plant[] = ['edge-before', 'edge-after'];
  tokenPlants.forEach((p, k) => { plantOf[tokenIdx[k]!] = p; });
  nonePlants.forEach((p, k) => { plantOf[noneIdx[k]!] = p; });
  const defectOf: Array<Defect | null> = new Array(n).fill(null);
  const unmailable = Math.max(6, Math.round(n * 0.006));
  const defects: Defect[] = ['no-postal', 'bad-postal', 'no-address'];
  const tokenUnmailable = Math.min(Math.max(3, Math.round(unmailable * 0.45)), tokenIdx.length - tokenPlants.length);
  for (let k = 0; k < tokenUnmailable; k++) defectOf[tokenIdx[tokenPlants.length + k]!] = defects[k % 3]!;
  for (let k = 0; k < unmailable - tokenUnmailable && nonePlants.length + k < noneIdx.length; k++) {
    defectOf[noneIdx[nonePlants.length + k]!] = defects[(k + 1) % 3]!;
  }
  const isMember: boolean[] = [];
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    const member = roleOf[i] === 'pdb' || (plantOf[i] === null && rng.chance(0.6));
    isMember.push(member);
    if (member) memberCount++;
  }
  if (memberCount === 0) isMember[order[order.length - 1]!] = true;
  return { roleOf, plantOf, defectOf, isMember };
}

/** The persons with their contact details, in index order (near-duplicates counted in `facts`). */
export function makePersons(rng: Rng, plan: PersonPlan, facts: ModelFacts): Person[] {
  const { roleOf, plantOf, defectOf, isMember } = plan;
  const n = roleOf.length;
  const usedKeys = new Set<string>();
  const keyOf = (c: Contact) => `${specKey(c.name)}|${specKey(c.pref + c.city + c.line1 + c.line2)}`;
  const persons: Person[] = [];
  const guestPool: number[] = [];
  let memberSeq = 0;
  for (let i = 0; i < n; i++) {
    let contact: Contact;
    let tries = 0;
    for (;;) {
      contact = makeContact(rng);
      const prev = persons.length > 0 ? persons[rng.int(persons.length)]! : null;
      const roll = rng.next();
      if (tries === 0 && prev && prev.defect === null && defectOf[i] === null && roll < 0.006 && !isMember[i] && guestPool.length > 0) {
        // Near-duplicate: same name and postal code as another guest, another address.
        const other = persons[guestPool[rng.int(guestPool.length)]!]!;
        const city = CITIES.find((c) => c.city === other.contact.city && c.pref === other.contact.pref);
        // The other's own town, so that the shared postal code still fits (the pick keeps the seeded stream).
        if (city) rng.pick(city.towns);
        const town = city?.towns.find((t) => other.contact.line1.startsWith(t)) ?? '';
        contact = {
          ...contact, name: other.contact.name, kana: other.contact.kana, postal: other.contact.postal,
          pref: other.contact.pref, city: other.contact.city, line1: `${town}${rng.range(1, 999)}-${rng.range(1, 30)}`,
        };
        if (!usedKeys.has(keyOf(contact))) { facts.nearDuplicateSameNamePostal++; break; }
      } else if (tries === 0 && prev && prev.defect === null && defectOf[i] === null && roll < 0.012) {
        // Near-duplicate: a family member at the same address with the same phone.
        const family = prev.contact.name.split(' ')[0]!;
        const familyKana = prev.contact.kana.split(' ')[0]!;
        const given = rng.pick(GIVEN_NAMES);
        contact = { ...prev.contact, name: `${family} ${given[0]}`, kana: `${familyKana} ${given[1]}`, email: '' };
        if (!usedKeys.has(keyOf(contact))) { facts.nearDuplicateSamePhone++; break; }
      }
      applyDefect(contact, defectOf[i] ?? null, rng);
      if (!usedKeys.has(keyOf(contact))) break;
      if (++tries > 50) throw new Error('could not make a unique contact');
    }
    usedKeys.add(keyOf(contact));
    const brand = rng.weighted(CARD_BRANDS);
    const person: Person = {
      index: i, role: roleOf[i]!, memberId: isMember[i] ? `M${100001 + memberSeq++}` : null,
      contact, defect: defectOf[i] ?? null, plant: plantOf[i] ?? null, brand,
      last4: String(rng.int(10000)).padStart(4, '0'),
    };
    persons.push(person);
    if (!person.memberId && person.defect === null) guestPool.push(i);
  }
  return persons;
}

function makeContact(rng: Rng): Contact {
  const fam = rng.weighted(FAMILY_NAMES.map((f) => [f, f[3]] as const));
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

/** A real code of the town (one of them, for a town whose 丁目 have several). */
function realPostalCode(rng: Rng, pref: string, city: string, town: string): string {
  const codes = bundledPostalIndex().codesOfTown(pref, city, town);
  // Two draws, as the made-up codes of earlier versions took, so the seeded stream (and with it
  // every count of the demo) stays as it was.
  rng.next();
  const code = codes[rng.int(codes.length)];
  if (!code) throw new Error(`demo town not in the postal data: ${pref}${city}${town}`);
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/**
 * A seeded handful of persons to notify get a wrong postal code (a real code of another town)
 * or one that does not exist, which the address check must then report. Their own stream, so
 * nothing else of the demo changes; persons sharing name and code with another are left alone
 * (the near-duplicate pairs stay as planted).
 */
export function plantPostalErrors(persons: Person[], seed: number, facts: ModelFacts): void {
  const rng = new Rng(seed ^ 0x7057a1);
  const index = bundledPostalIndex();
  const nameCode = new Map<string, number>();
  for (const p of persons) nameCode.set(`${specKey(p.contact.name)}|${p.contact.postal}`, (nameCode.get(`${specKey(p.contact.name)}|${p.contact.postal}`) ?? 0) + 1);
  const eligible = persons.filter((p) => p.role === 'token' && p.defect === null && p.plant === null
    && nameCode.get(`${specKey(p.contact.name)}|${p.contact.postal}`) === 1);
  const wanted = Math.min(eligible.length, Math.max(2, Math.round(persons.length / 1000)));
  for (let k = 0; k < wanted; k++) {
    const person = eligible.splice(rng.int(eligible.length), 1)[0]!;
    if (k % 2 === 0) {
      const other = CITIES[(CITIES.findIndex((c) => c.city === person.contact.city) + 1 + rng.int(CITIES.length - 1)) % CITIES.length]!;
      person.contact.postal = realPostalCode(rng, other.pref, other.city, rng.pick(other.towns));
      facts.postalWrong++;
    } else {
      let code: string;
      do code = `${person.contact.postal.slice(0, 3)}${String(rng.range(9000, 9999))}`;
      while (index.areasOf(code).length > 0);
      person.contact.postal = `${code.slice(0, 3)}-${code.slice(3)}`;
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
