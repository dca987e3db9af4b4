// spec §2 XLSX: the first sheet unless named; the header row is found below title rows; date
// cells are Excel dates meaning Japan wall-clock time.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { all, excelWallClock, openTempDb, runImport, tempDir, writeXlsx } from '../../helpers/fixtures.js';

const dir = tempDir();

describe('XLSX payments', () => {
  it('finds the header below title rows and reads date cells as Japan wall-clock time', async () => {
    const { db } = openTempDb();
    const file = await writeXlsx(join(dir, 'payments.xlsx'), {
      name: '取引一覧',
      titleRows: [['決済データ出力 (2022年2月1日)'], [], ['加盟店: テスト団体', null, '出力者: 管理者']],
      header: ['取引ID', 'オーダーID', '決済日時', '決済方法', '金額', 'ステータス'],
      rows: [
        ['X1', 'O-1', excelWallClock(2021, 10, 14, 0, 0, 0), 'クレジットカード', 1000, '売上確定'],
        ['X2', 'O-2', excelWallClock(2021, 10, 13, 23, 59, 59), 'クレジットカード', 2000, '売上確定'],
        ['X3', 'O-3', excelWallClock(2022, 1, 25, 23, 59, 59), 'クレジットカード', 3000, '与信NG'],
        ['X4', 'O-4', excelWallClock(2022, 1, 26, 0, 0, 0), 'クレジットカード', 4000, '売上確定'],
        ['X5', 'O-5', '2021/11/01 10:00', 'コンビニ', '5,000円', '入金済'],
      ],
    });
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.format).toBe('xlsx');
    expect(report.sheet).toBe('取引一覧');
    expect(report.headerLine).toBe(4);
    expect(report.rowsRead).toBe(5);
    expect(report.rowsAccepted).toBe(5);
    expect(all(db, 'SELECT transaction_id AS id, paid_at AS at, paid_date AS d, amount, method_class AS cls, line FROM payments ORDER BY id')).toEqual([
      { id: 'X1', at: '2021-10-13T15:00:00Z', d: '2021-10-14', amount: 1000, cls: 'card', line: 5 },
      { id: 'X2', at: '2021-10-13T14:59:59Z', d: '2021-10-13', amount: 2000, cls: 'card', line: 6 },
      { id: 'X3', at: '2022-01-25T14:59:59Z', d: '2022-01-25', amount: 3000, cls: 'card', line: 7 },
      { id: 'X4', at: '2022-01-25T15:00:00Z', d: '2022-01-26', amount: 4000, cls: 'card', line: 8 },
      { id: 'X5', at: '2021-11-01T01:00:00Z', d: '2021-11-01', amount: 5000, cls: 'コンビニ', line: 9 },
    ]);
  });

  it('reads a date-only cell as that Japan-local day', async () => {
    const { db } = openTempDb();
    const file = await writeXlsx(join(dir, 'date-only.xlsx'), {
      header: ['取引ID', '決済日'],
      rows: [['Y1', excelWallClock(2021, 10, 14)], ['Y2', excelWallClock(2022, 1, 25)]],
      dateFormat: 'yyyy/mm/dd',
    });
    await runImport(db, { file, kind: 'payments' });
    expect(all(db, 'SELECT transaction_id AS id, paid_date AS d, paid_has_time AS t FROM payments ORDER BY id')).toEqual([
      { id: 'Y1', d: '2021-10-14', t: 0 },
      { id: 'Y2', d: '2022-01-25', t: 0 },
    ]);
  });

  it('reads the first sheet unless one is named, and the named one when given', async () => {
    const { db } = openTempDb();
    const file = await writeXlsx(join(dir, 'two-sheets.xlsx'), [
      { name: '最初', header: ['取引ID', '決済日時'], rows: [['F1', '2021/11/01']] },
      { name: '二番目', titleRows: [['別の出力']], header: ['取引ID', '決済日時'], rows: [['S1', '2021/11/02'], ['S2', '2021/11/03']] },
    ]);
    const first = await runImport(db, { file, kind: 'payments' });
    expect(first.sheet).toBe('最初');
    expect(first.rowsAccepted).toBe(1);

    const { db: db2 } = openTempDb();
    const second = await runImport(db2, { file, kind: 'payments', sheet: '二番目' });
    expect(second.sheet).toBe('二番目');
    expect(second.headerLine).toBe(2);
    expect(all(db2, 'SELECT transaction_id AS id FROM payments ORDER BY id')).toEqual([{ id: 'S1' }, { id: 'S2' }]);

    const { db: db3 } = openTempDb();
    const error = (await runImport(db3, { file, kind: 'payments', sheet: 'ない' }).catch((e: unknown) => e)) as { code: string };
    expect(error.code).toBe('xlsx-sheet-missing');
  });

  it('reads a donors workbook with title rows', async () => {
    const { db } = openTempDb();
    const file = await writeXlsx(join(dir, 'donors.xlsx'), {
      titleRows: [['寄付者一覧'], ['2022年2月1日現在']],
      header: ['注文番号', '会員番号', '氏名', '郵便番号', '住所', '寄付日'],
      rows: [['D-1', 'M-1', '髙橋 一郎', '100-0001', '東京都千代田区千代田1-1', excelWallClock(2021, 12, 1, 9, 30)]],
    });
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.headerLine).toBe(3);
    expect(all(db, 'SELECT order_id AS o, member_id AS m, name, postal_code AS zip, donated_at AS at FROM donor_records')).toEqual([
      { o: 'D-1', m: 'M-1', name: '髙橋 一郎', zip: '1000001', at: '2021-12-01T00:30:00Z' },
    ]);
  });
});
