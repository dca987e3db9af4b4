// Incident definitions as staff edit them by hand (issue 13.8): unknown keys name the nearest
// valid one, dates are real calendar dates, windows must overlap the breach, what is only
// unusual is a warning, and a file saved with a UTF-8 BOM loads. A re-run of classify uses the
// incident the last run used, wherever it was defined.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classify, incidentToReclassify, incidentWarnings, loadIncident, parseIncident, PRESETS,
} from '../../../src-main/core/index.js';
import { nearestKey } from '../../../src-main/core/incident/strict.js';
import { saveIncident, validateIncident } from '../../../src-main/core/incident/store.js';
import { now, openTempDb, tempDir } from '../../helpers/fixtures.js';

const dir = tempDir();
type Definition = Record<string, unknown> & {
  breachPeriod: { from: string; to: string };
  exposures: Array<{ code: string; items: Record<string, string[]>; rule: Record<string, unknown> }>;
};
const preset = (): Definition => structuredClone(PRESETS['metaps-2022']) as Definition;
const refusal = (definition: unknown): string => {
  try {
    parseIncident(definition, 'case.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('strict incident schema', () => {
  it('refuses a misspelt key, naming it and the key it most likely meant', () => {
    const definition = { ...preset(), contactdesk: { name: '窓口', phone: '0120-000-000', hours: '平日' } };
    expect(refusal(definition)).toMatch(/不明な項目「contactdesk」（「contactDesk」の誤りではありませんか）/);
    const nested = preset();
    nested.exposures[0]!.rule.form = '2021-10-14';
    expect(refusal(nested)).toMatch(/exposures\.0\.rule: 不明な項目「form」（「from」の誤り/);
    const letter = { ...preset(), letter: { ...(preset().letter as object), subjekt: '件名' } };
    expect(refusal(letter)).toMatch(/letter: 不明な項目「subjekt」（「subject」の誤り/);
  });

  it('lists the valid keys when no key is close', () => {
    expect(nearestKey('zzzzzzzz', ['from', 'to'])).toBeNull();
    expect(refusal({ ...preset(), breachPeriod: { from: '2021-08-02', to: '2022-01-25', zzzzzzzz: 1 } }))
      .toMatch(/不明な項目「zzzzzzzz」（使える項目: from, to）/);
  });

  it('refuses dates that are not on the calendar', () => {
    const definition = preset();
    definition.exposures[0]!.rule.to = '2021-02-30';
    expect(refusal(definition)).toMatch(/exposures\.0\.rule\.to: 2021-02-30 は暦にない日付です/);
    definition.exposures[0]!.rule.to = '2021-13-01';
    expect(refusal(definition)).toMatch(/2021-13-01 は暦にない日付です/);
    definition.breachPeriod.to = '2024-02-29';
    definition.exposures[0]!.rule.to = '2024-02-29';
    expect(parseIncident(definition, 'case.json').exposures[0]!.rule).toMatchObject({ to: '2024-02-29' });
  });

  it('refuses a window that ends before it starts or lies outside the breach period, with the reason', () => {
    const backwards = preset();
    backwards.exposures[0]!.rule.from = '2022-01-20';
    backwards.exposures[0]!.rule.to = '2022-01-10';
    expect(refusal(backwards)).toMatch(/開始日が終了日より後です/);
    const outside = preset();
    outside.exposures[0]!.rule.from = '2012-10-14';
    outside.exposures[0]!.rule.to = '2013-01-25';
    expect(refusal(outside)).toMatch(/exposures\.0\.rule: 期間 \(2012-10-14 から 2013-01-25 まで\) が流出期間 \(2021-08-02 から 2022-01-25 まで\) と重なりません/);
    const confirmed = preset();
    confirmed.exposures[1]!.rule.window = { from: '2023-01-01', to: '2023-02-01' };
    expect(refusal(confirmed)).toMatch(/exposures\.1\.rule\.window: 期間 \(2023-01-01 から 2023-02-01 まで\) が流出期間/);
  });

  it('warns about windows past the breach or years before it, and unknown payment methods', () => {
    expect(incidentWarnings(loadIncident('metaps-2022'))).toEqual([]);
    const definition = preset();
    definition.exposures[0]!.rule.to = '2022-03-31';
    definition.exposures[1]!.rule.window = { from: '2019-01-01', to: '2022-01-25' };
    definition.exposures[0]!.rule.methods = ['card', 'bitcoin'];
    const warnings = incidentWarnings(parseIncident(definition, 'case.json'));
    expect(warnings.map((w) => w.path)).toEqual(['exposures.0.rule', 'exposures.0', 'exposures.1.rule.window']);
    expect(warnings[0]!.message).toMatch(/期間の終わり 2022-03-31 が流出期間の終わり 2022-01-25 より後です/);
    expect(warnings[1]!.message).toMatch(/支払方法「bitcoin」は知られている書き方ではありません/);
    expect(warnings[2]!.message).toMatch(/期間の始まり 2019-01-01 が流出期間の始まり 2021-08-02 より 1 年以上前です/);
  });

  it('loads a file saved with a UTF-8 byte-order mark (Windows Notepad)', () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify(preset())}`);
    expect(loadIncident(file).code).toBe('metaps-2022');
  });

  it('gives the app the same errors, per field', () => {
    const definition = { ...preset(), contactdesk: {} };
    expect(validateIncident(definition)).toEqual([
      { path: '', label: '事案の定義全体', message: '不明な項目「contactdesk」（「contactDesk」の誤りではありませんか）' },
    ]);
  });
});

describe('re-running classify without --incident', () => {
  it('uses the incident the last run used when it came from a file, not a preset of that code', async () => {
    const { db } = openTempDb();
    const definition = { ...preset(), code: 'my-case' };
    definition.exposures[0]!.rule.from = '2021-09-01';
    const file = join(dir, 'my-case.json');
    writeFileSync(file, JSON.stringify(definition));
    await classify({ db, incident: loadIncident(file), now, actor: 'test' });
    const again = incidentToReclassify(db)!;
    expect(again.code).toBe('my-case');
    expect(again.exposures[0]!.rule).toMatchObject({ from: '2021-09-01' });
  });

  it("uses the app's current definition of that incident when the app keeps one", async () => {
    const { db } = openTempDb();
    const definition = { ...preset(), code: 'app-case' };
    saveIncident({ db, definition, now, actor: 'test' });
    await classify({ db, incident: parseIncident(definition, 'app'), now, actor: 'test' });
    definition.exposures[0]!.rule.from = '2021-11-01';
    saveIncident({ db, definition, now, actor: 'test' });
    expect(incidentToReclassify(db)!.exposures[0]!.rule).toMatchObject({ from: '2021-11-01' });
  });

  it('is null before any run', () => {
    expect(incidentToReclassify(openTempDb().db)).toBeNull();
  });
});
