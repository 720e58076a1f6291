/** HAProxy runtime API over the admin socket: commands joined by ';', answer read until close. */
import { createConnection } from 'node:net';
import { MarinaError } from '../../../lib/errors';

export function runtimeCommand(socketPath: string, commands: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection(socketPath);
    let out = '';
    const timer = setTimeout(() => (s.destroy(), reject(new MarinaError('MARINA_ERR_EXEC', `haproxy runtime API timed out on ${socketPath}`))), timeoutMs);
    s.on('connect', () => s.end(commands.join(';') + '\n'));
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.on('error', (err) => (clearTimeout(timer), reject(new MarinaError('MARINA_ERR_EXEC', `haproxy runtime API ${socketPath}: ${err.message}`, { cause: err }))));
    s.on('close', () => (clearTimeout(timer), resolve(out)));
  });
}
