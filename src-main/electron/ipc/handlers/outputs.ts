// letters:, exports: — previews in-process (one person), batches and sheets as jobs.
import { writeFileSync } from 'node:fs';
import { calibrationPage, latestRun, previewLetter } from '../../../core/index.js';
import { activeIncident } from '../../../core/incident/store.js';
import { letterFonts } from '../../jobs/fonts.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './types.js';

type Keys = 'letters:preview' | 'letters:start' | 'letters:calibration' | 'exports:sheet' | 'exports:csv';

export function outputHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'letters:preview': async ({ personId, draft, letterDate }) => {
      const result = await previewLetter({ db: s.db, personId: String(personId), draft, letterDate, fontPaths: letterFonts(s.paths.fontsDir), now: s.now });
      return { pdfBase64: Buffer.from(result.pdf).toString('base64'), draft: result.draft, letterDate: result.letterDate };
    },
    'letters:start': ({ folder, categories, personIds, outputs, draft, print, letterDate }) => ({
      jobId: s.jobs.start({ kind: 'letters', outDir: s.files.resolve(folder, 'folder'), categories, personIds, outputs, draft, print, letterDate }),
    }),
    'letters:calibration': async ({ file }) => {
      const path = s.files.resolve(file, 'save');
      const incident = latestRun(s.db)?.incident ?? activeIncident(s.db)?.definition;
      writeFileSync(path, await calibrationPage({ incident, fontPaths: letterFonts(s.paths.fontsDir), now: s.now }));
      return { name: path.split(/[\\/]/).pop() ?? path };
    },
    'exports:sheet': ({ file, categories }) => ({
      jobId: s.jobs.start({ kind: 'sheet', file: s.files.resolve(file, 'save'), categories }),
    }),
    'exports:csv': ({ file, category }) => ({
      jobId: s.jobs.start({ kind: 'csv', file: s.files.resolve(file, 'save'), category }),
    }),
  };
}
