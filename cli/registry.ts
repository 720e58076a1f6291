/**
 * Every `marina` subcommand. Each service folder exports `command()`
 * (services/<name>/command.ts); ops commands live in cli/commands/.
 */
import type { Command } from 'commander';
import { command as upCommand } from './up';
import { command as agentCommand } from '../services/agent/command';
import { command as dnsCommand } from '../services/dns/command';
import { command as allocatorCommand } from '../services/allocator/command';
import { command as appsCommand } from './commands/apps';
import { command as podsCommand } from './commands/pods';
import { command as eventsCommand } from './commands/events';
import { agentsCommand, allocCommand, networksCommand } from './commands/cluster';
import { command as tokensCommand } from './commands/tokens';
import { command as caCommand } from './commands/ca';
import { command as traceCommand } from './commands/trace';
import { command as policiesCommand } from './commands/policies';

export const commands: Array<() => Command> = [upCommand, agentCommand, dnsCommand, allocatorCommand, appsCommand, podsCommand, eventsCommand, agentsCommand, networksCommand, allocCommand, tokensCommand, caCommand, traceCommand, policiesCommand];
commands.push(require('../services/lb/command').command as () => Command); // eslint-disable-line @typescript-eslint/no-require-imports -- marina lb
