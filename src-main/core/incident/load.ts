// Loading an incident: a preset by its code or a JSON file staff edited by hand. Files saved by
// Windows Notepad start with a UTF-8 byte-order mark, which JSON.parse refuses with a message
// the user cannot see (「Unexpected token '﻿'」); it is dropped here.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InwError } from '../errors.js';
import { PRESETS } from './presets.js';
import { parseIncident, type Incident } from './schema.js';

/** A preset name (metaps-2022) or a path to a JSON file. */
export function loadIncident(nameOrFile: string): Incident {
  const preset = PRESETS[nameOrFile];
  if (preset !== undefined) return parseIncident(structuredClone(preset), nameOrFile);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(nameOrFile, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `ファイルがありません (プリセット: ${Object.keys(PRESETS).join(', ')})`
      : `JSON として読めません (${(error as Error).message})`;
    throw new InwError('invalid-incident', `事案定義 ${nameOrFile}: ${reason}`, { file: basename(nameOrFile) });
  }
  return parseIncident(json, basename(nameOrFile));
}
