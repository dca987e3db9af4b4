// letters:, exports: — previews in-process (one person), batches and sheets as jobs.
import { writeFileSync } from 'node:fs';
import { calibrationPage, latestRun, previewLetter } from '../../../core/index.js';
import { listIncidents } from '../../../core/incident/store.js';
import { letterFonts } from '../../jobs/fonts.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './index.js';

type Keys = 'letters:preview' | 'letters:start' | 'letters:calibration' | 'exports:sheet' | 'exports:csv';

export function outputHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'letters:preview': async ({ personId }) => {
      const { pdf } = await previewLetter({ db: s.db, personId: String(personId), fontPaths: letterFonts(s.paths.fontsDir), now: s.now });
      return { pdfBase64: Buffer.from(pdf).toString('base64') };
    },
    'letters:start': ({ folder, categories, personIds, outputs }) => ({
      jobId: s.jobs.start({ kind: 'letters', outDir: s.files.resolve(folder, 'folder'), categories, personIds, outputs }),
    }),
    'letters:calibration': async ({ file }) => {
      const path = s.files.resolve(file, 'save');
      const incident = latestRun(s.db)?.incident ?? listIncidents(s.db)[0]?.definition;
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
