/** `marina ca rotate`: a new cluster CA, the old one trusted for an overlap period (lib/tls/ca.ts). */
import { Command } from 'commander';
import { MarinaError } from '../../lib/errors';
import { rotateCa } from '../../lib/tls/ca';

export function command(): Command {
  const ca = new Command('ca').description('Manage the cluster CA (in the allocator\'s <data-dir>/tls)').exitOverride().showHelpAfterError();
  ca.command('rotate')
    .description('Create a new CA and re-issue the serving certificate; the old CA stays trusted for --overlap seconds. Restart the allocator to serve the new certificate; agents re-join (--join-token) before the overlap ends')
    .requiredOption('--data-dir <dir>', 'the allocator data dir (marina up: <data-dir>/store)')
    .option('--overlap <seconds>', 'how long certificates of the old CA stay trusted', String(7 * 86400))
    .action(async (o: { dataDir: string; overlap: string }) => {
      const overlap = Number(o.overlap);
      if (!(overlap >= 0)) throw new MarinaError('MARINA_ERR_CONFIG', `--overlap: expected seconds, got ${JSON.stringify(o.overlap)}`);
      const { trustedUntil } = await rotateCa(o.dataDir, overlap);
      process.stdout.write(`new CA in ${o.dataDir}/tls; the previous CA is trusted until ${trustedUntil}\n`);
    });
  return ca;
}
