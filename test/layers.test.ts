/**
 * The layers stay apart: the domain, the database and the services know nothing of Telegram or
 * of rendering, so nothing in them imports from src/bot/ (rendering and delivery live there).
 * Features are leaves that only the bot's assembly (src/bot/index.ts) puts together: a helper two
 * of them need lives in a bot-level module, so no feature imports another. And no module imports
 * itself back, through any path. Queries live in src/db/: nothing in src/bot builds SQL itself.
 * A plain scan of the import specifiers, resolved against each file's folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const BOT = path.join(SRC, 'bot');
const FEATURES = path.join(BOT, 'features');

const inside = (dir: string, file: string) => file.startsWith(dir + path.sep);

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : /\.(ts|mts|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

/** Relative module specifiers of a file: static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return [...new Set(found)];
}

/** The source file an import specifier names (`./x.js` is written for `./x.ts`), or null outside the sources. */
function resolve(from: string, spec: string, files: Set<string>): string | null {
  const target = path.resolve(path.dirname(from), spec);
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    `${target}.ts`,
    path.join(target, 'index.ts'),
  ];
  return candidates.find((c) => files.has(c)) ?? null;
}

/** Every source file under src/ with the source files it imports. */
function importGraph(): Map<string, string[]> {
  const files = walk(SRC);
  const known = new Set(files);
  return new Map(
    files.map((file) => [
      file,
      specifiers(fs.readFileSync(file, 'utf8'))
        .map((s) => resolve(file, s, known))
        .filter((t): t is string => t !== null),
    ]),
  );
}

/** The import circles of a graph: each strongly connected component of more than one file (or a file importing itself). */
function circles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a source tree (recursion depth = longest import chain).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('layers', () => {
  it('the scan sees imports (sanity)', () => {
    expect(
      specifiers(
        "import { a } from '../bot/x.js';\nexport { b } from './y.js';\nawait import('../bot/z.js');\nimport './side.js';",
      ),
    ).toEqual(['../bot/x.js', './y.js', '../bot/z.js', './side.js']);
  });

  it.each(['services', 'db', 'domain'])('nothing in src/%s imports from src/bot', (layer) => {
    const files = walk(path.join(SRC, layer));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) =>
      specifiers(fs.readFileSync(file, 'utf8'))
        .filter((s) => {
          const target = path.resolve(path.dirname(file), s);
          return target === BOT || target.startsWith(BOT + path.sep);
        })
        .map((s) => `${path.relative(SRC, file)} → ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('the circle finder finds circles (sanity)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(circles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('no module in src imports itself back, through any path', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(circles(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(' ⇄ '))).toEqual([]);
  });

  it('nothing in src/bot builds a query: no drizzle-orm, no tables from src/db/schema.ts', () => {
    const schema = path.join(SRC, 'db', 'schema.ts');
    const known = new Set(walk(SRC));
    const offending = walk(BOT).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const drizzle = /\bfrom\s*['"]drizzle-orm/.test(text) ? [`${path.relative(SRC, file)} → drizzle-orm`] : [];
      const tables = specifiers(text).some((s) => resolve(file, s, known) === schema)
        ? [`${path.relative(SRC, file)} → db/schema.ts`]
        : [];
      return [...drizzle, ...tables];
    });
    expect(offending).toEqual([]);
  });

  it('only the bot assembly (src/bot/index.ts) imports a feature', () => {
    const graph = importGraph();
    const offending = [...graph].flatMap(([file, targets]) =>
      file === path.join(BOT, 'index.ts')
        ? []
        : targets
            .filter((t) => inside(FEATURES, t))
            .map((t) => `${path.relative(SRC, file)} → ${path.relative(SRC, t)}`),
    );
    expect(offending).toEqual([]);
  });
});
