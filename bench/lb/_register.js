// Load TypeScript sources directly (swc, as jest does) so bench scripts run without a build:
// node -r ./bench/lb/_register.js bench/lb/<script>.ts
const swc = require('@swc/core');
const fs = require('node:fs');
require.extensions['.ts'] = (mod, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2023', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  mod._compile(code, filename);
};
