// The letters functions of the core, looked up at run time: the app keeps working (and says
// so in the UI) in a build where they are absent. Types describe the calls the app makes.
import * as core from '../../core/index.js';
import type { Db } from '../../core/index.js';

export interface LettersCore {
  generateLetters(options: {
    db: Db;
    outDir: string;
    categories?: string[];
    personIds?: number[];
    outputs: { split: boolean; print: boolean };
    signal?: AbortSignal;
    onProgress?: (...progress: unknown[]) => void;
    now: () => Date;
    actor: string;
    fontsDir?: string;
  }): Promise<unknown>;
  previewLetter(options: { db: Db; personId: number; fontsDir?: string }): Promise<Uint8Array> | Uint8Array;
  writeCalibrationPage(file: string, options?: unknown): Promise<unknown> | unknown;
}

const loose = core as unknown as Partial<LettersCore>;

export function lettersCore(): Partial<LettersCore> {
  return {
    generateLetters: typeof loose.generateLetters === 'function' ? loose.generateLetters : undefined,
    previewLetter: typeof loose.previewLetter === 'function' ? loose.previewLetter : undefined,
    writeCalibrationPage: typeof loose.writeCalibrationPage === 'function' ? loose.writeCalibrationPage : undefined,
  };
}
