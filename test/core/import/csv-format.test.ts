// spec §2: CRLF or LF; RFC 4180 quoting, including commas, doubled quotes and newlines inside
// quoted fields; line numbers of rejects stay the physical line a record starts on.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { all, openTempDb, runImport, tempDir, writeText } from '../../helpers/fixtures.js';

const dir = tempDir();

const HEADER = '注文番号,氏名,郵便番号,住所,電話番号';

describe('RFC 4180 quoting', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('reads quoted commas, doubled quotes and newlines inside fields (%s)', async (name, eol) => {
    const { db } = openTempDb();
    const text = [
      HEADER,
      'D1,"山田, 花子",1000001,"東京都千代田区千代田1-1',
      'コーポ""さくら""101",03-1111-1111',
      'D2,鈴木 一郎,5300001,"大阪府大阪市北区梅田1-2-3 ""梅田ビル""",06-1111-1111',
      '"D3","佐藤 次郎","0600001","北海道札幌市中央区,北1条",011-111-1111',
      '',
    ].join(eol);
    const file = writeText(join(dir, `quoted-${name}.csv`), text);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsAccepted).toBe(3);
    const rows = all(db, 'SELECT order_id AS o, name, postal_code AS zip, address1, phone, line FROM donor_records ORDER BY id');
    expect(rows).toEqual([
      // A newline inside a field is kept as a line break (as LF or as written).
      { o: 'D1', name: '山田, 花子', zip: '1000001', address1: expect.stringMatching(/^東京都千代田区千代田1-1 コーポ"さくら"101$/), phone: '03-1111-1111', line: 2 },
      { o: 'D2', name: '鈴木 一郎', zip: '5300001', address1: '大阪府大阪市北区梅田1-2-3 "梅田ビル"', phone: '06-1111-1111', line: 4 },
      { o: 'D3', name: '佐藤 次郎', zip: '0600001', address1: '北海道札幌市中央区,北1条', phone: '011-111-1111', line: 5 },
    ]);
  });

  it('counts line numbers after a multi-line field correctly for rejects', async () => {
    const { db } = openTempDb();
    const text = [
      '取引ID,決済日時,ステータス',
      'T1,2021/10/20,"複数行の',
      '備考',
      'です"',
      'T2,not-a-date,ok',
      ',2021/10/20,ok',
      '',
    ].join('\r\n');
    const file = writeText(join(dir, 'multiline-rejects.csv'), text);
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsAccepted).toBe(1);
    expect(report.rejects.map((r) => [r.line, r.code])).toEqual([
      [5, 'invalid-date'],
      [6, 'missing-transaction-id'],
    ]);
  });

  it('reads a file with mixed CRLF / LF line ends and no final newline', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'mixed-eol.csv'), '取引ID,決済日時\r\nT1,2021/10/20\nT2,2021/10/21\r\nT3,2021/10/22');
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(3);
    expect(all(db, 'SELECT transaction_id AS id, paid_date AS d FROM payments ORDER BY id')).toEqual([
      { id: 'T1', d: '2021-10-20' },
      { id: 'T2', d: '2021-10-21' },
      { id: 'T3', d: '2021-10-22' },
    ]);
  });

  it('skips blank lines without counting them as rows', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'blank-lines.csv'), '取引ID,決済日時\r\n\r\nT1,2021/10/20\r\n\r\nT2,2021/10/21\r\n\r\n');
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsRead).toBe(2);
    expect(report.rowsRejected).toBe(0);
  });

  it('an unterminated quote is an error naming the line it started on', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'unterminated.csv'), '取引ID,決済日時,ステータス\r\nT1,2021/10/20,ok\r\nT2,2021/10/20,"never closed\r\nT3,2021/10/20,ok\r\n');
    const error = (await runImport(db, { file, kind: 'payments' }).catch((e: unknown) => e)) as { code: string; location?: { line?: number } };
    expect(error.code).toBe('csv-unterminated-quote');
    expect(error.location?.line).toBe(3);
    // Where it opened and what the parser took as the delimiter, so a wrong guess shows.
    expect((error as unknown as Error).message).toContain('unterminated.csv 3行目 3列目');
    expect((error as unknown as Error).message).toContain('区切り文字: カンマ');
    expect(all(db, 'SELECT COUNT(*) AS n FROM payments')).toEqual([{ n: 0 }]);
  });
});

// Excel's own conventions for text files. Each file is written here byte by byte.
describe('Excel text files', () => {
  // Excel's 「Unicode テキスト」: UTF-16LE with a BOM, tab-separated, CRLF; a field holding a
  // comma, a quote or a line break is quoted. Title rows above the header, as exports have.
  const UNICODE_TEXT = [
    '寄付者一覧\t\t\t\t',
    '注文番号\t氏名\t郵便番号\t住所\t電話番号',
    'D1\t"山田, 花子"\t100-0001\t"東京都千代田区千代田1-1 コーポ""さくら""101"\t03-1111-1111',
    'D2\t鈴木 一郎\t530-0001\t"大阪府大阪市北区梅田1-2-3',
    '梅田ビル"\t06-1111-1111',
    'D3\t佐藤 次郎\t060-0001\t北海道札幌市中央区北1条\t',
    '',
  ].join('\r\n');
  const EXPECTED = [
    { o: 'D1', name: '山田, 花子', zip: '1000001', address1: '東京都千代田区千代田1-1 コーポ"さくら"101', phone: '03-1111-1111', line: 3 },
    { o: 'D2', name: '鈴木 一郎', zip: '5300001', address1: expect.stringMatching(/^大阪府大阪市北区梅田1-2-3\s梅田ビル$/), phone: '06-1111-1111', line: 4 },
    { o: 'D3', name: '佐藤 次郎', zip: '0600001', address1: '北海道札幌市中央区北1条', phone: null, line: 6 },
  ];
  const stored = (db: Parameters<typeof all>[0]) =>
    all(db, 'SELECT order_id AS o, name, postal_code AS zip, address1, phone, line FROM donor_records ORDER BY id');

  it('reads Excel\'s Unicode text export (UTF-16LE with BOM, tab-separated) as its columns', async () => {
    const { db } = openTempDb();
    const file = join(dir, 'unicode-text.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(UNICODE_TEXT, 'utf16le')]));
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.encoding).toBe('UTF-16LE');
    expect(report.headerLine).toBe(2);
    expect(report.mapping).toMatchObject({ orderId: '注文番号', name: '氏名', postalCode: '郵便番号', address: '住所', phone: '電話番号' });
    expect(report.rowsRead).toBe(3);
    expect(report.rowsAccepted).toBe(3);
    expect(stored(db)).toEqual(EXPECTED);
  });

  it.each([
    ['UTF-8', (text: string) => Buffer.from(text, 'utf8')],
    ['Shift_JIS (CP932)', (text: string) => iconv.encode(text, 'cp932')],
  ] as const)('reads tab-separated text in %s too', async (label, encode) => {
    const { db } = openTempDb();
    const file = join(dir, `tsv-${label.slice(0, 5)}.tsv`);
    writeFileSync(file, encode(UNICODE_TEXT));
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.encoding).toBe(label);
    expect(report.rowsAccepted).toBe(3);
    expect(stored(db)).toEqual(EXPECTED);
  });

  it('keeps a comma-separated file whose values hold tabs as CSV', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'csv-with-tabs.csv'), '取引ID,決済日時,ステータス\r\nT1,2021/10/20,"備考\tあり"\r\nT2,2021/10/21,ok\r\n');
    const report = await runImport(db, { file, kind: 'payments' });
    expect(report.rowsAccepted).toBe(2);
    expect(all(db, 'SELECT transaction_id AS id, status FROM payments ORDER BY id')).toEqual([
      { id: 'T1', status: '備考 あり' },
      { id: 'T2', status: 'ok' },
    ]);
  });

  it('unwraps Excel\'s text-forcing ="…", bare and quoted, so leading zeros and IDs survive', async () => {
    const { db } = openTempDb();
    const text = [
      '注文番号,会員番号,氏名,郵便番号,住所,電話番号',
      '="00123",="000456",山田 花子,="0600001",北海道札幌市中央区北1条,="0311112222"',
      '"=""00124""","=""000457""",鈴木 一郎,"=""060-0002""",北海道札幌市中央区北2条,"=""011-111-1111"""',
      // Quotes inside the formula's string are doubled; any other formula is kept as written.
      '="A""1",=SUM(1),佐藤 次郎,0600003,"=""a"" & ""b""",',
      '',
    ].join('\r\n');
    const file = writeText(join(dir, 'text-forcing.csv'), text);
    const report = await runImport(db, { file, kind: 'donors' });
    expect(report.rowsAccepted).toBe(3);
    expect(all(db, 'SELECT order_id AS o, member_id AS m, postal_code AS zip, address1, phone FROM donor_records ORDER BY id')).toEqual([
      { o: '00123', m: '000456', zip: '0600001', address1: '北海道札幌市中央区北1条', phone: '0311112222' },
      { o: '00124', m: '000457', zip: '0600002', address1: '北海道札幌市中央区北2条', phone: '011-111-1111' },
      { o: 'A"1', m: '=SUM(1)', zip: '0600003', address1: '="a" & "b"', phone: null },
    ]);
    expect(all(db, 'SELECT mailable FROM persons ORDER BY id')).toEqual([{ mailable: 1 }, { mailable: 1 }, { mailable: 1 }]);
  });

  it('matches a confirmed list whose IDs are written as ="…"', async () => {
    const { db } = openTempDb();
    const file = writeText(join(dir, 'confirmed-forced.csv'), '取引ID\r\n="0001234"\r\n"=""0001235"""\r\n');
    const report = await runImport(db, { file, kind: 'confirmed', exposure: 'payment-db' });
    expect(report.rowsAccepted).toBe(2);
    expect(all(db, 'SELECT transaction_id AS id FROM confirmed_ids ORDER BY id')).toEqual([{ id: '0001234' }, { id: '0001235' }]);
  });
});
