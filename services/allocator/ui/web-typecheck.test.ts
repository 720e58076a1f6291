/** The map's browser code (plain JavaScript, no build step) type-checks against the DOM (web/tsconfig.json). */
import { join } from 'node:path';
import ts from 'typescript';

test('web/*.js has no type errors', () => {
  const dir = join(__dirname, 'web');
  const file = ts.findConfigFile(dir, ts.sys.fileExists)!;
  const cfg = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, dir);
  expect(cfg.fileNames.length).toBeGreaterThanOrEqual(6);
  const program = ts.createProgram(cfg.fileNames, cfg.options);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(errors).toEqual([]);
}, 60_000);
