/**
 * `spec-handoff handoff <spec.md> [-o FILE]`: a handoff generated from a
 * spec — front matter linking back (`spec:` relative to the new file), the
 * spec's criteria as an unticked list, scope and out-of-scope prefilled.
 * Never overwrites, never writes outside the current folder, and the file
 * appears whole or not at all (written to a temporary file, then linked into
 * place, which fails if the name exists).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK } from '../io';
import { HANDOFF_HELP } from '../help';
import { loadCliWorkspace, printProblems, displayPath } from '../workspace';
import { isDirectory, isInside, realPathLoose, relativePath } from '../paths';
import { stripBom } from '../../node/workspace';
import { writeExclusive } from '../fix';
import { MAX_FILE_BYTES } from '../../service/limits';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The kind generated; its `trace` names the kind of the source (spec). */
const KIND = 'handoff';
/** A spec is a few KB; the one file size cap bounds what is read. */
const MAX_SPEC_BYTES = MAX_FILE_BYTES;

export function runHandoff(io: CliIo, args: string[]): number {
  const { values, positionals } = parse(args, OPTIONS, 'handoff');
  if (values.help) {
    io.out(HANDOFF_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('"handoff" needs one spec, e.g. spec-handoff handoff docs/export.spec.md', 'Run "spec-handoff handoff --help" for the options.');
  const specPath = path.resolve(io.cwd, positionals[0]);
  const specShown = displayPath(io.cwd, specPath);

  let text: string;
  try {
    const stat = fs.statSync(specPath);
    if (!stat.isFile()) throw new UsageError(`${specShown} is not a file.`);
    if (stat.size > MAX_SPEC_BYTES) throw new UsageError(`${specShown} is larger than ${MAX_SPEC_BYTES / 1_000_000} MB; that is not a spec.`);
    text = stripBom(fs.readFileSync(specPath, 'utf8'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${specShown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  const ws = loadCliWorkspace(io, { config: values.config });
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(`The config file ${displayPath(io.cwd, ws.load.configFile ?? '')} is invalid; fix the problems above.`);
  const service = ws.load.service;
  const kind = service.registry.get(KIND);
  if (!kind?.trace) throw new UsageError(`There is no "${KIND}" kind that links to a spec (a kind with a trace block).`);
  const sourceKind = kind.trace.kind;

  const spec = service.analyze({ text, path: specPath, relativePath: isInside(ws.root, specPath) ? relativePath(ws.root, specPath) : undefined });
  if (spec.skipped) throw new UsageError(`${specShown} was not checked: ${spec.skipped}`);
  if (spec.kind?.id !== sourceKind) {
    throw new UsageError(
      `${specShown} is ${spec.kind ? `a ${spec.kind.title.toLowerCase()}` : 'not a recognised document'}, not a ${sourceKind}.`,
      `A handoff is generated from a ${sourceKind}: give it "type: ${sourceKind}" in its front matter or name it *.${sourceKind}.md.`,
    );
  }

  const target = values.output !== undefined ? path.resolve(io.cwd, values.output) : path.join(path.dirname(specPath), handoffFileName(specPath, sourceKind, kind.match.globs));
  const shown = relativePath(io.cwd, target);
  // A folder (`-o .`, `-o docs`) is named as one before anything else is said about it.
  if (isDirectory(target)) throw new UsageError(`${values.output ?? shown} is a folder; give the path of the new file, e.g. ${path.join(values.output ?? shown, handoffFileName(specPath, sourceKind, kind.match.globs))}.`);
  // Lexically and through symlinks: the file must land inside the current folder.
  if (!isInside(io.cwd, target) || !isInside(realPathLoose(io.cwd), realPathLoose(target)) || target === path.resolve(io.cwd)) {
    throw new UsageError(`Refusing to write ${values.output ?? shown}: it is outside the current folder.`, values.output === undefined ? 'Run it from a folder containing the spec, or choose the file with -o.' : undefined);
  }

  const link = path.relative(path.dirname(target), specPath).split(path.sep).join('/');
  const generated = service.generateFrom(spec, link, KIND);
  if (generated === undefined) throw new UsageError(`A handoff cannot be generated from ${specShown}.`);

  if (fs.existsSync(target)) {
    io.err(`${shown} already exists; not overwritten.\n`);
    return EXIT_FINDINGS;
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeExclusive(target, generated);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(`${shown} already exists; not overwritten.\n`);
      return EXIT_FINDINGS;
    }
    throw new UsageError(`Cannot write ${shown}: ${code ?? (error as Error).message}`);
  }
  io.out(`${shown}\n`);
  return EXIT_OK;
}


/** `docs/export.spec.md` → `export.handoff.md`: the spec's name without `.spec`, with the handoff kind's suffix (from its `*.handoff.md` glob). */
export function handoffFileName(specPath: string, sourceKindId: string, globs: readonly string[]): string {
  let stem = path.basename(specPath).replace(/\.(md|markdown)$/i, '');
  if (stem.toLowerCase().endsWith(`.${sourceKindId.toLowerCase()}`)) stem = stem.slice(0, -sourceKindId.length - 1);
  const suffix = globs.map((g) => /\*\.([\w-]+)\.md$/.exec(g)?.[1]).find((s) => s !== undefined) ?? KIND;
  return `${stem || 'untitled'}.${suffix}.md`;
}
