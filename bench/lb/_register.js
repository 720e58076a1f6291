// Load TypeScript sources directly so bench scripts run without a build:
// node -r ./bench/lb/_register.js bench/lb/<script>.ts
require('../../test/helpers/fixtures/ts-register.js');
