// File paths never cross the IPC boundary: a path chosen in a main-process dialog is kept here
// and the renderer gets an opaque, unguessable ID for it. A handler resolves the ID and checks
// that it was handed out for the right use (a file to read, a file to write, a folder).
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { InwError } from '../../core/index.js';
import type { FileRef } from './contract.js';

export class FileRegistry {
  private readonly refs = new Map<string, { path: string; kind: FileRef['kind'] }>();

  register(path: string, kind: FileRef['kind']): FileRef {
    const id = randomUUID();
    this.refs.set(id, { path, kind });
    let size: number | null = null;
    if (kind === 'open') {
      try {
        size = statSync(path).size;
      } catch {
        size = null;
      }
    }
    return { id, name: basename(path), size, kind };
  }

  resolve(id: string, kind: FileRef['kind']): string {
    const ref = this.refs.get(id);
    if (!ref || ref.kind !== kind) {
      throw new InwError('unknown-file', 'ファイルが選択されていません。もう一度「ファイルを選択」から選んでください。');
    }
    return ref.path;
  }

  /** Any registered path (to reveal it in the file manager). */
  resolveAny(id: string): string {
    const ref = this.refs.get(id);
    if (!ref) throw new InwError('unknown-file', 'ファイルが選択されていません。');
    return ref.path;
  }
}
