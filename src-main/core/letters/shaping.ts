// Shaping a run of text in pieces that every letter shares. A letter's lines with the person's
// name in them differ from letter to letter only around the name, yet fontkit shapes each such
// line whole, and shaping is a sixth of a letter's time. A run is cut between two characters
// where none of the font's lookups that fontkit applies can reach across, and each piece is
// shaped alone (with the run's script, as fontkit would choose it for the whole run) and
// remembered, so most pieces of a new line are found already shaped. The glyphs and positions
// are exactly those of shaping the run whole:
// - GSUB: single and multiple substitutions change one glyph whatever its neighbours; a
//   ligature reaches across a cut only if the glyph after the cut (or what a substitution makes
//   of it) is one of a ligature's components;
// - GPOS: single adjustments see one glyph; a pair adjustment reaches across a cut only if the
//   pair of glyphs on either side is one that a pair lookup adjusts; a mark attaches to the
//   glyph before it, and marks (by GDEF or Unicode) and default-ignorable characters are never
//   next to a cut.
// A font with lookups beyond these (contextual or cursive ones, lookups that skip base glyphs or
// ligatures, feature variations, a legacy 'kern' or an AAT 'morx' table), a script with a shaper
// of its own (Arabic, Indic, Hangul…), or a fraction slash (fontkit's fraction feature reaches
// over neighbouring digits) is shaped run by run as before.
import type { Font, GlyphRun } from 'fontkit';
import { BoundedCache } from '../bounded-cache.js';

/** Features fontkit's default shaper applies to horizontal text (its plan: variation, directional, fraction, common, horizontal). */
const DEFAULT_FEATURES = new Set(['rvrn', 'ltra', 'ltrm', 'rtla', 'rtlm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern']);
/** fontkit's script tags (detected from the text) that its default shaper handles; a font lacking the script falls back to DFLT, also the default shaper. */
const DEFAULT_SHAPED_SCRIPTS = new Set(['hani', 'kana', 'latn', 'cyrl', 'grek', 'zzzz']);
/** What fontkit's script detection says of a string with no letter of any script (digits, punctuation). */
const NO_SCRIPT = 'zzzz';
/** Characters that fontkit's shaping ties to their neighbours whatever the font (marks, variation selectors, joiners). */
const NEVER_AT_A_CUT = /[\p{M}\p{Default_Ignorable_Code_Point}]/u;
const FRACTION_SLASH = '\u2044';

/** Pieces and code points remembered per generation (see BoundedCache). */
const CACHE_LIMIT = 4_000;

// fontkit's parsed OpenType layout tables, as far as they are read here. Long lists are lazy
// arrays (get(i), toArray()) or plain arrays.
type List<T> = T[] | { length: number; get(i: number): T; toArray(): T[] };
interface Coverage {
  version: number;
  glyphs?: List<number>;
  rangeRecords?: List<{ start: number; end: number; startCoverageIndex: number }>;
}
interface ClassDef {
  version: number;
  startGlyph?: number;
  classValueArray?: List<number>;
  classRangeRecord?: List<{ start: number; end: number; class: number }>;
}
type ValueRecord = Record<string, unknown>;
interface SubTable {
  version?: number;
  lookupType?: number;
  extension?: SubTable;
  coverage?: Coverage;
  markCoverage?: Coverage;
  mark1Coverage?: Coverage;
  deltaGlyphID?: number;
  substitute?: List<number>;
  sequences?: List<List<number>>;
  ligatureSets?: List<List<{ glyph: number; components: List<number> }>>;
  pairSets?: List<List<{ secondGlyph: number; value1: ValueRecord; value2: ValueRecord }>>;
  classDef1?: ClassDef;
  classDef2?: ClassDef;
  classRecords?: List<List<{ value1: ValueRecord; value2: ValueRecord }>>;
}
interface Lookup {
  lookupType: number;
  flags: { flags: { ignoreBaseGlyphs: boolean; ignoreLigatures: boolean } };
  subTables: List<SubTable>;
}
interface LangSys {
  reqFeatureIndex: number;
  featureIndexes: List<number>;
}
interface LayoutTable {
  scriptList: List<{ script: { defaultLangSys: LangSys | null; langSysRecords: List<{ langSys: LangSys }> } }>;
  featureList: List<{ tag: string; feature: { lookupListIndexes: List<number> } }>;
  lookupList: List<Lookup>;
  featureVariations?: unknown;
}
interface LayoutFont {
  GSUB?: LayoutTable;
  GPOS?: LayoutTable;
  GDEF?: { glyphClassDef?: ClassDef };
  directory: { tables: Record<string, unknown> };
}

function all<T>(list: List<T> | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : list.toArray();
}

function coverageMap(coverage: Coverage | undefined): Map<number, number> {
  const map = new Map<number, number>();
  if (!coverage) return map;
  const add = (g: number, i: number): void => {
    if (!map.has(g)) map.set(g, i);
  };
  if (coverage.version === 1) all(coverage.glyphs).forEach((g, i) => add(g, i));
  else for (const r of all(coverage.rangeRecords)) for (let g = r.start; g <= r.end; g++) add(g, r.startCoverageIndex + g - r.start);
  return map;
}

/** A class definition as a lookup; glyphs it does not list are in class 0 (the first range listing a glyph wins, as in fontkit). */
function classMap(classDef: ClassDef | undefined): (glyph: number) => number {
  const map = new Map<number, number>();
  if (classDef?.version === 1) all(classDef.classValueArray).forEach((c, i) => map.set(classDef.startGlyph! + i, c));
  else for (const r of all(classDef?.classRangeRecord)) for (let g = r.start; g <= r.end; g++) if (!map.has(g)) map.set(g, r.class);
  return (glyph) => map.get(glyph) ?? 0;
}

/** Whether a value record moves anything (a device table is counted as moving: never assumed away). */
function moves(value: ValueRecord | undefined): boolean {
  return value !== undefined && Object.values(value).some((v) => (typeof v === 'number' ? v !== 0 : v != null));
}

/** The pair adjustments of one subtable: whether it moves either glyph of a pair. */
type PairTest = (first: number, second: number) => boolean;

/** Read row by row as pairs are asked about: decoding a whole kerning table would cost more than it saves in a batch. */
function pairTest(table: SubTable): PairTest {
  const coverage = coverageMap(table.coverage);
  if (table.version === 1) {
    const sets = table.pairSets!;
    const moved = new Map<number, Set<number>>();
    return (first, second) => {
      const index = coverage.get(first);
      if (index === undefined) return false;
      let seconds = moved.get(first);
      if (!seconds) {
        const set = all(Array.isArray(sets) ? sets[index] : sets.get(index));
        moved.set(first, (seconds = new Set(set.filter((p) => moves(p.value1) || moves(p.value2)).map((p) => p.secondGlyph))));
      }
      return seconds.has(second);
    };
  }
  const class1 = classMap(table.classDef1);
  const class2 = classMap(table.classDef2);
  const records = table.classRecords!;
  const rows = new Map<number, boolean[]>();
  return (first, second) => {
    if (!coverage.has(first)) return false;
    const c1 = class1(first);
    let row = rows.get(c1);
    if (!row) rows.set(c1, (row = all(Array.isArray(records) ? records[c1] : records.get(c1)).map((r) => moves(r.value1) || moves(r.value2))));
    return row[class2(second)] ?? false;
  };
}

/** What the enabled lookups of one font do that matters for cutting, or null when they do more than is analysed here. */
interface Reach {
  /** Glyphs a single or multiple substitution may turn each glyph into. */
  substitutes: Map<number, number[]>;
  /** Glyphs that a ligature, or a mark attachment, joins to the glyph before them. */
  joinsBackward: Set<number>;
  /** Glyphs that start a pair adjusted by a pair lookup, and the tests of those lookups. */
  pairFirsts: Set<number>;
  pairs: PairTest[];
  glyphClass: (glyph: number) => number;
}

function analyse(font: LayoutFont): Reach | null {
  if ('morx' in font.directory.tables || 'kern' in font.directory.tables) return null;
  const reach: Reach = { substitutes: new Map(), joinsBackward: new Set(), pairFirsts: new Set(), pairs: [], glyphClass: classMap(font.GDEF?.glyphClassDef) };
  const substitute = (from: number, to: number): void => {
    const list = reach.substitutes.get(from);
    if (list) list.push(to);
    else reach.substitutes.set(from, [to]);
  };
  for (const [tag, table] of [['GSUB', font.GSUB], ['GPOS', font.GPOS]] as const) {
    if (!table) continue;
    if (table.featureVariations) return null;
    const features = all(table.featureList);
    const enabled = new Set<number>();
    for (const { script } of all(table.scriptList)) {
      for (const langSys of [script.defaultLangSys, ...all(script.langSysRecords).map((r) => r.langSys)]) {
        if (!langSys) continue;
        const indexes = all(langSys.featureIndexes).filter((i) => DEFAULT_FEATURES.has(features[i]?.tag ?? ''));
        if (langSys.reqFeatureIndex !== 0xffff) indexes.push(langSys.reqFeatureIndex);
        for (const i of indexes) for (const l of all(features[i]?.feature.lookupListIndexes)) enabled.add(l);
      }
    }
    const lookups = all(table.lookupList);
    for (const index of enabled) {
      const lookup = lookups[index];
      if (!lookup) continue;
      if (lookup.flags.flags.ignoreBaseGlyphs || lookup.flags.flags.ignoreLigatures) return null;
      for (const wrapped of all(lookup.subTables)) {
        const extension = (tag === 'GSUB' && lookup.lookupType === 7) || (tag === 'GPOS' && lookup.lookupType === 9);
        const sub = extension ? wrapped.extension! : wrapped;
        const type = extension ? wrapped.lookupType! : lookup.lookupType;
        if (tag === 'GSUB' && type === 1) {
          const substitutes = all(sub.substitute);
          for (const [g, i] of coverageMap(sub.coverage)) substitute(g, sub.version === 1 ? (g + sub.deltaGlyphID!) & 0xffff : substitutes[i]!);
        } else if (tag === 'GSUB' && type === 2) {
          const sequences = all(sub.sequences);
          for (const [g, i] of coverageMap(sub.coverage)) for (const to of all(sequences[i])) substitute(g, to);
        } else if (tag === 'GSUB' && type === 4) {
          for (const set of all(sub.ligatureSets)) for (const ligature of all(set)) for (const c of all(ligature.components)) reach.joinsBackward.add(c);
        } else if (tag === 'GPOS' && type === 1) {
          // One glyph at a time.
        } else if (tag === 'GPOS' && type === 2) {
          for (const g of coverageMap(sub.coverage).keys()) reach.pairFirsts.add(g);
          reach.pairs.push(pairTest(sub));
        } else if (tag === 'GPOS' && (type === 4 || type === 5 || type === 6)) {
          for (const g of coverageMap(type === 6 ? sub.mark1Coverage : sub.markCoverage).keys()) reach.joinsBackward.add(g);
        } else {
          return null;
        }
      }
    }
  }
  return reach;
}

/** A character as seen from a cut beside it. */
interface Side {
  /** Its glyph and every glyph substitutions may make of it. */
  glyphs: number[];
  /** Never next to a cut (a mark, an ignorable, a glyph GDEF calls a mark or a component). */
  bound: boolean;
  /** A ligature or a mark attachment may join it to the character before it. */
  joinsBackward: boolean;
  /** It may start an adjusted pair. */
  pairFirst: boolean;
}

export interface ShapedRunGlyph {
  id: number;
  codePoints: number[];
  /** In font units. */
  advanceWidth: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** Shapes runs of text of one font, in remembered pieces where that gives the same glyphs. */
export class PieceShaper {
  private readonly reach: Reach | null;
  /** Per script (one or two in a letter), then per piece. */
  private readonly pieces = new Map<string, BoundedCache<string, ShapedRunGlyph[]>>();
  private readonly sides = new BoundedCache<number, Side>(CACHE_LIMIT);
  private readonly scripts = new BoundedCache<number, string>(CACHE_LIMIT);

  constructor(private readonly font: Font) {
    this.reach = analyse(font as unknown as LayoutFont);
  }

  /** Whether this font's runs are cut at all (for tests). */
  get cuts(): boolean {
    return this.reach !== null;
  }

  /** The glyphs of `run` exactly as fontkit's layout(run) shapes it. */
  shape(run: string): ShapedRunGlyph[] {
    const chars = Array.from(run);
    const script = this.scriptOf(chars);
    if (this.reach === null || !DEFAULT_SHAPED_SCRIPTS.has(script) || run.includes(FRACTION_SLASH)) return glyphsOf(this.font.layout(run));
    const glyphs: ShapedRunGlyph[] = [];
    let start = 0;
    let before = this.side(chars[0]!);
    for (let i = 1; i <= chars.length; i++) {
      const after = i < chars.length ? this.side(chars[i]!) : null;
      if (after === null || this.canCut(before, after)) {
        glyphs.push(...this.piece(chars.slice(start, i).join(''), script));
        start = i;
      }
      if (after) before = after;
    }
    return glyphs;
  }

  /** As fontkit detects a string's script: that of its first character that has one. */
  private scriptOf(chars: readonly string[]): string {
    for (const ch of chars) {
      const cp = ch.codePointAt(0)!;
      let script = this.scripts.get(cp);
      if (script === undefined) this.scripts.set(cp, (script = this.font.layout(ch).script));
      if (script !== NO_SCRIPT) return script;
    }
    return NO_SCRIPT;
  }

  private piece(text: string, script: string): ShapedRunGlyph[] {
    let pieces = this.pieces.get(script);
    if (!pieces) this.pieces.set(script, (pieces = new BoundedCache(CACHE_LIMIT)));
    let glyphs = pieces.get(text);
    if (!glyphs) pieces.set(text, (glyphs = glyphsOf(this.font.layout(text, [], script))));
    return glyphs;
  }

  private side(ch: string): Side {
    const cp = ch.codePointAt(0)!;
    let side = this.sides.get(cp);
    if (side) return side;
    const reach = this.reach!;
    const glyphs = [this.font.glyphForCodePoint(cp).id];
    for (let i = 0; i < glyphs.length; i++) for (const to of reach.substitutes.get(glyphs[i]!) ?? []) if (!glyphs.includes(to)) glyphs.push(to);
    side = {
      glyphs,
      bound: NEVER_AT_A_CUT.test(ch) || glyphs.some((g) => reach.glyphClass(g) >= 3),
      joinsBackward: glyphs.some((g) => reach.joinsBackward.has(g)),
      pairFirst: glyphs.some((g) => reach.pairFirsts.has(g)),
    };
    this.sides.set(cp, side);
    return side;
  }

  private canCut(before: Side, after: Side): boolean {
    if (before.bound || after.bound || after.joinsBackward) return false;
    if (!before.pairFirst) return true;
    for (const first of before.glyphs) for (const second of after.glyphs) for (const adjusts of this.reach!.pairs) if (adjusts(first, second)) return false;
    return true;
  }
}

function glyphsOf(run: GlyphRun): ShapedRunGlyph[] {
  return run.glyphs.map((glyph, i) => {
    const p = run.positions[i]!;
    return { id: glyph.id, codePoints: glyph.codePoints, advanceWidth: glyph.advanceWidth, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset };
  });
}
