import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The repository (package) root, found by walking up from this file, so
 * code finds proto/ and bin/ the same way from sources (jest) and from dist/.
 */
export function repoRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the marina package root above ${__dirname}`);
    dir = up;
  }
  cached = dir;
  return dir;
}
