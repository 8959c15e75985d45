/**
 * `spec-handoff schemas`: the known kinds, where they come from, how files
 * match them, and schema problems. `schemas --validate FILE` checks one
 * schema file instead, for its author: each problem with file:line:column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, formatOption } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK } from '../io';
import { SCHEMAS_HELP } from '../help';
import {
  loadCliWorkspace,
  printProblems,
  displayPath,
  isBuiltinSource,
  configInvalidMessage,
  type CliProblem,
} from '../workspace';
import { palette } from '../colors';
import { problemJson } from '../format-json';
import { presetFiles } from '../../node/workspace';
import type { DocumentKind } from '../../service';

const OPTIONS = {
  config: { type: 'string' },
  validate: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface KindInfo {
  id: string;
  title: string;
  description: string;
  source: string;
  builtin: boolean;
  match: { frontMatterType: string[]; globs: string[]; associations: string[] };
  sections: number;
  requiredSections: number;
}

export function runSchemas(io: CliIo, args: string[]): number {
  const { values, positionals } = parse(args, OPTIONS, 'schemas');
  if (values.help) {
    io.out(SCHEMAS_HELP);
    return EXIT_OK;
  }
  if (positionals.length) throw new UsageError(`"schemas" takes no arguments (got ${positionals.join(' ')}).`);
  const format = formatOption(values.format, ['text', 'json'] as const, 'text');
  if (values.validate !== undefined) return validateSchemaFile(io, values.validate, values.config, format);
  const ws = loadCliWorkspace(io, { config: values.config });
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));

  const associations = ws.load.config.associations;
  const kinds = ws.load.service.registry.kinds.map((k) => info(io, k, associations));
  // The built-in presets, and whether all their kinds are in use (`presets:` in the config).
  const available = presetFiles();
  const presets = [...new Set(available.map((p) => p.preset))].map((name) => {
    const ids = available.filter((p) => p.preset === name).map((p) => p.kindId);
    return { name, kinds: ids, selected: ids.every((id) => kinds.some((k) => k.id === id)) };
  });
  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          version: 1,
          configFile: ws.load.configFile ? displayPath(io.cwd, ws.load.configFile) : null,
          kinds,
          presets,
          problems: ws.problems.map((p) => problemJson(p, displayPath(io.cwd, p.source))),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const c = palette(io.colorOut);
    const idWidth = Math.max(4, ...kinds.map((k) => k.id.length));
    const titleWidth = Math.max(5, ...kinds.map((k) => k.title.length));
    const lines: string[] = [];
    for (const k of kinds) {
      lines.push(
        `${c.bold(k.id.padEnd(idWidth))}  ${k.title.padEnd(titleWidth)}  ${c.dim(`${k.builtin ? 'built-in' : 'custom'}: ${k.source}`)}`,
      );
      const match: string[] = [];
      if (k.match.frontMatterType.length) match.push(`front matter type: ${k.match.frontMatterType.join(', ')}`);
      if (k.match.globs.length) match.push(`globs: ${k.match.globs.join(', ')}`);
      if (k.match.associations.length) match.push(`associations: ${k.match.associations.join(', ')}`);
      lines.push(
        `${' '.repeat(idWidth)}  ${k.sections} sections (${k.requiredSections} required); matches ${match.join('; ') || 'only with --schema'}`,
      );
    }
    const unused = presets.filter((p) => !p.selected).map((p) => p.name);
    if (unused.length)
      lines.push(
        '',
        `Built-in presets not in use: ${unused.join(', ')} (add them with presets: in .spec-handoff.yaml, or check --schema NAME).`,
      );
    lines.push(
      '',
      `${kinds.length} kind${kinds.length === 1 ? '' : 's'}${ws.load.configFile ? ` (config: ${displayPath(io.cwd, ws.load.configFile)})` : ''}${ws.problems.length ? `, ${ws.problems.length} schema problem${ws.problems.length === 1 ? '' : 's'} (see above)` : ''}`,
    );
    io.out(lines.join('\n') + '\n');
  }
  return ws.problems.length ? EXIT_FINDINGS : EXIT_OK;
}

function info(io: CliIo, kind: DocumentKind, associations: Record<string, string>): KindInfo {
  return {
    id: kind.id,
    title: kind.title,
    description: kind.description,
    source: displayPath(io.cwd, kind.source),
    builtin: isBuiltinSource(kind.source),
    match: {
      frontMatterType: kind.match.frontMatterType,
      globs: kind.match.globs,
      associations: Object.entries(associations)
        .filter(([, id]) => id === kind.id)
        .map(([glob]) => glob),
    },
    sections: kind.allSections.length,
    requiredSections: kind.allSections.filter((s) => s.required).length,
  };
}

/**
 * `schemas --validate FILE`: loads the workspace's kinds (built-in and
 * configured, so `extends:` resolves as it will in use) with FILE added
 * last, and reports FILE's own problems: YAML, the schema format, patterns
 * RE2 refuses, level ranges, `extends`. Exit 0 valid, 1 problems, 2 the file
 * cannot be read or the configuration is broken.
 */
function validateSchemaFile(io: CliIo, file: string, config: string | undefined, format: 'text' | 'json'): number {
  const absolute = path.resolve(io.cwd, file);
  let isFile = false;
  try {
    isFile = fs.statSync(absolute).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new UsageError(`Cannot read the schema file ${file}: no such file.`);
  const ws = loadCliWorkspace(io, { config, extraSchemaFiles: [absolute] });
  const own = (p: CliProblem): boolean => path.resolve(p.source) === absolute;
  const others = ws.problems.filter((p) => !own(p));
  if (others.some((p) => p.severity === 'error')) {
    printProblems(io, others);
    throw new UsageError(configInvalidMessage(io, ws));
  }
  const seen = new Set<string>();
  const problems = ws.problems
    .filter(own)
    .filter((p) => {
      const key = `${p.line}:${p.column}:${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((p) => ({ ...p, severity: 'error' as const }));
  const kind = problems.length
    ? undefined
    : ws.load.service.registry.kinds.find((k) => path.resolve(k.source) === absolute);
  const shown = displayPath(io.cwd, absolute);
  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          version: 1,
          file: shown,
          valid: problems.length === 0,
          kind: kind
            ? {
                id: kind.id,
                title: kind.title,
                sections: kind.allSections.length,
                requiredSections: kind.allSections.filter((s) => s.required).length,
              }
            : null,
          problems: problems.map((p) => problemJson(p, shown)),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const c = palette(io.colorOut);
    const lines = problems.map((p) => `${shown}:${p.line + 1}:${p.column + 1}: ${c.red('error')}: ${p.message}`);
    lines.push(
      problems.length
        ? `${shown}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the kind is left out until they are fixed.`
        : `${shown}: valid: kind "${kind?.id ?? '?'}" (${kind?.title ?? '?'}), ${kind?.allSections.length ?? 0} sections (${kind?.allSections.filter((s) => s.required).length ?? 0} required).`,
    );
    io.out(lines.join('\n') + '\n');
  }
  return problems.length ? EXIT_FINDINGS : EXIT_OK;
}
