#!/usr/bin/env node
'use strict';
// The one binary: `marina <service|command>`. Built sources live in dist/
// (npm ci runs the build through the prepare script).
require('../dist/cli/main.js').main(process.argv.slice(2));
