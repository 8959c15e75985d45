/**
 * `spec-handoff merge-sarif a.sarif b.sarif … [-o FILE]`: the SARIF files of
 * several `check --shard i/n --format sarif` runs as one log for one upload
 * (GitHub code scanning wants one run per tool). Runs of the same tool are
 * joined: rules by id (each result's `ruleIndex` points into the joined list),
 * results and invocations one after another; runs of other tools are kept
 * as they are. Writes to stdout, or to FILE (never over an existing file).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK, describeFsError } from '../io';
import { MERGE_SARIF_HELP } from '../help';
import { writeExclusive } from '../fix';
import { targetInsideCwd } from '../paths';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface SarifRule {
  id: string;
  [key: string]: unknown;
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  [key: string]: unknown;
}
interface SarifRun {
  tool: { driver: { name: string; rules?: SarifRule[]; [key: string]: unknown } };
  results?: SarifResult[];
  invocations?: unknown[];
  [key: string]: unknown;
}
interface SarifLog {
  $schema?: string;
  version: string;
  runs: SarifRun[];
}

export function runMergeSarif(io: CliIo, args: string[]): number {
  const { values, positionals } = parse(args, OPTIONS, 'merge-sarif');
  if (values.help) {
    io.out(MERGE_SARIF_HELP);
    return EXIT_OK;
  }
  if (!positionals.length)
    throw new UsageError(
      '"merge-sarif" needs the SARIF files to merge, e.g. spec-handoff merge-sarif shard-*.sarif -o all.sarif',
    );
  const logs = positionals.map((file) => readLog(path.resolve(io.cwd, file), file));
  const text = `${JSON.stringify(mergeSarif(logs), null, 2)}\n`;
  if (values.output === undefined || values.output === '-') {
    io.out(text);
    return EXIT_OK;
  }
  const target = path.resolve(io.cwd, values.output);
  targetInsideCwd(io.cwd, target, values.output);
  try {
    writeExclusive(target, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.err(
        `${values.output} already exists; not overwritten. Choose another file with -o, or move the existing one away first.\n`,
      );
      return EXIT_FINDINGS;
    }
    throw new UsageError(`Cannot write ${values.output}: ${describeFsError(error)}.`);
  }
  io.out(`${values.output}\n`);
  return EXIT_OK;
}

function readLog(file: string, shown: string): SarifLog {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      error instanceof SyntaxError
        ? `${shown} is not JSON: ${error.message}`
        : `Cannot read ${shown}: ${describeFsError(error)}.`,
    );
  }
  const log = value as Partial<SarifLog> | null;
  if (!log || typeof log !== 'object' || log.version !== '2.1.0' || !Array.isArray(log.runs))
    throw new UsageError(`${shown} is not a SARIF 2.1.0 log (it needs "version": "2.1.0" and "runs").`);
  for (const run of log.runs)
    if (!run?.tool?.driver?.name) throw new UsageError(`${shown}: a run without tool.driver.name.`);
  return log as SarifLog;
}

/** One log: runs of the same tool (by driver name) joined, in the order first seen. */
export function mergeSarif(logs: readonly SarifLog[]): SarifLog {
  const byTool = new Map<string, SarifRun>();
  for (const log of logs) {
    for (const run of log.runs) {
      const name = run.tool.driver.name;
      const merged = byTool.get(name);
      if (!merged) {
        byTool.set(name, structuredClone(run));
        continue;
      }
      merged.tool.driver.rules ??= [];
      const rules = merged.tool.driver.rules;
      const index = new Map(rules.map((r, i) => [r.id, i]));
      const remap = (run.tool.driver.rules ?? []).map((rule) => {
        let i = index.get(rule.id);
        if (i === undefined) {
          i = rules.push(structuredClone(rule)) - 1;
          index.set(rule.id, i);
        }
        return i;
      });
      for (const result of run.results ?? []) {
        const copy = structuredClone(result);
        if (typeof copy.ruleIndex === 'number')
          copy.ruleIndex = remap[copy.ruleIndex] ?? (copy.ruleId !== undefined ? index.get(copy.ruleId) : undefined);
        merged.results ??= [];
        merged.results.push(copy);
      }
      merged.invocations ??= [];
      merged.invocations.push(...structuredClone(run.invocations ?? []));
    }
  }
  return { $schema: logs.find((l) => l.$schema)?.$schema, version: '2.1.0', runs: [...byTool.values()] };
}
