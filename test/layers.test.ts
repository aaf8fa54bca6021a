/**
 * The layers stay apart: the domain, the database and the services know nothing of Telegram or
 * of rendering, so nothing in them imports from src/bot/ (rendering and delivery live there).
 * A plain scan of the import specifiers, resolved against each file's folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const BOT = path.join(SRC, 'bot');

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

describe('layers', () => {
  it('the scan sees imports (sanity)', () => {
    expect(specifiers("import { a } from '../bot/x.js';\nexport { b } from './y.js';\nawait import('../bot/z.js');\nimport './side.js';")).toEqual([
      '../bot/x.js',
      './y.js',
      '../bot/z.js',
      './side.js',
    ]);
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
});
