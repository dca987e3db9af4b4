// Writes XLSX packages from raw XML, part by part, for the reader's edge cases: what Excel,
// LibreOffice or a hostile file put in a package, without going through any spreadsheet library.
import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/** A zip of the given entries (deflated), with sizes in the central directory. */
export function zipBytes(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface RawSheet {
  name: string;
  /** The <sheetData> content (rows), or a whole worksheet document when it starts with "<?xml" or "<worksheet". */
  xml: string;
  state?: 'hidden' | 'veryHidden';
  sheetId?: number;
  /** The relationship target; default worksheets/sheetN.xml (N = position). */
  target?: string;
}

export interface RawBook {
  sheets: RawSheet[];
  /** <si> items, as XML. */
  sharedStrings?: string[];
  /** <numFmt> elements and the numFmtId of each cellXfs entry (index = style s). */
  numFmts?: Array<{ id: number; code: string }>;
  cellXfs?: number[];
  workbookPr?: string;
  /** Extra entries, by name (they replace generated ones). */
  extra?: Record<string, string | Buffer>;
}

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A <row> of cells; each cell is [ref, attributes, inner XML]. */
export function rowXml(r: number, cells: Array<[string, string, string]>): string {
  return `<row r="${r}">${cells.map(([ref, attrs, inner]) => `<c r="${ref}"${attrs ? ` ${attrs}` : ''}>${inner}</c>`).join('')}</row>`;
}

/** Inline-string cells for a row of texts (null = no cell). */
export function textRow(r: number, texts: Array<string | null>): string {
  const cells: Array<[string, string, string]> = [];
  texts.forEach((t, i) => {
    if (t !== null) cells.push([`${String.fromCharCode(65 + i)}${r}`, 't="inlineStr"', `<is><t>${escapeXml(t)}</t></is>`]);
  });
  return rowXml(r, cells);
}

export function rawXlsxBytes(book: RawBook): Buffer {
  const entries: Record<string, string | Buffer> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  };
  const rels: string[] = [];
  const sheets: string[] = [];
  book.sheets.forEach((sheet, i) => {
    const target = sheet.target ?? `worksheets/sheet${i + 1}.xml`;
    rels.push(`<Relationship Id="rIdS${i + 1}" Type="${REL}/worksheet" Target="${target}"/>`);
    sheets.push(
      `<sheet name="${escapeXml(sheet.name)}" sheetId="${sheet.sheetId ?? i + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rIdS${i + 1}"/>`,
    );
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    entries[path] = /^(<\?xml|<worksheet)/.test(sheet.xml)
      ? sheet.xml
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheet.xml}</sheetData></worksheet>`;
  });
  if (book.sharedStrings) {
    rels.push(`<Relationship Id="rIdSS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    entries['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}" count="${book.sharedStrings.length}" uniqueCount="${book.sharedStrings.length}">` +
      `${book.sharedStrings.join('')}</sst>`;
  }
  if (book.cellXfs || book.numFmts) {
    rels.push(`<Relationship Id="rIdST" Type="${REL}/styles" Target="styles.xml"/>`);
    const fmts = book.numFmts ?? [];
    const xfs = book.cellXfs ?? [0];
    entries['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="${MAIN}">` +
      (fmts.length ? `<numFmts count="${fmts.length}">${fmts.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeXml(f.code)}"/>`).join('')}</numFmts>` : '') +
      '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>' +
      `<cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`;
  }
  entries['xl/_rels/workbook.xml.rels'] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`;
  entries['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
    `${book.workbookPr ?? '<workbookPr/>'}<sheets>${sheets.join('')}</sheets></workbook>`;
  Object.assign(entries, book.extra ?? {});
  return zipBytes(entries);
}

export function writeRawXlsx(path: string, book: RawBook): string {
  writeFileSync(path, rawXlsxBytes(book));
  return path;
}
