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
}

interface Row { code: string; definition: string; updatedAt: string }

function toStored(row: Row): StoredIncident {
  return { code: row.code, definition: JSON.parse(row.definition) as Incident, updatedAt: row.updatedAt };
}

/** Newest first: the first one is the incident the app works on. */
export function listIncidents(db: Db): StoredIncident[] {
  const rows = db.$client
    .prepare('SELECT code, definition, updated_at AS updatedAt FROM incidents ORDER BY updated_at DESC, id DESC')
    .all() as Row[];
  return rows.map(toStored);
}

export function getIncident(db: Db, code: string): StoredIncident | null {
  const row = db.$client
    .prepare('SELECT code, definition, updated_at AS updatedAt FROM incidents WHERE code = ?')
    .get(code) as Row | undefined;
  return row ? toStored(row) : null;
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
}

export function saveIncident(options: SaveIncidentOptions): StoredIncident {
  const { db } = options;
  const issues = validateIncident(options.definition);
  if (issues.length > 0) {
    const error = new InwError('invalid-incident', `事案定義に ${issues.length} 件の誤りがあります: ${issues.slice(0, 3).map((i) => `${i.path || '(全体)'}: ${i.message}`).join(' / ')}`);
    (error as InwError & { issues?: IncidentFieldIssue[] }).issues = issues;
    throw error;
  }
  const incident = parseIncident(options.definition, 'editor');
  const at = options.now().toISOString();
  const client = db.$client;
  client.transaction(() => {
    if (options.previousCode && options.previousCode !== incident.code) {
      client.prepare('DELETE FROM incidents WHERE code = ?').run(options.previousCode);
    }
    client
      .prepare(
        `INSERT INTO incidents (code, definition, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`,
      )
      .run(incident.code, JSON.stringify(incident), at);
    appendAudit(db, { at: options.now(), actor: options.actor, action: 'incident-save', detail: { code: incident.code } });
  }).immediate();
  return { code: incident.code, definition: incident, updatedAt: at };
}

/** Copies a built-in preset into the store (a copy the user can edit), optionally renamed. */
export function createIncidentFromPreset(options: { db: Db; preset: string; code?: string; now: () => Date; actor: string }): StoredIncident {
  const preset = PRESETS[options.preset];
  if (preset === undefined) {
    throw new InwError('unknown-preset', `プリセット「${options.preset}」はありません (${Object.keys(PRESETS).join(', ')})。`);
  }
  const definition = structuredClone(preset) as Record<string, unknown>;
  if (options.code) definition.code = options.code;
  return saveIncident({ db: options.db, definition, now: options.now, actor: options.actor });
}
