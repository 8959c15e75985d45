/** `spec-handoff check`: expand the inputs, check each file, print the report, pick the exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, formatOption } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io';
import { CHECK_HELP } from '../help';
import { loadCliWorkspace, kindIds, printProblems, displayPath } from '../workspace';
import { expandInputs } from '../files';
import { checkFile } from '../check-file';
import { computeTotals, type CheckReport, type FileResult } from '../model';
import { formatText } from '../format-text';
import { formatJson } from '../format-json';
import { formatSarif } from '../format-sarif';

const OPTIONS = {
  schema: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string' },
  fix: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['text', 'json', 'sarif'] as const;

/** `--schema` names a file when it looks like one (a YAML extension or a path separator). */
export function looksLikeSchemaFile(value: string): boolean {
  return /\.ya?ml$/i.test(value) || value.includes('/') || value.includes('\\');
}

export function runCheck(io: CliIo, args: string[]): number {
  const { values, positionals } = parse(args, OPTIONS, 'check');
  if (values.help) {
    io.out(CHECK_HELP);
    return EXIT_OK;
  }
  const format = formatOption(values.format, FORMATS, 'text');

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

  const files: FileResult[] = expanded.files.map((file) => checkFile(ws.load.service, file, { cwd: io.cwd, root: ws.root, kindId, fix: values.fix === true }));
  const report: CheckReport = {
    cwd: io.cwd,
    root: ws.root,
    fix: values.fix === true,
    quiet: values.quiet === true,
    files,
    problems: ws.problems,
    totals: computeTotals(files),
  };

  if (format === 'json') io.out(formatJson(report));
  else if (format === 'sarif') io.out(formatSarif(report));
  else {
    const text = formatText(report, io.colorOut, io.colorErr);
    io.err(text.err);
    io.out(text.out);
  }
  if (format !== 'text') for (const f of files) if (f.error) io.err(`${f.path}: error: ${f.error}\n`);

  if (report.totals.failed) return EXIT_USAGE;
  return report.totals.errors ? EXIT_FINDINGS : EXIT_OK;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
