/**
 * Every `marina` subcommand. Each service folder exports `command()`
 * (services/<name>/command.ts); ops commands live in cli/commands/.
 */
import type { Command } from 'commander';
import { command as dnsCommand } from '../services/dns/command';

export const commands: Array<() => Command> = [dnsCommand];
