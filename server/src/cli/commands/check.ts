/**
 * `spec-handoff check`: expand the inputs, check the files (in parallel for
 * more than a handful, see parallel.ts), print the report, pick the exit code.
 * Text output streams: each file's block is printed as soon as it and every
 * file before it (in path order) are checked. JSON and SARIF are written
 * whole at the end. With `--fix`, files are written after all were checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, formatOption, type Parsed } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { CHECK_HELP } from '../help';
import { loadCliWorkspace, kindIds, printProblems, displayPath } from '../workspace';
import { expandInputs } from '../files';
import { workspaceHost } from '../../node/workspace';
import { settleFix, type CheckFileOptions } from '../check-file';
import { checkFiles, plannedThreads, workerSetup, Workers, PARALLEL_MIN_FILES } from '../parallel';
import { computeTotals, type CheckReport, type FileResult } from '../model';
import { TextReporter } from '../format-text';
import { formatJson } from '../format-json';
import { formatSarif } from '../format-sarif';

const OPTIONS = {
  schema: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  fix: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  // Hidden (docs/cli.md): how many threads analyse files; 1 = no worker threads.
  jobs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['text', 'json', 'sarif'] as const;

/** `--schema` names a file when it looks like one (a YAML extension or a path separator). */
export function looksLikeSchemaFile(value: string): boolean {
  return /\.ya?ml$/i.test(value) || value.includes('/') || value.includes('\\');
}

/** `--jobs N`: a whole number of threads, at least 1. */
export function jobsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--jobs needs a whole number of threads, 1 or more (got "${value}").`);
  return Number(value);
}

export async function runCheck(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, 'check');
  if (values.help) {
    io.out(CHECK_HELP);
    return EXIT_OK;
  }
  const format = formatOption(values.format, FORMATS, 'text');
  const jobs = jobsOption(values.jobs);
  // Workers start now, while this thread loads the configuration and schemas (see parallel.ts).
  const workers = (jobs === undefined ? mayBeMany(io.cwd, positionals) : jobs > 1) ? Workers.start(plannedThreads(Infinity, jobs) - 1) : undefined;
  try {
    return await checkCommand(io, values, positionals, format, jobs, workers);
  } finally {
    workers?.stop();
  }
}

/** Whether the arguments may name many files: the current folder, a folder or a glob (not only a few files). */
function mayBeMany(cwd: string, positionals: string[]): boolean {
  return positionals.length >= PARALLEL_MIN_FILES || positionals.length === 0 || positionals.some((p) => !isFile(path.resolve(cwd, p)));
}

async function checkCommand(io: CliIo, values: Parsed<typeof OPTIONS>['values'], positionals: string[], format: (typeof FORMATS)[number], jobs: number | undefined, workers: Workers | undefined): Promise<number> {
  let schemaFile: string | undefined;
  if (values.schema !== undefined && looksLikeSchemaFile(values.schema)) {
    schemaFile = path.resolve(io.cwd, values.schema);
    if (!isFile(schemaFile)) throw new UsageError(`Cannot read the schema file ${values.schema}: no such file.`);
  }
  const ws = loadCliWorkspace(io, { config: values.config, extraSchemaFiles: schemaFile ? [schemaFile] : [] });
  const registry = ws.load.service.registry;

  let kindId: string | undefined;
  if (schemaFile) {
    // The file was asked for explicitly: its problems are errors, not warnings.
    for (const p of ws.problems) if (p.source === schemaFile) p.severity = 'error';
    kindId = registry.kinds.find((k) => k.source === schemaFile)?.id;
  }
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(`The config file ${displayPath(io.cwd, ws.load.configFile ?? '')} is invalid; fix the problems above.`);
  if (schemaFile && !kindId) throw new UsageError(`The schema file ${values.schema} could not be loaded; fix the problems above.`);
  if (values.schema !== undefined && !schemaFile) {
    if (!registry.get(values.schema)) throw new UsageError(`Unknown kind "${values.schema}". Known kinds: ${kindIds(ws.load).join(', ')}.`);
    kindId = values.schema;
  }

  const expanded = expandInputs(positionals, { cwd: io.cwd, root: ws.root, exclude: ws.load.config.exclude });
  if (expanded.errors.length) throw new UsageError(expanded.errors.join('\n'));
  for (const file of expanded.excluded) io.err(`${file}: warning: excluded by ${displayPath(io.cwd, ws.load.configFile ?? '')}, not checked\n`);

  const fix = values.fix === true;
  const quiet = values.quiet === true;
  // The workspace: the config file's folder; without one, the current folder and the folders named to check.
  const roots = ws.load.configFile ? [ws.root] : [ws.root, ...positionals.map((p) => path.resolve(io.cwd, p)).map((p) => (isFile(p) ? path.dirname(p) : p)).filter((p) => isDirectory(p))];
  ws.load.service.update({ host: workspaceHost(roots) });
  const options: CheckFileOptions = { cwd: io.cwd, root: ws.root, roots, kindId, fix };
  const text = format === 'text' ? new TextReporter({ quiet, fix, colorOut: io.colorOut, colorErr: io.colorErr }) : undefined;
  const print = (file: FileResult): void => {
    if (!text) return;
    const block = text.file(file);
    if (block.err) io.err(block.err);
    if (block.out) io.out(block.out);
  };

  const checks = await checkFiles(ws.load.service, expanded.files, workerSetup(ws.load.service, options), {
    jobs,
    workers,
    onCheck: fix ? undefined : (check) => print(check.result),
  });
  let files: FileResult[];
  if (fix) {
    const written = new Set<string>();
    // One file's failure (a name too long for a temporary file, a vanished folder) is that file's error; the run goes on.
    files = checks.map((check) => {
      try {
        return settleFix(ws.load.service, check, options, written);
      } catch (error) {
        return { ...check.result, error: `not written: ${(error as Error).message}` };
      }
    });
    files.forEach(print);
  } else {
    files = checks.map((check) => check.result);
  }

  const report: CheckReport = { cwd: io.cwd, root: ws.root, fix, quiet, files, problems: ws.problems, totals: computeTotals(files) };
  if (text) io.out(text.end(report.totals));
  else if (format === 'json') io.out(formatJson(report));
  else io.out(formatSarif(report));
  if (format !== 'text') for (const f of files) if (f.error) io.err(`${f.path}: error: ${f.error}\n`); else if (f.notice) io.err(`${f.path}: warning: ${f.notice}\n`);

  if (report.totals.failed) return EXIT_USAGE;
  return report.totals.errors ? EXIT_FINDINGS : EXIT_OK;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
