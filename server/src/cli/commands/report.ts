/**
 * `spec-handoff report <folder…>`: checks every document of a known kind
 * under the folders and prints a readiness table per folder (text, markdown
 * for a pull request comment, or JSON). Findings never fail it: exit 0,
 * or 2 for a usage or configuration error or a file that cannot be read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, formatOption } from '../args';
import { type CliIo, UsageError, EXIT_OK, EXIT_USAGE, withColorFlags } from '../io';
import { REPORT_HELP } from '../help';
import { loadCliWorkspace, printProblems, configInvalidMessage } from '../workspace';
import { workspaceHost } from '../../node/workspace';
import { expandInputs } from '../files';
import { checkFiles, workerSetup, Workers } from '../parallel';
import { REPORT_OPTIONS, reportWorkerCount } from '../threads';
import { isInside, relativePath } from '../paths';
import { jobsOption } from './check';
import {
  formatReportJson,
  formatReportMarkdown,
  formatReportText,
  reportRow,
  type Report,
  type ReportFolder,
} from '../format-report';

const FORMATS = ['text', 'markdown', 'json'] as const;

export async function runReport(io: CliIo, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, REPORT_OPTIONS, 'report');
  if (values.help) {
    io.out(REPORT_HELP);
    return EXIT_OK;
  }
  io = withColorFlags(io, values);
  const format = formatOption(values.format, FORMATS, 'text');
  const jobs = jobsOption(values.jobs);
  const folders = (positionals.length ? positionals : ['.']).map((arg) => {
    const abs = path.resolve(io.cwd, arg);
    let isDir = false;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      throw new UsageError(`No such folder: ${arg}`);
    }
    if (!isDir)
      throw new UsageError(
        `${arg} is not a folder; "report" takes folders (use "spec-handoff check" for single files).`,
      );
    return abs;
  });
  // Workers start now (or were started by the loader, threads.ts), while this thread loads the configuration.
  const workerCount = reportWorkerCount(jobs);
  const workers = workerCount > 0 ? Workers.start(workerCount) : undefined;
  try {
    const ws = loadCliWorkspace(io, { config: values.config });
    printProblems(io, ws.problems);
    if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));

    // The workspace, as for check: the config file's folder, else the current folder and the folders named.
    const roots = ws.load.configFile ? [ws.root] : [ws.root, ...folders];
    ws.load.service.update({ host: workspaceHost(roots) });
    const options = { cwd: io.cwd, root: ws.root, roots, kindId: undefined, fix: false };
    // The workers build their service while this thread walks the folders (as for check, parallel.ts).
    const setup = workerSetup(ws.load.service, options);
    workers?.setup(setup);

    // Every file once, even when folders overlap; each folder's table then picks its own.
    const perFolder = await Promise.all(
      folders.map(
        async (folder) =>
          (
            await expandInputs([folder], {
              cwd: io.cwd,
              root: ws.root,
              exclude: ws.load.config.exclude,
              gitignore: values['no-gitignore'] !== true,
            })
          ).files,
      ),
    );
    const unique = [...new Set(perFolder.flat())].sort((a, b) =>
      relativePath(io.cwd, a) < relativePath(io.cwd, b) ? -1 : 1,
    );
    const checks = await checkFiles(ws.load.service, unique, setup, { jobs, workers });
    const byPath = new Map(checks.map((c) => [c.result.absPath, c.result]));

    const report: Report = {
      cwd: io.cwd,
      problems: ws.problems,
      folders: folders.map((folder, i): ReportFolder => {
        const entry: ReportFolder = { path: relativePath(io.cwd, folder), rows: [], failed: [] };
        for (const file of perFolder[i]) {
          const result = byPath.get(file);
          if (!result) continue;
          if (result.error) entry.failed.push({ path: result.path, error: result.error });
          const row = reportRow(result, isInside(folder, file) ? relativePath(folder, file) : result.path);
          if (row) entry.rows.push(row);
        }
        return entry;
      }),
    };
    if (format === 'json') io.out(formatReportJson(report));
    else if (format === 'markdown') io.out(formatReportMarkdown(report));
    else io.out(formatReportText(report, io.colorOut));
    const failed = new Map(report.folders.flatMap((f) => f.failed.map((x) => [x.path, x.error] as const)));
    for (const [file, error] of failed) io.err(`${file}: error: ${error}\n`);
    return failed.size ? EXIT_USAGE : EXIT_OK;
  } finally {
    workers?.stop();
  }
}
