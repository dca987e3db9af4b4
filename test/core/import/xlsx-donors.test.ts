// The demo's donor list saved as XLSX by exceljs imports to exactly what the same list imports to
// as CSV: no U+FFFD anywhere (exceljs's own streaming reader decoded each inflated chunk alone and
// stored 62 corrupted rows of the full 27,904-row list, which then made 8 persons too many).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoData } from '../../../src-main/core/demo/generate.js';
import { openSource } from '../../../src-main/core/import/source.js';
import { all, openTempDb, runImport, tempDir, writeXlsx } from '../../helpers/fixtures.js';

const dir = tempDir();

const RECORD_COLUMNS = 'record_key AS k, order_id, member_id, name, kana, postal_code, postal_raw, phone, email, donated_at, amount, method, address_key';

describe('the demo donor list as XLSX', () => {
  it('imports the same records and persons as the CSV, with no U+FFFD', async () => {
    const generated = await generateDemoData({ outDir: join(dir, 'demo'), seed: 20220125, persons: 4000 });
    const source = await openSource({ file: generated.donorsCsv });
    const rows: Array<Array<string | null>> = [];
    for await (const batch of source.batches) for (const row of batch.rows) rows.push(row.cells.map((c) => (c === '' || c === null ? null : String(c))));
    const [header, ...data] = rows;
    const xlsx = await writeXlsx(join(dir, 'donors.xlsx'), { name: '寄付者', header: header!.map(String), rows: data });

    const fromCsv = openTempDb();
    const fromXlsx = openTempDb();
    const csvReport = await runImport(fromCsv.db, { file: generated.donorsCsv, kind: 'donors' });
    const xlsxReport = await runImport(fromXlsx.db, { file: xlsx, kind: 'donors' });
    expect(xlsxReport.rowsRead).toBe(data.length);
    expect(xlsxReport.rowsAccepted).toBe(csvReport.rowsAccepted);

    // Line numbers differ (a CSV record may span lines); the stored values may not.
    const records = (db: typeof fromCsv.db) => all(db, `SELECT ${RECORD_COLUMNS} FROM donor_records ORDER BY k`);
    const persons = (db: typeof fromCsv.db) => all(db, 'SELECT group_key, name, kana, postal_code, address1, address2, phone, email FROM persons ORDER BY group_key');
    const xlsxRecords = records(fromXlsx.db);
    expect(xlsxRecords.filter((r) => JSON.stringify(r).includes('\uFFFD'))).toEqual([]);
    expect(xlsxRecords).toEqual(records(fromCsv.db));
    expect(persons(fromXlsx.db)).toEqual(persons(fromCsv.db));
  });
});
