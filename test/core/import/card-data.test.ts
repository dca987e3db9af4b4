// spec §1/§2: full card numbers and security codes are never stored. Proven by searching the
// bytes of the database files (main file and -wal) for the numbers, in every form written.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  all, allStoredValues, closeDb, excelWallClock, filesContaining, now, openDb, openTempDb, runImport, tempDir, writeCsv, writeXlsx,
} from '../../helpers/fixtures.js';

const dir = tempDir();

// Luhn-valid test numbers of several brands and lengths.
const VISA = '4111111111111111';
const MASTER = '5555555555554444';
const JCB = '3530111333300000';
const AMEX = '378282246310005';
const VISA2 = '4012888888881881';
const DINERS = '30569309025904';
const VISA19 = '4222222222222222224';
const FULL_WIDTH_VISA = '４２４２４２４２４２４２４２４２';
const SPACED_MASTER = '5105 1051 0510 5100';

function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Every way a number could be found in the files. */
function needles(written: string): string[] {
  const digits = written.normalize('NFKC').replace(/\D/g, '');
  return [...new Set([written, digits, written.normalize('NFKC')])].filter((n) => n.length >= 4);
}

function assertNowhere(file: string, numbers: string[]) {
  for (const number of numbers) {
    for (const needle of needles(number)) {
      expect.soft(filesContaining(file, needle), `«${needle}» in the database files`).toEqual([]);
    }
  }
}

describe('PAN masking', () => {
  const luhnNumbers = [VISA, MASTER, JCB, AMEX, VISA2, DINERS, VISA19, '4242424242424242', '5105105105105100'];
  it('the fixture numbers are Luhn-valid (else the test would prove nothing)', () => {
    for (const n of luhnNumbers) expect(luhn(n), n).toBe(true);
    expect(VISA19.length).toBe(19);
  });

  it('a full number in the card column AND in other columns never reaches the database files', async () => {
    const { db, file: dbFile, close } = openTempDb();
    const payments = writeCsv(join(dir, 'pan-payments.csv'), [
      ['取引ID', 'オーダーID', '決済日時', '決済方法', 'カード番号', '金額', 'ステータス'],
      ['P1', 'O-1', '2021/11/01 10:00', 'クレジットカード', VISA, '1000', '売上確定'],
      ['P2', 'O-2', '2021/11/01 10:00', 'クレジットカード', `${MASTER.slice(0, 4)}-${MASTER.slice(4, 8)}-${MASTER.slice(8, 12)}-${MASTER.slice(12)}`, '1000', '売上確定'],
      ['P3', 'O-3', '2021/11/01 10:00', 'クレジットカード', AMEX, '1000', `エラー: カード ${VISA2} は無効`],
      ['P4', 'O-4', '2021/11/01 10:00', 'クレジットカード', '************1234', '1000', `再決済 ${JCB}`],
      ['P5', 'O-5', '2021/11/01 10:00', 'クレジットカード', VISA19, '1000', '売上確定'],
    ], { encoding: 'cp932' });
    const report = await runImport(db, { file: payments, kind: 'payments' });
    expect(report.rowsAccepted).toBe(5);
    expect(report.warnings.find((w) => w.code === 'full-card-number')?.count).toBe(4);
    expect(report.warnings.find((w) => w.code === 'card-number-masked')?.count).toBe(2);
    expect(all(db, 'SELECT transaction_id AS id, card_last4 AS last4, card_brand AS brand FROM payments ORDER BY id')).toEqual([
      { id: 'P1', last4: '1111', brand: 'VISA' },
      { id: 'P2', last4: '4444', brand: 'Mastercard' },
      { id: 'P3', last4: '0005', brand: 'AMEX' },
      { id: 'P4', last4: '1234', brand: null },
      { id: 'P5', last4: '2224', brand: 'VISA' },
    ]);
    // The status keeps its words, with only the last 4 digits of the number.
    const status = all<{ status: string }>(db, "SELECT status FROM payments WHERE transaction_id = 'P3'")[0]!.status;
    expect(status).toContain('1881');
    expect(status).toContain('エラー');

    const donors = writeCsv(join(dir, 'pan-donors.csv'), [
      ['注文番号', '氏名', '郵便番号', '住所', '建物名', '電話番号', 'メールアドレス'],
      ['O-1', '山田 花子', '1000001', `東京都千代田区1-1 カード${VISA}`, `メモ ${FULL_WIDTH_VISA}`, '03-1111-1111', 'a@example.jp'],
      ['O-2', `鈴木 ${DINERS}`, '1000002', `東京都港区1-1 (${SPACED_MASTER})`, '', '03-2222-2222', `${MASTER}@example.jp`],
    ]);
    const donorReport = await runImport(db, { file: donors, kind: 'donors' });
    expect(donorReport.rowsAccepted).toBe(2);
    expect(donorReport.warnings.find((w) => w.code === 'card-number-masked')?.count).toBe(5);

    // While the database is open: main file and -wal.
    const numbers = [VISA, MASTER, JCB, AMEX, VISA2, DINERS, VISA19, FULL_WIDTH_VISA, SPACED_MASTER];
    assertNowhere(dbFile, numbers);
    // No stored value holds a full number in any form either (integers included).
    const values = allStoredValues(db).map((v) => v.normalize('NFKC').replace(/[\s-]/g, ''));
    for (const n of numbers.map((x) => x.normalize('NFKC').replace(/\D/g, ''))) {
      expect.soft(values.filter((v) => v.includes(n)), n).toEqual([]);
    }
    close();
    assertNowhere(dbFile, numbers);
  });

  it('an XLSX card column holding the number as a numeric cell is reduced too', async () => {
    const { db, file: dbFile, close } = openTempDb();
    const file = await writeXlsx(join(dir, 'pan.xlsx'), {
      header: ['取引ID', '決済日時', '決済方法', 'カード番号', '備考'],
      rows: [
        ['PX1', excelWallClock(2021, 11, 1, 10), 'クレジット', Number(VISA), null],
        ['PX2', excelWallClock(2021, 11, 1, 10), 'クレジット', MASTER, null],
      ],
    });
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
    expect(all(db, 'SELECT card_last4 AS l FROM payments ORDER BY transaction_id')).toEqual([{ l: '1111' }, { l: '4444' }]);
    close();
    assertNowhere(dbFile, [VISA, MASTER]);
  });

  it('a PAN in an amount column is not stored as a number', async () => {
    const { db, close, file: dbFile } = openTempDb();
    const file = writeCsv(join(dir, 'pan-amount.csv'), [['取引ID', '決済日時', '金額'], ['PA1', '2021/11/01', VISA]]);
    await runImport(db, { file, kind: 'payments' });
    const values = allStoredValues(db);
    expect(values.filter((v) => v.includes(VISA))).toEqual([]);
    close();
    assertNowhere(dbFile, [VISA]);
  });

  it('a long numeric ID that only happens to pass the Luhn check is kept in ID columns', async () => {
    const { db } = openTempDb();
    // 13 digits, Luhn-valid, no card brand prefix: a processor's transaction number.
    const id = '9000000000001';
    expect(luhn(id)).toBe(true);
    const file = writeCsv(join(dir, 'long-id.csv'), [['取引ID', '決済日時'], [id, '2021/11/01']]);
    await runImport(db, { file, kind: 'payments' });
    expect(all(db, 'SELECT transaction_id AS id FROM payments')).toEqual([{ id }]);
  });
});

describe('security code columns', () => {
  it.each(['セキュリティコード', 'CVV', 'cvc', 'CVV2', 'security_code', 'ＣＶＶ', 'セキュリティ コード'])(
    'a %s column is never read and the import warns about it',
    async (header) => {
      const { db, file: dbFile, close } = openTempDb();
      const markers = ['SECRETCODE-ALPHA', 'SECRETCODE-BRAVO'];
      const file = writeCsv(join(dir, `cvv-${header.replace(/\s/g, '_')}.csv`), [
        ['取引ID', '決済日時', '決済方法', 'カード番号', header, '金額'],
        ['C1', '2021/11/01', 'card', '************1111', '7391', '100'],
        ['C2', '2021/11/01', 'card', '************2222', markers[0]!, '100'],
        ['C3', '2021/11/01', 'card', '************3333', markers[1]!, '100'],
      ]);
      const report = await runImport(db, { file, kind: 'payments' });
      expect(report.rowsAccepted).toBe(3);
      expect(report.securityCodeColumns).toEqual([header.trim()]);
      const warning = report.warnings.find((w) => w.code === 'security-code-column');
      expect(warning?.message).toContain(header.trim());
      expect(Object.values(report.mapping)).not.toContain(header.trim());
      // The warning is part of the stored import record.
      const stored = JSON.parse(all<{ w: string }>(db, 'SELECT warnings AS w FROM imports')[0]!.w) as Array<{ code: string }>;
      expect(stored.map((w) => w.code)).toContain('security-code-column');
      expect(allStoredValues(db).filter((v) => v === '7391' || markers.some((m) => v.includes(m)))).toEqual([]);
      close();
      assertNowhere(dbFile, markers);
    },
  );

  it('security codes are dropped from XLSX files too', async () => {
    const { db, file: dbFile, close } = openTempDb();
    const file = await writeXlsx(join(dir, 'cvv.xlsx'), {
      header: ['取引ID', '決済日時', 'セキュリティコード'],
      rows: [['CX1', excelWallClock(2021, 11, 1), 'SECRETCODE-XLSX']],
    });
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.securityCodeColumns).toEqual(['セキュリティコード']);
    close();
    assertNowhere(dbFile, ['SECRETCODE-XLSX']);
    const again = openDb({ file: dbFile, now });
    expect(all(again, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 1 }]);
    closeDb(again);
  });
});
