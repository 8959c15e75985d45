/** `spec-handoff new <kind> <file>`: a new document (the kind's section skeletons), never overwriting anything. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { didYouMean } from '../../service';
import { parse } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK } from '../io';
import { NEW_HELP } from '../help';
import { loadCliWorkspace, kindIds, printProblems, configInvalidMessage } from '../workspace';
import { isDirectory, relativePath, targetInsideCwd } from '../paths';
import { writeExclusive } from '../fix';

const OPTIONS = {
  title: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function runNew(io: CliIo, args: string[]): number {
  const { values, positionals } = parse(args, OPTIONS, 'new');
  if (values.help) {
    io.out(NEW_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 2)
    throw new UsageError(
      '"new" needs a kind and a file, e.g. spec-handoff new spec docs/export.spec.md',
      'Run "spec-handoff new --help" for the options.',
    );
  const [kindId, fileArg] = positionals;

  const target = path.resolve(io.cwd, fileArg);
  targetInsideCwd(io.cwd, target, fileArg);
  if (isDirectory(target))
    throw new UsageError(
      `${fileArg} is a folder; give the path of the new file, e.g. ${path.join(fileArg, `new.${kindId}.md`)}.`,
    );

  const ws = loadCliWorkspace(io, { config: values.config });
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));
  const service = ws.load.service;
  if (!service.registry.get(kindId))
    throw new UsageError(
      `Unknown kind "${kindId}".${didYouMean(kindId, kindIds(ws.load))} Known kinds: ${kindIds(ws.load).join(', ')}.`,
    );

  const title = values.title?.trim() || titleFromFileName(fileArg, kindId);
  const text = service.newDocument(kindId, title);
  if (text === undefined) throw new UsageError(`Unknown kind "${kindId}".`);

  const shown = relativePath(io.cwd, target);
  if (fs.existsSync(target)) {
    io.err(`${shown} already exists; not overwritten. Give another file name, or move the existing one away first.\n`);
    return EXIT_FINDINGS;
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeExclusive(target, text); // atomic, and a file created meanwhile is never overwritten
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(
        `${shown} already exists; not overwritten. Give another file name, or move the existing one away first.\n`,
      );
      return EXIT_FINDINGS;
    }
    throw new UsageError(`Cannot write ${shown}: ${code ?? (error as Error).message}`);
  }
  io.out(`Created ${shown} (${kindId}: "${title}")\n`);

  // Say so when the new file would not be recognised as its kind by name or front matter.
  const check = service.analyze({ text, path: target, relativePath: relativePath(ws.root, target) });
  if (check.kind?.id !== kindId) {
    io.err(
      `note: ${shown} is not matched as "${kindId}" by its name or front matter; check it with --schema ${kindId} or add an association in .spec-handoff.yaml.\n`,
    );
  }
  return EXIT_OK;
}

/** "docs/invoice-csv-export.spec.md" → "Invoice csv export". */
export function titleFromFileName(file: string, kindId: string): string {
  let stem = path.basename(file).replace(/\.(md|markdown)$/i, '');
  if (stem.toLowerCase().endsWith(`.${kindId.toLowerCase()}`)) stem = stem.slice(0, -kindId.length - 1);
  const words = stem.replace(/[-_.\s]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Untitled';
}
