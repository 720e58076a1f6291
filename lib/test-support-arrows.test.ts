/**
 * The test-support convention (test/README.md) as arrows between files:
 * production code never imports test support (a `testing/` folder, test/ or
 * bench/) — tsc would otherwise emit that support into dist/ after all — and
 * a package's `testing/` folder never imports test/ or bench/ (integration
 * support may use package support, not the reverse).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from './paths';

const root = repoRoot();
const IMPORT = /(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

const isTest = (f: string) => f.endsWith('.test.ts');
const inTesting = (f: string) => f.split('/').includes('testing');
const inTestTree = (f: string) => f.startsWith('test/') || f.startsWith('bench/');

/** Every relative import of file f, as a path from the repository root. */
function importsOf(f: string): string[] {
  const src = readFileSync(join(root, f), 'utf8');
  return [...src.matchAll(IMPORT)].map((m) => relative(root, resolve(root, dirname(f), m[1]!)));
}

describe('test support arrows', () => {
  const files = ['lib', 'services', 'cli'].flatMap(sources);

  it('finds the tree (the scan is not empty)', () => {
    expect(files).toContain('cli/main.ts');
    expect(files.filter(inTesting).length).toBeGreaterThan(5);
  });

  it('production code imports no test support', () => {
    const bad = files
      .filter((f) => !isTest(f) && !inTesting(f))
      .flatMap((f) => importsOf(f).filter((t) => inTesting(t) || inTestTree(t)).map((t) => `${f} → ${t}`));
    expect(bad).toEqual([]);
  });

  it('testing/ folders import nothing from test/ or bench/', () => {
    const bad = files
      .filter(inTesting)
      .flatMap((f) => importsOf(f).filter(inTestTree).map((t) => `${f} → ${t}`));
    expect(bad).toEqual([]);
  });
});
