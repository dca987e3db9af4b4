// One unit of batch work, run either in a worker thread or in the calling thread: render
// a chunk of per-person PDFs, or one combined print PDF for a category. Files are written
// to a temporary name and renamed to <name>.ready, so a cancelled or killed run never leaves a
// half file under a real name; the batch gives them their real name with the manifest.
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../store/output-guard.js';
import type { LetterIncident } from './compose.js';
import { loadLetterFonts } from './fonts.js';
import type { LaidOutLetter } from './render.js';
import { LetterRenderer } from './render.js';
import type { LetterFontPaths, LetterInput } from './types.js';

export interface TaskSetup {
  incident: LetterIncident;
  fontPaths: LetterFontPaths;
  letterDate: string;
}

export type BatchTask =
  | { kind: 'split'; letters: Array<{ input: LetterInput; inputHash: string; path: string }> }
  | {
      kind: 'print';
      category: string;
      /** 1-based volume of the category and its number of volumes. */
      volume: number;
      volumes: number;
      /** The category, with the volume when there are several (`token-db 2/6`): for the document title. */
      title: string;
      /** When print files are split by letter length: the pages of every letter of this file. */
      letterPages: number | null;
      /** print/<category>….pdf, relative to the output folder: the task's key. */
      file: string;
      inputs: LetterInput[];
      digest: string;
      path: string;
      streamed?: boolean;
    };

/** Laid-out pages of consecutive letters of a streamed print task (main thread → worker). */
export interface PrintChunk {
  letters: Array<Pick<LaidOutLetter, 'layout'>>;
  last: boolean;
}

export type TaskEvent =
  | { type: 'letter'; personId: string; pages: number; blankPages: number; sha256: string; warnings: string[] }
  | { type: 'print'; file: string; pages: number[]; blankPages: number[]; sha256: string }
  | { type: 'progress'; letters: number };

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Where a finished file waits until the manifest is written with it: the batch renames it to its
 * real name just before the manifest that lists it, so the folder and the manifest agree.
 */
export function readyPathOf(path: string): string {
  return `${path}.ready`;
}

const renderers = new Map<string, LetterRenderer>();

function rendererFor(setup: TaskSetup, key: string): LetterRenderer {
  let r = renderers.get(key);
  if (!r) {
    renderers.clear();
    r = new LetterRenderer(setup.incident, loadLetterFonts(setup.fontPaths), setup.letterDate);
    renderers.set(key, r);
  }
  return r;
}

/**
 * Runs one task. `cancelled()` is checked between letters; it returns early without
 * writing the file being made (the print file is only written when complete).
 */
export async function runTask(
  setup: TaskSetup,
  setupKey: string,
  task: BatchTask,
  emit: (event: TaskEvent) => void,
  cancelled: () => boolean,
  /** For a streamed print task: the letters as the main thread lays them out. */
  stream?: AsyncIterable<PrintChunk>,
): Promise<void> {
  const renderer = rendererFor(setup, setupKey);
  const author = setup.incident.organisation.name;
  if (task.kind === 'split') {
    for (const { input, inputHash, path } of task.letters) {
      if (cancelled()) return;
      const letter = renderer.layout(input);
      const pdf = await renderer.renderDocument([letter], { title: letter.model.subject, author, digest: inputHash });
      writeFileAtomic(readyPathOf(path), pdf);
      emit({
        type: 'letter', personId: input.personId, pages: letter.layout.pages.length, blankPages: letter.layout.blankPages, sha256: sha256Hex(pdf),
        warnings: letter.layout.warnings,
      });
    }
    return;
  }
  const { inputs } = task;
  const pages: number[] = [];
  const blankPages: number[] = [];
  let pending = 0;
  let stopped = false;
  // Letters are laid out while the document is painted, so memory stays flat for 5,000.
  const counted = (letter: Pick<LaidOutLetter, 'layout'>): void => {
    pages.push(letter.layout.pages.length);
    blankPages.push(letter.layout.blankPages);
    if (++pending >= 20) {
      emit({ type: 'progress', letters: pending });
      pending = 0;
    }
  };
  function* laidOutHere(): Generator<LaidOutLetter> {
    for (const input of inputs) {
      if (cancelled()) {
        stopped = true;
        return;
      }
      const letter = renderer.layout(input);
      counted(letter);
      yield letter;
    }
  }
  async function* laidOutElsewhere(chunks: AsyncIterable<PrintChunk>): AsyncGenerator<Pick<LaidOutLetter, 'layout'>> {
    for await (const chunk of chunks) {
      for (const letter of chunk.letters) {
        if (cancelled()) {
          stopped = true;
          return;
        }
        counted(letter);
        yield letter;
      }
      if (chunk.last) return;
    }
  }
  const laidOut = () => (stream ? laidOutElsewhere(stream) : laidOutHere());
  const subject = task.inputs[0] ? renderer.compose(task.inputs[0]).subject : '';
  const pdf = await renderer.renderDocument(laidOut(), { title: `${subject}（${task.title}）`, author, digest: task.digest });
  if (stopped || cancelled()) return;
  writeFileAtomic(readyPathOf(task.path), pdf);
  if (pending > 0) emit({ type: 'progress', letters: pending });
  emit({ type: 'print', file: task.file, pages, blankPages, sha256: sha256Hex(pdf) });
}
