/** `marina tokens create|list|revoke`: API tokens (admin only; only a hash is stored). */
import { Command } from 'commander';
import type { TokenRecord } from '../../lib/auth/identity';
import { client, opts, print, withCommon } from './output';

interface Common {
  api?: string;
  token?: string;
  ca?: string;
  output?: string;
}

interface CreateOpts extends Common {
  role: string;
  prefix?: string[];
  node?: string;
  ttl?: string;
  singleUse?: boolean;
  description?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function command(): Command {
  const tokens = withCommon(new Command('tokens').description('Create, list and revoke API tokens'));
  tokens
    .command('create')
    .description('Create a token and print it (it is shown only this once)')
    .requiredOption('--role <role>', 'admin | deployer | viewer | agent')
    .option('--prefix <app-id-prefix>', 'deployer: app ids it may write (repeatable)', collect)
    .option('--node <name>', 'agent: the only agent name it may act as (without it: a join token)')
    .option('--ttl <seconds>', 'expire after this many seconds')
    .option('--single-use', 'agent join token: good for one join')
    .option('--description <text>', 'a note shown by tokens list')
    .action(async (_o, cmd: Command) => {
      const o = opts<CreateOpts>(cmd);
      const body = {
        role: o.role,
        ...(o.prefix ? { prefixes: o.prefix } : {}),
        ...(o.node ? { node: o.node } : {}),
        ...(o.ttl !== undefined ? { ttlSeconds: Number(o.ttl) } : {}),
        ...(o.singleUse ? { singleUse: true } : {}),
        ...(o.description ? { description: o.description } : {}),
      };
      const res = await client(o).request<{ token: string }>('POST', '/v1/tokens', body);
      if (o.output === 'json') process.stdout.write(JSON.stringify({ token: res.token }) + '\n');
      else process.stdout.write(res.token + '\n');
    });
  tokens.command('list').description('List tokens (ids and roles, never the tokens)').action(async (_o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const { tokens: list } = await client(o).get<{ tokens: TokenRecord[] }>('/v1/tokens');
    const rows = list.map((t) => ({ id: t.id, role: t.role, prefixes: (t.prefixes ?? []).join(','), node: t.node, expires: t.expiresAt ?? 'never', single_use: t.singleUse ?? false, description: t.description }));
    print(o, list, rows, ['id', 'role', 'prefixes', 'node', 'expires', 'single_use', 'description']);
  });
  tokens.command('revoke <id>').description('Revoke a token by id (the part after "marina." in the token)').action(async (id: string, _o, cmd: Command) => {
    const o = opts<Common>(cmd);
    const res = await client(o).request<{ id: string }>('DELETE', `/v1/tokens/${encodeURIComponent(id)}`);
    print(o, res, [{ id: res.id, revoked: true }], ['id', 'revoked']);
  });
  return tokens;
}
