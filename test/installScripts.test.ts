import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// npm 11 skips (and warns about) dependency install scripts not approved in package.json's
// allowScripts. A dependency that needs its script (a native binding, esbuild's binary) and is
// not approved would install broken or noisily on a newcomer's machine.
describe('install scripts', () => {
  it('every locked package with an install script is approved by name in allowScripts', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const needing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(needing.length).toBeGreaterThan(0);
    const approved = pkg.allowScripts ?? {};
    expect([...new Set(needing)].filter((name) => approved[name] !== true)).toEqual([]);
  });
});
