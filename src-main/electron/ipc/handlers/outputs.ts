// letters:, exports: — previews in-process (one person), batches and sheets as jobs.
import { InwError } from '../../../core/index.js';
import { lettersCore } from '../../jobs/optional-core.js';
import type { AppServices } from '../../services.js';
import type { HandlerGroup } from './index.js';

type Keys = 'letters:preview' | 'letters:start' | 'letters:calibration' | 'exports:sheet' | 'exports:csv';

function unavailable(): never {
  throw new InwError('letters-unavailable', 'この版には通知書の作成機能が入っていません。');
}

export function outputHandlers(s: AppServices): HandlerGroup<Keys> {
  return {
    'letters:preview': async ({ personId }) => {
      const { previewLetter } = lettersCore();
      if (!previewLetter) unavailable();
      const pdf = await previewLetter({ db: s.db, personId, fontsDir: s.paths.fontsDir });
      return { pdfBase64: Buffer.from(pdf).toString('base64') };
    },
    'letters:start': ({ folder, categories, personIds, outputs }) => ({
      jobId: s.jobs.start({ kind: 'letters', outDir: s.files.resolve(folder, 'folder'), categories, personIds, outputs }),
    }),
    'letters:calibration': async ({ file }) => {
      const { writeCalibrationPage } = lettersCore();
      if (!writeCalibrationPage) unavailable();
      const path = s.files.resolve(file, 'save');
      await writeCalibrationPage(path);
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
