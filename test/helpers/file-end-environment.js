/**
 * Jest's node environment plus one thing: the cleanups test helpers register
 * with atFileEnd() (file-end.ts) run once the test file's own afterAll hooks
 * are done (jest-circus event run_finish), in the order registered (as their
 * afterAll hooks ran before).
 *
 * Why: jest-circus runs afterAll hooks in the order they were declared, and
 * a helper's module-level afterAll is declared when the file imports it,
 * before any of the file's own. The helpers' safety nets (SIGKILL every
 * tracked `marina`, delete every netns the file made) then ran first: a file
 * whose afterAll stops its app and then `marina up` found marina already
 * killed (its tasks left running, as an agent's tasks outlive it) and its
 * machine netns deleted by name, so nothing could find those tasks by netns
 * any more (ui-map left one host-mode task per run).
 */
const { TestEnvironment } = require('jest-environment-node');

class FileEndEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.__marinaFileEnd = [];
  }

  async handleTestEvent(event) {
    if (event.name !== 'run_finish') return;
    for (const fn of this.global.__marinaFileEnd.splice(0)) {
      try {
        await fn();
      } catch (err) {
        // a safety net that fails must not hide the file's results; say so on stderr
        process.stderr.write(`file-end cleanup failed: ${err && err.stack ? err.stack : err}\n`);
      }
    }
  }
}

module.exports = FileEndEnvironment;
