/** Process entry of the marina-ipam CNI plugin (bin/marina-ipam): stdin → result or error on stdout. */
import { readFileSync } from 'node:fs';
import { withAllocatorAddresses } from './allocator-lookup';
import { runIpam } from './plugin';

let stdin = '';
try {
  stdin = readFileSync(0, 'utf8');
} catch {
  stdin = '';
}
// Other runtimes: ipam.allocator set and no addresses → look them up by CNI_CONTAINERID (allocator-lookup.ts).
void withAllocatorAddresses(process.env, stdin).then((looked) => {
  const out = 'stdin' in looked ? runIpam(process.env, looked.stdin) : looked;
  process.stdout.write(out.stdout);
  process.exitCode = out.code;
});
