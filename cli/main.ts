/**
 * `marina`: one binary, a subcommand per service plus `up` and ops commands
 * (as k3s ships server, agent and kubectl in one).
 */
import { Command, CommanderError } from 'commander';
import { isMarinaError, errorMessage } from '../lib/errors';
import { commands } from './registry';

const VERSION = '0.1.0';

export function program(): Command {
  const prog = new Command('marina')
    .description('Container networking for Marathon-style apps: allocator, agent, DNS, load balancer')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  for (const make of commands) prog.addCommand(make());
  return prog;
}

/** Entry point: exit codes 0 ok, 1 failure, 2 usage error. */
export async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const msg = isMarinaError(err) ? `${err.code}: ${err.message}` : errorMessage(err);
    process.stderr.write(`marina: ${msg}\n`);
    if (isMarinaError(err)) {
      for (const d of err.details) process.stderr.write(`  ${d.path}: ${d.errors.join('; ')}\n`);
    }
    process.exitCode = 1;
  }
}
