/** `spec-handoff schemas`: the known kinds, where they come from, how files match them, and schema problems. */
import { parse, formatOption } from '../args';
import { type CliIo, UsageError, EXIT_FINDINGS, EXIT_OK } from '../io';
import { SCHEMAS_HELP } from '../help';
import { loadCliWorkspace, printProblems, displayPath, isBuiltinSource, configInvalidMessage } from '../workspace';
import { palette } from '../colors';
import type { DocumentKind } from '../../service';

const OPTIONS = {
  config: { type: 'string' },
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
  const ws = loadCliWorkspace(io, { config: values.config });
  printProblems(io, ws.problems);
  if (ws.configInvalid) throw new UsageError(configInvalidMessage(io, ws));

  const associations = ws.load.config.associations;
  const kinds = ws.load.service.registry.kinds.map((k) => info(io, k, associations));
  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          version: 1,
          configFile: ws.load.configFile ? displayPath(io.cwd, ws.load.configFile) : null,
          kinds,
          problems: ws.problems.map((p) => ({
            path: displayPath(io.cwd, p.source),
            line: p.line + 1,
            column: p.column + 1,
            severity: p.severity,
            message: p.message,
          })),
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
