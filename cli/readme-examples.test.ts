/**
 * The docs' examples work as written (CoreDNS's test/readme_test.go): every `marina …` line in an
 * Examples section of a README or docs page, and in the README's first app, parses with the CLI's
 * own commander tree (unknown options, missing arguments and required options fail), and the
 * service commands' values pass their services' option parsers; every app definition in the docs
 * (```json app blocks, heredoc bodies, `-d` bodies POSTed to /v2/apps) validates with
 * lib/validation. The per-folder READMEs have CoreDNS's four sections.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { resolveConfig, type ConfigValues, type OptionSpec } from '../lib/config';
import { parseAppDefinition } from '../lib/validation';
import { OPTIONS as AGENT_OPTIONS, parseAgentConfig } from '../services/agent/options';
import { OPTIONS as ALLOCATOR_OPTIONS, parseAllocatorConfig } from '../services/allocator/options';
import { OPTIONS as DNS_OPTIONS, parseDnsConfig } from '../services/dns/options';
import { OPTIONS as LB_OPTIONS, parseLbConfig } from '../services/lb/options';
import { program } from './main';

const ROOT = join(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.marina']);

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

interface Block { file: string; heading: string; lang: string; text: string }

/** Code blocks (fenced and 4-space indented) with the heading they sit under. */
function codeBlocks(file: string, md: string): Block[] {
  const out: Block[] = [];
  let heading = '';
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = h[1]!;
    const fence = /^```(.*)$/.exec(line);
    if (fence) {
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
      out.push({ file, heading, lang: fence[1]!.trim(), text: body.join('\n') });
    } else if (/^ {4}\S/.test(line) && (i === 0 || lines[i - 1]!.trim() === '' || /^#/.test(lines[i - 1]!))) {
      const body: string[] = [];
      while (i < lines.length && (/^ {4}/.test(lines[i]!) || (lines[i]!.trim() === '' && /^ {4}\S/.test(lines[i + 1] ?? '')))) body.push(lines[i++]!.slice(4));
      i--;
      out.push({ file, heading, lang: 'indented', text: body.join('\n') });
    }
  }
  return out;
}

/** Shell words of one command line, up to the first unquoted comment, pipe, redirection or list operator. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated ${c} in: ${line}`);
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      cur = (cur ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if ((c === '#' && cur === undefined) || '|;&<>'.includes(c)) {
      break;
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

/** Logical lines of a shell block: continuations joined, heredoc bodies skipped. */
function shellLines(text: string): string[] {
  const out: string[] = [];
  const raw = text.replace(/\\\n\s*/g, ' ').split('\n');
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.trim().replace(/^\$ /, '');
    const here = /<<-?\s*'?(\w+)'?/.exec(line);
    if (here) while (i + 1 < raw.length && raw[++i]!.trim() !== here[1]) { /* heredoc body */ }
    out.push(line);
  }
  return out;
}

const files = markdownFiles(ROOT).sort();
const blocks = files.flatMap((f) => codeBlocks(relative(ROOT, f), readFileSync(f, 'utf8')));
const EXAMPLE_HEADING = /example|first app|local cluster/i;

const marinaLines = blocks
  .filter((b) => EXAMPLE_HEADING.test(b.heading) && !b.lang.startsWith('json') && b.lang !== 'ts')
  .flatMap((b) => shellLines(b.text).filter((l) => /^marina\s/.test(l)).map((line) => ({ where: `${b.file} (${b.heading})`, line })));

/** App definitions: ```json app blocks, unlabelled blocks holding one app object, heredoc bodies written to *.json, and -d bodies POSTed to /v2/apps. */
const appBodies = blocks.flatMap((b) => {
  const out: Array<{ where: string; json: string }> = [];
  const where = `${b.file} (${b.heading})`;
  if (b.lang === 'json app') out.push({ where, json: b.text });
  // An unlabelled block that is a whole JSON object with an app path as its id is an app too.
  if ((b.lang === '' || b.lang === 'indented') && /^\s*\{/.test(b.text)) {
    try {
      if (/^\//.test(String((JSON.parse(b.text) as { id?: unknown }).id))) out.push({ where, json: b.text });
    } catch {
      // not JSON: a shell block
    }
  }
  for (const m of b.text.matchAll(/<<-?\s*'?(\w+)'?\n([\s\S]*?)\n\s*\1\s*$/gm)) out.push({ where, json: m[2]! });
  const joined = b.text.replace(/\\\n\s*/g, ' ');
  for (const line of joined.split('\n')) {
    if (!/\/v2\/apps\b/.test(line) || !/-XPOST|-X POST/.test(line)) continue;
    const words = shellWords(line.trim());
    const d = words.findIndex((w) => w === '-d' || w === '--data');
    if (d >= 0 && words[d + 1]) out.push({ where, json: words[d + 1]! });
  }
  return out;
});

/** The service commands' own option parsers (what their actions run first). */
const SERVICE_PARSERS: Record<string, [OptionSpec[], (v: ConfigValues) => unknown]> = {
  dns: [DNS_OPTIONS, parseDnsConfig],
  lb: [LB_OPTIONS, parseLbConfig],
  agent: [AGENT_OPTIONS, parseAgentConfig],
  allocator: [ALLOCATOR_OPTIONS, parseAllocatorConfig],
};

/** The CLI with every action replaced by one that records which command ran and its flags. */
function dryProgram(ran: Array<{ name: string; flags: Record<string, unknown> }>): Command {
  const prog = program();
  const visit = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
    if (cmd !== prog) cmd.action((...args: unknown[]) => void ran.push({ name: cmd.name(), flags: (args.at(-1) as Command).opts() }));
    for (const sub of cmd.commands) visit(sub);
  };
  visit(prog);
  return prog;
}

describe('examples in the docs', () => {
  test('there are examples to check', () => {
    expect(marinaLines.length).toBeGreaterThanOrEqual(30);
    expect(appBodies.length).toBeGreaterThanOrEqual(10);
  });

  test.each(marinaLines.map((l) => [l.line, l.where]))('%s — %s', async (line) => {
    const ran: Array<{ name: string; flags: Record<string, unknown> }> = [];
    await dryProgram(ran).parseAsync(shellWords(line).slice(1), { from: 'user' });
    expect(ran).toHaveLength(1);
    const parser = SERVICE_PARSERS[ran[0]!.name];
    if (parser) expect(() => parser[1](resolveConfig(parser[0], ran[0]!.flags, {}))).not.toThrow();
  });

  test('a line that does not parse fails the check', async () => {
    await expect(dryProgram([]).parseAsync(shellWords('marina apps create --wait').slice(1), { from: 'user' })).rejects.toThrow(/--file/);
    await expect(dryProgram([]).parseAsync(shellWords('marina lb --no-such-flag').slice(1), { from: 'user' })).rejects.toThrow(/unknown option/);
    const ran: Array<{ name: string; flags: Record<string, unknown> }> = [];
    await dryProgram(ran).parseAsync(shellWords("marina dns --forward-zones 'corp=198.18.0.54|x'").slice(1), { from: 'user' });
    expect(() => parseDnsConfig(resolveConfig(DNS_OPTIONS, ran[0]!.flags, {}))).toThrow(/forward-zones/);
  });

  test.each(appBodies.map((b) => [b.where, b.json]))('app definition in %s', (_where, json) => {
    expect(parseAppDefinition(JSON.parse(json) as unknown).id).toMatch(/^\//);
  });
});

const FOLDERS = ['services/agent/modes', 'services/agent/fabric', 'services/lb/backends', 'services/dns/handlers', 'services/dns/sources'];
const folderReadmes = FOLDERS.flatMap((parent) =>
  readdirSync(join(ROOT, parent))
    .filter((name) => !name.startsWith('_') && name !== 'testing' && statSync(join(ROOT, parent, name)).isDirectory())
    .map((name) => `${parent}/${name}`),
);

describe('per-folder READMEs (Name / Description / Syntax / Examples)', () => {
  test.each(folderReadmes)('%s/README.md', (folder) => {
    const md = readFileSync(join(ROOT, folder, 'README.md'), 'utf8');
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings.slice(0, 4)).toEqual(['Name', 'Description', 'Syntax', 'Examples']);
    const examples = codeBlocks(folder, md).filter((b) => b.heading === 'Examples');
    expect(examples.length).toBeGreaterThan(0);
  });

  test('every folder is covered', () => {
    expect(folderReadmes.length).toBeGreaterThanOrEqual(16);
  });
});
