// Incident definitions edited in the app, kept in the `incidents` table (one row per code).
// Every save is validated with parseIncident; invalid input comes back as field issues (data),
// never half-stored. Presets are copied in on request; the built-in ones are never edited.
import { incidentIssues, incidentSchema, parseIncident, type Incident, type IncidentFieldIssue } from './schema.js';
import { PRESETS } from './presets.js';
import { InwError } from '../errors.js';
import type { Db } from '../store/db.js';
import { appendAudit } from '../store/audit.js';

export interface StoredIncident {
  code: string;
  definition: Incident;
  updatedAt: string;
  /** The incident the app works on (classification, overview, outputs): chosen by staff. */
  active: boolean;
}

interface Row { code: string; definition: string; updatedAt: string; active: number }

const COLUMNS = 'code, definition, updated_at AS updatedAt, active';

function toStored(row: Row): StoredIncident {
  return { code: row.code, definition: JSON.parse(row.definition) as Incident, updatedAt: row.updatedAt, active: row.active === 1 };
}

/** Newest first. */
export function listIncidents(db: Db): StoredIncident[] {
  const rows = db.$client.prepare(`SELECT ${COLUMNS} FROM incidents ORDER BY updated_at DESC, id DESC`).all() as Row[];
  return rows.map(toStored);
}

export function getIncident(db: Db, code: string): StoredIncident | null {
  const row = db.$client.prepare(`SELECT ${COLUMNS} FROM incidents WHERE code = ?`).get(code) as Row | undefined;
  return row ? toStored(row) : null;
}

/** The incident staff chose to work on; null when there is none or none was chosen among several. */
export function activeIncident(db: Db): StoredIncident | null {
  const all = listIncidents(db);
  return all.find((i) => i.active) ?? (all.length === 1 ? all[0]! : null);
}

/** Makes `code` the incident the app works on (the choice is audited). */
export function setActiveIncident(options: { db: Db; code: string; now: () => Date; actor: string }): StoredIncident {
  const { db, code } = options;
  const client = db.$client;
  client.transaction(() => {
    if (!getIncident(db, code)) throw new InwError('unknown-incident', `事案「${code}」はありません。`);
    client.prepare('UPDATE incidents SET active = (code = ?)').run(code);
    appendAudit(db, { at: options.now(), actor: options.actor, action: 'incident-activate', detail: { code } });
  }).immediate();
  return getIncident(db, code)!;
}

/**
 * Deletes an incident nothing depends on. One that a classification run used is refused with
 * the reason: the run's results, letters and mailings name it, and purge finds them by it.
 */
export function deleteIncident(options: { db: Db; code: string; now: () => Date; actor: string }): void {
  const { db, code } = options;
  const client = db.$client;
  client.transaction(() => {
    if (!getIncident(db, code)) throw new InwError('unknown-incident', `事案「${code}」はありません。`);
    const runs = client.prepare('SELECT COUNT(*) AS n, MAX(id) AS last FROM classification_runs WHERE incident_code = ?').get(code) as { n: number; last: number | null };
    if (runs.n > 0) {
      throw new InwError(
        'incident-in-use',
        `事案「${code}」は削除できません: この事案で分類を ${runs.n} 回実行しています (最新は分類 #${runs.last})。分類の結果・通知書・発送の記録がこの事案を参照しています。`,
      );
    }
    client.prepare('DELETE FROM incidents WHERE code = ?').run(code);
    appendAudit(db, { at: options.now(), actor: options.actor, action: 'incident-delete', detail: { code } });
  }).immediate();
}

/** Field-level validation for the editor: [] when the definition is valid. */
export function validateIncident(value: unknown): IncidentFieldIssue[] {
  const result = incidentSchema.safeParse(value);
  if (result.success) return [];
  return incidentIssues(result.error);
}

export interface SaveIncidentOptions {
  db: Db;
  definition: unknown;
  now: () => Date;
  actor: string;
  /** The code it had before an edit renamed it (the old row is replaced). */
  previousCode?: string;
  /** Make it the incident the app works on (the first incident always is). */
  activate?: boolean;
}

export function saveIncident(options: SaveIncidentOptions): StoredIncident {
  const { db } = options;
  const issues = validateIncident(options.definition);
  if (issues.length > 0) {
    const error = new InwError('invalid-incident', `事案定義に ${issues.length} 件の誤りがあります: ${issues.slice(0, 3).map((i) => `${i.label}: ${i.message}`).join(' / ')}`);
    (error as InwError & { issues?: IncidentFieldIssue[] }).issues = issues;
    throw error;
  }
  const incident = parseIncident(options.definition, 'editor');
  const at = options.now().toISOString();
  const client = db.$client;
  client.transaction(() => {
    let active = options.activate === true || (client.prepare('SELECT COUNT(*) AS n FROM incidents').get() as { n: number }).n === 0;
    if (options.previousCode && options.previousCode !== incident.code) {
      // A renamed incident keeps being the one the app works on.
      active ||= getIncident(db, options.previousCode)?.active ?? false;
      client.prepare('DELETE FROM incidents WHERE code = ?').run(options.previousCode);
    }
    if (active) client.prepare('UPDATE incidents SET active = 0').run();
    client
      .prepare(
        `INSERT INTO incidents (code, definition, updated_at, active) VALUES (?, ?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at, active = MAX(active, excluded.active)`,
      )
      .run(incident.code, JSON.stringify(incident), at, active ? 1 : 0);
    appendAudit(db, { at: options.now(), actor: options.actor, action: 'incident-save', detail: { code: incident.code } });
  }).immediate();
  return getIncident(db, incident.code)!;
}

export interface CreateFromPresetOptions {
  db: Db;
  preset: string;
  code?: string;
  /** An existing incident whose sender and contact desk the new one starts with. */
  senderFrom?: string;
  now: () => Date;
  actor: string;
}

/**
 * Copies a built-in preset into the store (a copy the user can edit), optionally renamed. A code
 * already in use is refused: creating never replaces an incident or picks a name by itself.
 */
export function createIncidentFromPreset(options: CreateFromPresetOptions): StoredIncident {
  const preset = PRESETS[options.preset];
  if (preset === undefined) {
    throw new InwError('unknown-preset', `プリセット「${options.preset}」はありません (${Object.keys(PRESETS).join(', ')})。`);
  }
  const definition = structuredClone(preset) as Record<string, unknown>;
  if (options.code) definition.code = options.code;
  const code = String(definition.code);
  if (getIncident(options.db, code)) {
    throw new InwError('incident-exists', `事案コード「${code}」の事案は既にあります。別の事案コードを入力してください。`);
  }
  if (options.senderFrom) {
    const source = getIncident(options.db, options.senderFrom);
    if (!source) throw new InwError('unknown-incident', `事案「${options.senderFrom}」はありません。`);
    if (source.definition.organisation) definition.organisation = structuredClone(source.definition.organisation);
    if (source.definition.contactDesk) definition.contactDesk = structuredClone(source.definition.contactDesk);
  }
  return saveIncident({ db: options.db, definition, now: options.now, actor: options.actor });
}
