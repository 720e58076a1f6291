// Bench scripts run from the TypeScript sources (dist/ holds production code
// only), transpiled on load as jest does:
//   node -r ./bench/_register.js bench/<area>/<script>.ts [args]
// The code under measurement is the same JavaScript tsc would emit; only the
// start-up pays for the transpile.
require('../test/helpers/fixtures/ts-register.js');
