// The batch's record of its letters, kept in a private temporary SQLite database (on disk,
// deleted when closed) instead of the JavaScript heap: each letter's key (ID, name, postal code,
// barcode, input hash), its place in bulk-mail order and in a print volume, and what rendering
// it produced; on a re-run, also the letter entries of the earlier run's manifest.json (read
// from the file as a stream, never whole). Held as objects, this was ≈1 KB a letter of live
// heap, which V8 lets grow several times over before a full collection, so the batch's peak
// memory grew with the case; here only SQLite's small page cache is in memory, and letters are
// read a page at a time.
// The file holds names and postal codes, so it must not outlive the batch: SQLite unlinks a
// temporary database as soon as it opens it (Unix) or opens it delete-on-close (Windows), so
// even a killed process leaves nothing behind.
import Database from 'better-sqlite3';
import type { LetterManifestEntry, LetterManifestPrint, ManifestVolume } from './manifest.js';
import type { LetterInput } from './types.js';

/**
 * What the plan keeps of a letter: enough to order, name and recognise it. The input itself is
 * read again when its letter is rendered, so a batch never holds every person's data at once.
 */
export interface LetterKey {
  personId: string;
  referenceNumber: LetterInput['referenceNumber'];
  category: string;
  name: string;
  postalCode: string;
  barcode?: LetterInput['barcode'];
  /** Hash of the setup and the whole input: the same hash, the same letter. */
  inputHash: string;
}

/** Letters read per query when walking the ledger. */
const PAGE = 1000;


interface LetterRow {
  ord: number;
  key: string;
  file: string | null;
  pages: number;
  blank_pages: number;
  sha256: string | null;
  warnings: string;
}

/**
 * UTF-16BE bytes: SQLite compares BLOBs with memcmp, which on these bytes is JavaScript's
 * code-unit order, not UTF-8's (they differ beyond U+FFFF).
 */
function codeUnitBlob(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

export class LetterLedger {
  private readonly db: Database.Database;
  private readonly statements: {
    check: Database.Statement;
    page: Database.Statement;
    volumePage: Database.Statement;
    todoPage: Database.Statement;
    byPerson: Database.Statement;
    setRendered: Database.Statement;
    setPagesIfUnknown: Database.Statement;
    setLength: Database.Statement;
    keepPrevious: Database.Statement;
    previous: Database.Statement;
    listsPrevious: Database.Statement;
  };

  constructor() {
    // '' is SQLite's private temporary database: a file nobody else can open, removed on close.
    this.db = new Database('');
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -4096');
    this.db.exec(`
      CREATE TABLE checked (person_id TEXT PRIMARY KEY, sort_key BLOB NOT NULL, category TEXT NOT NULL, key TEXT NOT NULL);
      CREATE TABLE letters (
        ord INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL UNIQUE,
        category TEXT NOT NULL,
        key TEXT NOT NULL,
        length_pages INTEGER,
        volume_file TEXT,
        file TEXT,
        todo INTEGER NOT NULL DEFAULT 0,
        pages INTEGER NOT NULL DEFAULT 0,
        blank_pages INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT,
        warnings TEXT NOT NULL DEFAULT '[]'
      );
      CREATE TABLE previous (person_id TEXT PRIMARY KEY, file TEXT, entry TEXT NOT NULL);
      CREATE INDEX previous_file ON previous (file);
    `);
    const columns = 'ord, key, file, pages, blank_pages, sha256, warnings';
    this.statements = {
      check: this.db.prepare('INSERT INTO checked (person_id, sort_key, category, key) VALUES (?, ?, ?, ?)'),
      page: this.db.prepare(`SELECT ${columns} FROM letters WHERE ord > ? ORDER BY ord LIMIT ${PAGE}`),
      volumePage: this.db.prepare(`SELECT ${columns} FROM letters WHERE volume_file = ? AND ord > ? ORDER BY ord LIMIT ${PAGE}`),
      todoPage: this.db.prepare(`SELECT ${columns} FROM letters WHERE todo = 1 AND ord > ? ORDER BY ord LIMIT ?`),
      byPerson: this.db.prepare(`SELECT ${columns} FROM letters WHERE person_id = ?`),
      setRendered: this.db.prepare('UPDATE letters SET pages = ?, blank_pages = ?, sha256 = ?, warnings = ? WHERE person_id = ?'),
      setPagesIfUnknown: this.db.prepare('UPDATE letters SET pages = ?, blank_pages = ? WHERE ord = ? AND pages = 0'),
      setLength: this.db.prepare('UPDATE letters SET length_pages = ? WHERE ord = ?'),
      // The last entry of a person counts, as it did when they were held in a Map.
      keepPrevious: this.db.prepare('INSERT OR REPLACE INTO previous (person_id, file, entry) VALUES (?, ?, ?)'),
      previous: this.db.prepare('SELECT entry FROM previous WHERE person_id = ?').pluck(),
      listsPrevious: this.db.prepare('SELECT 1 FROM previous WHERE file = ?').pluck(),
    };
  }

  /** A letter that passed the 外字 check (in any order: `order()` puts them in bulk-mail order); false when its person is already in. */
  add(key: LetterKey): boolean {
    try {
      this.statements.check.run(key.personId, codeUnitBlob(`${key.postalCode}\0${key.name}\0${key.personId}`), key.category, JSON.stringify(key));
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw error;
    }
  }

  /** Numbers the checked letters in bulk-mail order: postal code, then name, then person ID. */
  order(): void {
    this.db.exec(`
      INSERT INTO letters (person_id, category, key) SELECT person_id, category, key FROM checked ORDER BY sort_key;
      DROP TABLE checked;
      CREATE INDEX letters_volume ON letters (volume_file, ord);
      CREATE INDEX letters_set ON letters (category, length_pages, ord);
    `);
  }

  /** Every letter in bulk-mail order, with what is recorded of it. */
  *all(): Generator<LedgerLetter> {
    yield* this.walk((after) => this.statements.page.all(after) as LetterRow[]);
  }

  /** A print volume's letters, in their order in the file. */
  *ofVolume(file: string): Generator<LedgerLetter> {
    yield* this.walk((after) => this.statements.volumePage.all(file, after) as LetterRow[]);
  }

  /** The keys of a print volume's letters, in order (a volume is bounded, so this is too). */
  volumeKeys(file: string): LetterKey[] {
    return [...this.ofVolume(file)].map((l) => l.key);
  }

  /** The next letters after `after` (an ord) that still need their own file. */
  todo(after: number, limit: number): LedgerLetter[] {
    return (this.statements.todoPage.all(after, limit) as LetterRow[]).map(letterOf);
  }

  get todoCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM letters WHERE todo = 1').get() as { n: number }).n;
  }

  byPerson(personId: string): LedgerLetter | null {
    const row = this.statements.byPerson.get(personId) as LetterRow | undefined;
    return row ? letterOf(row) : null;
  }

  categories(): string[] {
    return (this.db.prepare('SELECT DISTINCT category FROM letters').all() as Array<{ category: string }>).map((r) => r.category);
  }

  /** A category's letters grouped by length (null when print files are not split by length), with their counts. */
  sets(category: string): Array<{ letterPages: number | null; count: number }> {
    return (this.db.prepare('SELECT length_pages AS letterPages, COUNT(*) AS count FROM letters WHERE category = ? GROUP BY length_pages').all(category) as Array<{
      letterPages: number | null; count: number;
    }>);
  }

  /**
   * Puts the letters of a category and length, in order, into volumes of at most `size`, named by
   * `fileOf(volumeIndex)`.
   */
  assignVolumes(category: string, letterPages: number | null, size: number, fileOf: (index: number) => string): void {
    const ords = this.db.prepare(`SELECT ord FROM letters WHERE category = ? AND length_pages IS ? AND ord > ? ORDER BY ord LIMIT ${size}`).pluck();
    const assign = this.db.prepare('UPDATE letters SET volume_file = ? WHERE category = ? AND length_pages IS ? AND ord BETWEEN ? AND ?');
    this.db.transaction(() => {
      let after = 0;
      for (let index = 0; ; index++) {
        const page = ords.all(category, letterPages, after) as number[];
        if (page.length === 0) return;
        assign.run(fileOf(index), category, letterPages, page[0], page[page.length - 1]);
        after = page[page.length - 1]!;
      }
    })();
  }

  /** Records the plan of each letter at once: its own file, and whether it must be made. */
  plan(decide: (letter: LedgerLetter) => { file: string | null; todo: boolean; kept?: Pick<LedgerLetter, 'pages' | 'blankPages' | 'sha256' | 'warnings'> }): void {
    const update = this.db.prepare('UPDATE letters SET file = ?, todo = ?, pages = ?, blank_pages = ?, sha256 = ?, warnings = ? WHERE ord = ?');
    const decisions: Array<[string | null, number, number, number, string | null, string, number]> = [];
    const flush = (): void => {
      this.db.transaction(() => decisions.forEach((d) => update.run(...d)))();
      decisions.length = 0;
    };
    for (const letter of this.all()) {
      const { file, todo, kept } = decide(letter);
      decisions.push([file, todo ? 1 : 0, kept?.pages ?? 0, kept?.blankPages ?? 0, kept?.sha256 ?? null, JSON.stringify(kept?.warnings ?? []), letter.ord]);
      if (decisions.length >= PAGE) flush();
    }
    flush();
  }

  setLengths(lengthOf: (letter: LedgerLetter) => number): void {
    const lengths: Array<[number, number]> = [];
    for (const letter of this.all()) lengths.push([lengthOf(letter), letter.ord]);
    this.db.transaction(() => lengths.forEach((l) => this.statements.setLength.run(...l)))();
  }

  rendered(personId: string, result: { pages: number; blankPages: number; sha256: string; warnings: string[] }): LedgerLetter {
    this.statements.setRendered.run(result.pages, result.blankPages, result.sha256, JSON.stringify(result.warnings), personId);
    return this.byPerson(personId)!;
  }

  /** Page counts of a volume's letters, in order, where not known yet (a letter in its own file knows its own). */
  volumePages(file: string, pages: readonly number[], blankPages: readonly number[]): void {
    const ords = [...this.ofVolume(file)].map((l) => l.ord);
    this.db.transaction(() => ords.forEach((ord, i) => this.statements.setPagesIfUnknown.run(pages[i] ?? 0, blankPages[i] ?? 0, ord)))();
  }

  /**
   * The manifest's entries of the letters done, volume by volume (in the order given) and in
   * order within each, with where each starts in its print file.
   */
  *entries(volumes: readonly ManifestVolume[], printEntries: ReadonlyMap<string, LetterManifestPrint>): Generator<LetterManifestEntry> {
    for (const { file } of volumes) {
      const printEntry = printEntries.get(file);
      let page = 1;
      for (const letter of this.ofVolume(file)) {
        const print = printEntry ? { file: printEntry.file, firstPage: page } : null;
        page += letter.pages;
        if (letter.file ? letter.sha256 === null : printEntry === undefined) continue;
        yield entryOf(letter, print);
      }
    }
  }

  /**
   * Runs `read` (the reading of the earlier run's manifest) in one transaction, keeping each
   * letter entry it hands over: an earlier batch's letters are held here, not in memory.
   */
  keepPrevious<T>(read: (keep: (entry: LetterManifestEntry) => void) => T): T {
    const insert = this.statements.keepPrevious;
    return this.db.transaction(() => read((entry) => insert.run(entry.personId, entry.file ?? null, JSON.stringify(entry))))();
  }

  /** Forgets the earlier run's letters (they were another batch's, now moved aside). */
  forgetPrevious(): void {
    this.db.exec('DELETE FROM previous');
  }

  /** The earlier run's entry of this person, or null. */
  previous(personId: string): LetterManifestEntry | null {
    const entry = this.statements.previous.get(personId) as string | undefined;
    return entry === undefined ? null : (JSON.parse(entry) as LetterManifestEntry);
  }

  /** Whether the earlier run's manifest lists this file (letters/<personId>.pdf) as a letter's. */
  listsPrevious(file: string): boolean {
    return this.statements.listsPrevious.get(file) !== undefined;
  }

  /** The earlier run's letter files that this batch does not keep (call after `plan`). */
  *droppedFiles(): Generator<string> {
    yield* this.db.prepare(`
      SELECT p.file FROM previous p LEFT JOIN letters l ON l.person_id = p.person_id
      WHERE p.file IS NOT NULL AND (l.sha256 IS NULL OR l.file IS NOT p.file)
    `).pluck().iterate() as IterableIterator<string>;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private *walk(page: (after: number) => LetterRow[]): Generator<LedgerLetter> {
    // A page at a time, never an open cursor: the caller may write to the ledger in between.
    for (let after = 0; ;) {
      const rows = page(after);
      for (const row of rows) yield letterOf(row);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.ord;
    }
  }
}

/** A letter as the ledger holds it: its key, its own file, and what rendering recorded. */
export interface LedgerLetter {
  ord: number;
  key: LetterKey;
  file: string | null;
  pages: number;
  blankPages: number;
  sha256: string | null;
  warnings: string[];
}

function letterOf(row: LetterRow): LedgerLetter {
  return {
    ord: row.ord, key: JSON.parse(row.key) as LetterKey, file: row.file, pages: row.pages, blankPages: row.blank_pages,
    sha256: row.sha256, warnings: JSON.parse(row.warnings) as string[],
  };
}

function entryOf(letter: LedgerLetter, print: LetterManifestEntry['print']): LetterManifestEntry {
  const { key } = letter;
  return {
    personId: key.personId,
    referenceNumber: key.referenceNumber,
    category: key.category,
    name: key.name,
    postalCode: key.postalCode,
    file: letter.file,
    pages: letter.pages,
    blankPages: letter.blankPages,
    sha256: letter.sha256,
    print,
    inputHash: key.inputHash,
    warnings: letter.warnings,
    ...(key.barcode ? { barcode: key.barcode } : {}),
  };
}
