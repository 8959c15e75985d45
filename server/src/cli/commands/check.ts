/**
 * `spec-handoff check`: expand the inputs, check the files (in parallel for
 * more than a handful, see parallel.ts), print the report, pick the exit code.
 * Text output streams: each file's block is printed as soon as it and every
 * file before it (in path order) are checked. JSON and SARIF are written
 * whole at the end. With `--fix`, files are written after all were checked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { didYouMean, presetFilesFor } from '../../service';
import { parse, formatOption, type Parsed } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, withColorFlags } from '../io';
import { CHECK_HELP } from '../help';
import {
  loadCliWorkspace,
  kindIds,
  printProblems,
  displayPath,
  type CliWorkspace,
  configInvalidMessage,
} from '../workspace';
import { expandInputs } from '../files';
import { presetFiles, workspaceHost } from '../../node/workspace';
import { checkBytes, settleFix, type CheckFileOptions } from '../check-file';
import { checkEach, checkFiles, workerSetup, Workers } from '../parallel';
import { CHECK_OPTIONS, STDIN, checkWorkerCount, isFile, parseJobs } from '../threads';
import { addToTotals, computeTotals, emptyTotals, type CheckReport, type FileResult, type Totals } from '../model';
import { TextReporter, formatText } from '../format-text';
import { formatGithub } from '../format-github';
import { inShard, parseShard } from '../shard';
import { relativePath } from '../paths';
import { formatJson, JsonReportStream } from '../format-json';
import { formatSarif } from '../format-sarif';
import { columnUnitOption } from '../columns';

const OPTIONS = CHECK_OPTIONS;

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** `--schema` names a file when it looks like one (a YAML extension or a path separator). */
export function looksLikeSchemaFile(value: string): boolean {
  return /\.ya?ml$/i.test(value) || value.includes('/') || value.includes('\\');
}

/** `--jobs N`: a whole number of threads, at least 1 (threads.ts `parseJobs`, which the loader reads it with too). */
export function jobsOption(value: string | undefined): number | undefined {
  const jobs = parseJobs(value);
  if (jobs === null) throw new UsageError(`--jobs needs a whole number of threads, 1 or more (got "${value}").`);
  return jobs;
}

/** `--max-warnings N`: a whole number, 0 or more. */
export function maxWarningsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number, 0 or more (got "${value}").`);
  return Number(value);
}

export async function runCheck(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, 'check');
  if (values.help) {
    io.out(CHECK_HELP);
    return EXIT_OK;
  }
  io = withColorFlags(io, values);
  const format = formatOption(values.format, FORMATS, 'text');
  // Checked before anything starts: a wrong unit is a usage error, and SARIF says its own column kind (UTF-16).
  columnUnitOption(values['column-unit']);
  if (values['column-unit'] !== undefined && format === 'sarif')
    throw new UsageError(
      '--column-unit applies to text and json output; SARIF columns are UTF-16 code units (its columnKind says so).',
    );
  const jobs = jobsOption(values.jobs);
  if (positionals.includes(STDIN)) return checkStdin(io, values, positionals, format);
  if (values['stdin-filename'] !== undefined)
    throw new UsageError('--stdin-filename names the document read from standard input: use it with "check -".');
  // Workers start now, while this thread loads the configuration and schemas (see parallel.ts).
  const workerCount = checkWorkerCount(io.cwd, positionals, jobs);
  const workers = workerCount > 0 ? Workers.start(workerCount) : undefined;
  try {
    return await checkCommand(io, values, positionals, format, jobs, workers);
  } finally {
    workers?.stop();
  }
}

type CheckValues = Parsed<typeof OPTIONS>['values'];
type Format = (typeof FORMATS)[number];

/** Configuration, schemas and the forced kind (`--schema`), with their problems printed; usage errors thrown. */
function loadForCheck(io: CliIo, values: CheckValues): { ws: CliWorkspace; kindId: string | undefined } {
  let schemaFile: string | undefined;
  if (values.schema !== undefined && looksLikeSchemaFile(values.schema)) {
    schemaFile = path.resolve(io.cwd, values.schema);
    if (!isFile(schemaFile)) throw new UsageError(`Cannot read the schema file ${values.schema}: no such file.`);
  }
  // `--schema NAME` may name a built-in preset (all its kinds) or one preset kind: it is loaded besides the config's.
  const available = values.schema !== undefined && !schemaFile ? presetFiles() : [];
  const preset =
    values.schema !== undefined && presetFilesFor(values.schema, available).length ? values.schema : undefined;
  const ws = loadCliWorkspace(io, {
    config: values.config,
    extraSchemaFiles: schemaFile ? [schemaFile] : [],
    presets: preset !== undefined ? [preset] : [],
  });
  const registry = ws.load.service.registry;

  let kindId: string | undefined;
  if (schemaFile) {
    // The file was asked for explicitly: its problems are errors, not warnings.
    for (const p of ws.problems) if (p.source === schemaFile) p.severity = 'error';
    kindId = registry.kinds.find((k) => k.source === schemaFile)?.id;
  }
  printProblems(io, ws.problems);
  // Suppression comments that silence nothing become warnings (SH099 unused-disable), so --max-warnings 0 fails on them.
  if (values['report-unused-disable'] === true) ws.load.service.update({ reportUnusedDisable: 'warning' });
  if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));
  if (schemaFile && !kindId)
    throw new UsageError(`The schema file ${values.schema} could not be loaded; fix the problems above.`);
  if (values.schema !== undefined && !schemaFile) {
    if (registry.get(values.schema)) kindId = values.schema;
    // A preset of several kinds: each file gets the preset kind its globs or front matter `type:` pick.
    else if (preset === undefined) {
      const presetNames = [...new Set(available.map((p) => p.preset))];
      throw new UsageError(
        `Unknown kind "${values.schema}".${didYouMean(values.schema, [...kindIds(ws.load), ...presetNames, ...available.map((p) => p.kindId)])} Known kinds: ${kindIds(ws.load).join(', ')}. Built-in presets: ${presetNames.join(', ') || 'none'}.`,
      );
    }
  }
  return { ws, kindId };
}

/**
 * `check - [--stdin-filename PATH]`: one document from standard input,
 * checked as if it were the file PATH (its name picks the kind by glob, its
 * folder resolves relative links); without PATH it is "<stdin>" in the
 * current folder and only its front matter can pick the kind.
 */
async function checkStdin(io: CliIo, values: CheckValues, positionals: string[], format: Format): Promise<number> {
  if (positionals.length !== 1)
    throw new UsageError('"-" (standard input) is checked on its own: give no other paths with it.');
  if (values.fix)
    throw new UsageError('--fix cannot rewrite standard input; check a file, or pipe the document to a file first.');
  if (values.shard !== undefined)
    throw new UsageError('--shard splits a list of files; standard input is one document.');
  if (!io.readStdin) throw new UsageError('Standard input is not available here.');
  const maxWarnings = maxWarningsOption(values['max-warnings']);
  const { ws, kindId } = loadForCheck(io, values);
  const stdinName = values['stdin-filename'];
  const absPath = path.resolve(io.cwd, stdinName ?? '<stdin>');
  // The workspace: the config file's folder, else the current folder; links outside it are not read.
  ws.load.service.update({ host: workspaceHost([ws.root]) });
  const options: CheckFileOptions = {
    cwd: io.cwd,
    root: ws.root,
    roots: [ws.root],
    kindId,
    fix: false,
    columnUnit: columnUnitOption(values['column-unit']),
  };
  const { result } = checkBytes(ws.load.service, absPath, await io.readStdin(), options);
  if (stdinName === undefined) result.path = '<stdin>';
  return finish(
    io,
    {
      cwd: io.cwd,
      root: ws.root,
      fix: false,
      quiet: values.quiet === true,
      files: [result],
      problems: ws.problems,
      totals: computeTotals([result]),
    },
    format,
    maxWarnings,
  );
}

async function checkCommand(
  io: CliIo,
  values: CheckValues,
  positionals: string[],
  format: Format,
  jobs: number | undefined,
  workers: Workers | undefined,
): Promise<number> {
  const maxWarnings = maxWarningsOption(values['max-warnings']);
  const shard = parseShard(values.shard);
  const { ws, kindId } = loadForCheck(io, values);
  const fix = values.fix === true;
  const quiet = values.quiet === true;
  // The workspace: the config file's folder; without one, the current folder and the folders named to check.
  const roots = ws.load.configFile
    ? [ws.root]
    : [
        ws.root,
        ...positionals
          .map((p) => path.resolve(io.cwd, p))
          .map((p) => (isFile(p) ? path.dirname(p) : p))
          .filter((p) => isDirectory(p)),
      ];
  ws.load.service.update({ host: workspaceHost(roots) });
  const options: CheckFileOptions = {
    cwd: io.cwd,
    root: ws.root,
    roots,
    kindId,
    fix,
    columnUnit: columnUnitOption(values['column-unit']),
  };
  // The workers started early build their service while this thread walks the inputs (parallel.ts).
  const setup = workerSetup(ws.load.service, options);
  workers?.setup(setup);
  const expanded = await expandInputs(positionals, {
    cwd: io.cwd,
    root: ws.root,
    exclude: ws.load.config.exclude,
    gitignore: values['no-gitignore'] !== true,
  });
  if (expanded.errors.length) throw new UsageError(expanded.errors.join('\n'));
  for (const file of expanded.excluded)
    io.err(`${file}: warning: excluded by ${displayPath(io.cwd, ws.load.configFile ?? '')}, not checked\n`);
  const selected = shard ? expanded.files.filter((f) => inShard(relativePath(ws.root, f), shard)) : expanded.files;

  const text =
    format === 'text' ? new TextReporter({ quiet, fix, colorOut: io.colorOut, colorErr: io.colorErr }) : undefined;
  // JSON too is written as the files come in (with --fix, once they are settled), in parts (format-json.ts).
  const json = format === 'json' ? new JsonReportStream((part) => io.out(part)) : undefined;
  const print = (file: FileResult): void => {
    json?.file(file);
    if (!text) return;
    const block = text.file(file);
    if (block.err) io.err(block.err);
    if (block.out) io.out(block.out);
  };

  let files: FileResult[];
  let totals: Totals;
  if (fix) {
    const checks = await checkFiles(ws.load.service, selected, setup, { jobs, workers });
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
    totals = computeTotals(files);
  } else {
    // Text and JSON are written as the files come in, and only the totals and the files with a message for
    // standard error (`finish`) are kept; GitHub annotations and SARIF are written at the end, from every result.
    const streamed = text !== undefined || json !== undefined;
    files = [];
    totals = emptyTotals();
    await checkEach(ws.load.service, selected, setup, {
      jobs,
      workers,
      onCheck: ({ result }) => {
        print(result);
        addToTotals(totals, result);
        if (!streamed || result.error || result.notice) files.push(result);
      },
    });
  }

  const report: CheckReport = {
    cwd: io.cwd,
    root: ws.root,
    fix,
    quiet,
    files,
    problems: ws.problems,
    totals,
  };
  return finish(io, report, format, maxWarnings, text, json);
}

/** Prints the report in its format (text blocks were streamed already) and picks the exit code. */
function finish(
  io: CliIo,
  report: CheckReport,
  format: Format,
  maxWarnings: number | undefined,
  streamed?: TextReporter,
  streamedJson?: JsonReportStream,
): number {
  if (format === 'text') {
    if (streamed) io.out(streamed.end(report.totals));
    else {
      const text = formatText(report, io.colorOut, io.colorErr);
      if (text.err) io.err(text.err);
      io.out(text.out);
    }
  } else if (format === 'json') {
    if (streamedJson) streamedJson.end(report);
    else for (const part of formatJson(report)) io.out(part);
    io.out('\n');
  } else if (format === 'github') io.out(formatGithub(report));
  else io.out(formatSarif(report));
  if (format !== 'text')
    for (const f of report.files)
      if (f.error) io.err(`${f.path}: error: ${f.error}\n`);
      else if (f.notice) io.err(`${f.path}: warning: ${f.notice}\n`);

  if (report.totals.failed) return EXIT_USAGE;
  if (report.totals.errors) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && report.totals.warnings > maxWarnings) {
    io.err(`spec-handoff: ${report.totals.warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
