#!/usr/bin/env node
'use strict';
// The one binary: `marina <service|command>`. Built sources live in dist/
// (deploy/setup.sh builds them).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('marina: not built yet; run `bash deploy/setup.sh` (or `npx tsc -p .`) first\n');
  process.exit(1);
}
require(entry).main(process.argv.slice(2));
