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
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK, describeFsError } from '../io';
import { HANDOFF_HELP } from '../help';
import { loadCliWorkspace, printProblems, displayPath, configInvalidMessage } from '../workspace';
import { isDirectory, isInside, relativePath, targetInsideCwd } from '../paths';
import { stripBom } from '../../node/workspace';
import { writeExclusive } from '../fix';
import { walkFiles } from '../../node/walk';
import picomatch from 'picomatch';
import { MAX_FILE_BYTES, type DecisionRecord, type LanguageService } from '../../service';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A spec is a few KB; the one file size cap bounds what is read. */
const MAX_SPEC_BYTES = MAX_FILE_BYTES;

export async function runHandoff(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, 'handoff');
  if (values.help) {
    io.out(HANDOFF_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      '"handoff" needs one spec, e.g. spec-handoff handoff docs/export.spec.md',
      'Run "spec-handoff handoff --help" for the options.',
    );
  const specPath = path.resolve(io.cwd, positionals[0]);
  const specShown = displayPath(io.cwd, specPath);

  let text: string;
  try {
    const stat = fs.statSync(specPath);
    if (!stat.isFile()) throw new UsageError(`${specShown} is not a file.`);
    if (stat.size > MAX_SPEC_BYTES)
      throw new UsageError(`${specShown} is larger than ${MAX_SPEC_BYTES / 1_000_000} MB; that is not a spec.`);
    text = stripBom(fs.readFileSync(specPath, 'utf8'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${specShown}: ${describeFsError(error)}.`);
  }

  const ws = loadCliWorkspace(io, { config: values.config });
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));
  const service = ws.load.service;
  const spec = service.analyze({
    text,
    path: specPath,
    relativePath: isInside(ws.root, specPath) ? relativePath(ws.root, specPath) : undefined,
  });
  const toStdout = values.output === '-';
  const requested = values.output !== undefined && !toStdout ? path.resolve(io.cwd, values.output) : undefined;
  // The default plan (beside the spec) first: its refusal is the one to show, and its file name is the example for a folder given with -o.
  const decisions = await workspaceDecisions(service, ws.root, specPath, ws.load.service.config.exclude);
  const beside = service.generate(spec, specPath, { shownPath: specShown, decisions });
  if ('error' in beside) throw new UsageError(beside.error, beside.hint);
  if (requested !== undefined && isDirectory(requested)) {
    throw new UsageError(
      `${values.output} is a folder; give the path of the new file, e.g. ${path.join(values.output!, path.basename(beside.targetPath))}.`,
    );
  }
  if (requested !== undefined) targetInsideCwd(io.cwd, requested, values.output!);
  const plan =
    requested === undefined
      ? beside
      : service.generate(spec, specPath, { targetPath: requested, shownPath: specShown, decisions });
  if ('error' in plan) throw new UsageError(plan.error, plan.hint);
  if (toStdout) {
    // Written nowhere: the text is the one the default file beside the spec would get (its spec: link is relative to the spec's folder).
    io.out(plan.text);
    return EXIT_OK;
  }
  const target = plan.targetPath;
  const shown = relativePath(io.cwd, target);
  if (requested === undefined)
    targetInsideCwd(io.cwd, target, shown, 'Run it from a folder containing the spec, or choose the file with -o.');
  if (isDirectory(target))
    throw new UsageError(
      `${shown} is a folder; give the path of the new file, e.g. ${path.join(shown, path.basename(beside.targetPath))}.`,
    );
  const generated = plan.text;

  if (fs.existsSync(target)) {
    io.err(
      `${shown} already exists; not overwritten. Choose another file with -o, or move the existing one away first.\n`,
    );
    return EXIT_FINDINGS;
  }
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeExclusive(target, generated);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      io.err(
        `${shown} already exists; not overwritten. Choose another file with -o, or move the existing one away first.\n`,
      );
      return EXIT_FINDINGS;
    }
    throw new UsageError(`Cannot write ${shown}: ${code ?? (error as Error).message}`);
  }
  io.out(`${shown}\n`);
  return EXIT_OK;
}

/** Files looked at while gathering decisions, at most (a bound on a huge folder). */
const MAX_DECISION_WALK_ENTRIES = 200_000;

/**
 * The decision records and answered questions under the workspace root (the config's folder, else the current
 * one) that might link to the spec: files that mention a `spec:` key, analysed, skipping the config's `exclude`,
 * node_modules and .git. The service keeps those whose `spec:` resolves to the spec.
 */
async function workspaceDecisions(
  service: LanguageService,
  root: string,
  specPath: string,
  exclude: string[],
): Promise<{ path: string; record: DecisionRecord }[]> {
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const out: { path: string; record: DecisionRecord }[] = [];
  for await (const file of walkFiles(root, {
    excluded: (abs) => excluded(relativePath(root, abs)),
    maxEntries: MAX_DECISION_WALK_ENTRIES,
  })) {
    if (file === specPath) continue;
    let text: string;
    try {
      if (fs.statSync(file).size > MAX_SPEC_BYTES) continue;
      text = stripBom(fs.readFileSync(file, 'utf8'));
    } catch {
      continue; // unreadable: not a decision we can list
    }
    if (!/^spec\s*:/m.test(text)) continue;
    const record = service.decisionRecord(
      service.analyze({ text, path: file, relativePath: relativePath(root, file) }),
      file,
    );
    if (record) out.push({ path: file, record });
  }
  return out;
}
