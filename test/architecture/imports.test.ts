// The import graph, read with TypeScript's own pre-processor (import, export … from, import type
// and import(), all counted: a type-only circle is still a circle to a reader). No file may
// import itself through others, anywhere in src-main or src-renderer; and the folders of
// src-main/core, read as stages, must not import each other in circles either. ARCHITECTURE.md
// describes the stages, and the test holds the core's folders to its table of what each may
// import: a new edge is either documented there or refused here.
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
 * The stages table of ARCHITECTURE.md: folder → the folders it may import ("every stage" for
 * pipeline/). errors.ts (which masks card numbers with text/), heavy-modules.ts and vocabulary/
 * are below every other stage, index.ts above them all.
 */
function documentedStages(): Map<string, Set<string> | 'any'> {
  const stages = new Map<string, Set<string> | 'any'>();
  for (const line of readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8').split('\n')) {
    const m = /^\| `([a-z-]+)\/` \|.*\| ([^|]+) \|$/.exec(line);
    if (!m) continue;
    const allowed = m[2]!.trim();
    stages.set(m[1]!, allowed === 'every stage' ? 'any' : new Set(allowed.startsWith('—') ? [] : allowed.split(',').map((x) => x.trim().split(' ')[0]!)));
  }
  return stages;
}

const BELOW_ALL = new Set(['errors', 'heavy-modules', 'bounded-cache', 'vocabulary']);

describe('import graph', () => {
  const graph = importGraph(['src-main', 'src-renderer', 'db']);

  it('has no circle between files', () => {
    expect(circles(graph)).toEqual([]);
  });

  const folders = new Map<string, Map<string, string>>();
  for (const [file, deps] of graph) {
    if (!file.startsWith(CORE)) continue;
    for (const dep of deps) {
      if (!dep.startsWith(CORE)) continue;
      const [from, to] = [stageOf(file), stageOf(dep)];
      // index.ts is the public API above every stage.
      if (from === to || from === 'index') continue;
      if (!folders.has(from)) folders.set(from, new Map());
      // One file per edge, to name it when the edge is not allowed.
      folders.get(from)!.set(to, `${file.slice(CORE.length)} -> ${dep.slice(CORE.length)}`);
    }
  }

  it('has no circle between the folders of the core (stages)', () => {
    expect(circles(new Map([...folders].map(([k, v]) => [k, [...v.keys()]])))).toEqual([]);
  });

  it('imports between the core\'s folders only as ARCHITECTURE.md allows', () => {
    const stages = documentedStages();
    const folderNames = readdirSync(join(ROOT, CORE)).filter((n) => statSync(join(ROOT, CORE, n)).isDirectory());
    expect(folderNames.filter((n) => !stages.has(n))).toEqual([]);
    const refused: string[] = [];
    for (const [from, tos] of folders) {
      // errors.ts masks card numbers in messages with text/card.ts, and imports nothing else.
      const allowed = from === 'errors' ? new Set(['text']) : stages.get(from);
      if (allowed === 'any') continue;
      for (const [to, example] of tos) {
        if (BELOW_ALL.has(to)) continue;
        if (!allowed?.has(to)) refused.push(example);
      }
    }
    expect(refused).toEqual([]);
  });

  it('keeps core/vocabulary free of imports (the renderer bundles it)', () => {
    const outside = [...graph].filter(([file]) => file.startsWith(`${CORE}vocabulary/`))
      .flatMap(([file, deps]) => deps.filter((d) => !d.startsWith(`${CORE}vocabulary/`)).map((d) => `${file} -> ${d}`));
    expect(outside).toEqual([]);
  });
});
