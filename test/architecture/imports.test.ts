// The import graph, read with TypeScript's own pre-processor (import, export … from, import type
// and import(), all counted: a type-only circle is still a circle to a reader). No file may
// import itself through others, anywhere in src-main or src-renderer; and the folders of
// src-main/core, read as stages, must not import each other in circles either. ARCHITECTURE.md
// describes the stages. One known circle is listed below with the edge that closes it: the test
// fails if it grows, and also once it is gone, so that the list is kept exact.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** file → the project files it imports (relative specifiers, .js written for .ts). */
function importGraph(dirs: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap((d) => sourceFiles(join(ROOT, d)))) {
    const deps: string[] = [];
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), ref.fileName).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c));
      if (target) deps.push(relative(ROOT, target));
    }
    graph.set(relative(ROOT, file), deps);
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1) found.push(members.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const CORE = 'src-main/core/';

/** The core folder a file belongs to; files at the core's root (errors.ts, index.ts) are their own. */
function stageOf(file: string): string {
  const rest = file.slice(CORE.length);
  return rest.includes('/') ? rest.split('/')[0]! : rest.replace(/\.ts$/, '');
}

/**
 * Known, to be removed: the review queue (persons/review.ts) lists postal-code mismatches from
 * mail/, whose fixes go through tracking/'s address corrections, and tracking/ reads persons/.
 */
const KNOWN_FOLDER_EDGES = ['persons/review.ts -> mail/address-check.ts'];

describe('import graph', () => {
  const graph = importGraph(['src-main', 'src-renderer', 'db']);

  it('has no circle between files', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('has no circle between the folders of the core (stages)', () => {
    const folders = new Map<string, Set<string>>();
    const seenKnown = new Set<string>();
    for (const [file, deps] of graph) {
      if (!file.startsWith(CORE)) continue;
      for (const dep of deps) {
        if (!dep.startsWith(CORE)) continue;
        const edge = `${file.slice(CORE.length)} -> ${dep.slice(CORE.length)}`;
        if (KNOWN_FOLDER_EDGES.includes(edge)) {
          seenKnown.add(edge);
          continue;
        }
        const [from, to] = [stageOf(file), stageOf(dep)];
        // index.ts is the public API above every stage; errors.ts is below them all.
        if (from === to || from === 'index') continue;
        if (!folders.has(from)) folders.set(from, new Set());
        folders.get(from)!.add(to);
      }
    }
    const folderGraph = new Map([...folders].map(([k, v]) => [k, [...v]]));
    expect(circles(folderGraph)).toEqual([]);
    expect([...seenKnown].sort()).toEqual([...KNOWN_FOLDER_EDGES].sort());
  });
});
