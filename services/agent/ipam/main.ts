/** Process entry of the marina-ipam CNI plugin (bin/marina-ipam): stdin → result or error on stdout. */
import { readFileSync } from 'node:fs';
import { runIpam } from './plugin';

let stdin = '';
try {
  stdin = readFileSync(0, 'utf8');
} catch {
  stdin = '';
}
const out = runIpam(process.env, stdin);
process.stdout.write(out.stdout);
process.exitCode = out.code;
