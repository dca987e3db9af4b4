// imports:, profiles:, classify: — preview in-process (it reads 20 rows), commit as a job.
// Mapping profiles are a small JSON file in userData until they get a table.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkUserMapping, importIssues, listImports, previewImport } from '../../../core/index.js';
import type { MappingProfile } from '../contract.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'imports:preview' | 'imports:start' | 'imports:list' | 'imports:issues'
  | 'profiles:list' | 'profiles:save' | 'profiles:delete' | 'classify:start';

function profilesFile(s: AppServices): string {
  return join(s.paths.userDataDir, 'mapping-profiles.json');
}

function readProfiles(s: AppServices): MappingProfile[] {
  const file = profilesFile(s);
  if (!existsSync(file)) return [];
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MappingProfile[];
  } catch {
    return [];
  }
}

function writeProfiles(s: AppServices, profiles: MappingProfile[]): void {
  const file = profilesFile(s);
  writeFileSync(`${file}.tmp`, JSON.stringify(profiles, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function importHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'imports:preview': ({ file, kind, encoding, map }) =>
      previewImport({ db: s.db, file: s.files.resolve(file, 'open'), kind, encoding, map: map as never, rows: 20 }),
    'imports:start': ({ file, kind, exposure, encoding, map, strict }) => ({
      jobId: s.jobs.start({ kind: 'import', file: s.files.resolve(file, 'open'), importKind: kind, exposure, encoding, map, strict }),
    }),
    'imports:list': () => listImports(s.db),
    'imports:issues': ({ importId, limit }) => importIssues(s.db, importId, limit ?? 500),
    'profiles:list': ({ kind }) => readProfiles(s).filter((p) => kind === undefined || p.kind === kind),
    'profiles:save': (input) => {
      // A saved mapping may not read a security-code column, as --map may not.
      checkUserMapping(input.map as never);
      const profile: MappingProfile = { ...input, name: input.name.trim(), savedAt: s.now().toISOString() };
      const others = readProfiles(s).filter((p) => !(p.name === profile.name && p.kind === profile.kind));
      writeProfiles(s, [...others, profile]);
      return profile;
    },
    'profiles:delete': ({ name, kind }) => {
      writeProfiles(s, readProfiles(s).filter((p) => !(p.name === name && p.kind === kind)));
    },
    'classify:start': ({ incidentCode }) => ({ jobId: s.jobs.start({ kind: 'classify', incidentCode }) }),
  };
}
