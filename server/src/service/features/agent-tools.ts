/**
 * The tools coding agents call (VS Code Language Model Tools and the MCP
 * server, `spec-handoff mcp`): their names, descriptions and input schemas,
 * and the compact text each answers with. One definition for both front
 * ends, so an agent gets the same answer in the editor and outside it.
 *
 * Answers are deterministic (document order, no clock, no absolute paths
 * unless given) and bounded: at most `AGENT_TEXT_LIMIT` characters, cut at a
 * line with a last line saying how much was left out.
 */
import type { Analysis } from '../analysis/context';
import type { DocumentKind } from '../schema/types';
import type { Checklist, ChecklistSection } from './checklist';

/** The most characters an answer holds (a 10 MB document does not give a 10 MB answer). */
export const AGENT_TEXT_LIMIT = 16_000;

/** A JSON Schema for a tool's input object (the subset used here). */
export interface AgentToolInputSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'array'; description: string; items?: { type: 'string' } }>;
  required: string[];
  additionalProperties: false;
}

export interface AgentToolDefinition {
  /** The MCP tool name (VS Code prefixes it: `spec-handoff_<name>`). */
  name: AgentToolName;
  /** A short human title. */
  title: string;
  /** What the model reads to decide when to call it. */
  description: string;
  inputSchema: AgentToolInputSchema;
  /** Whether the tool writes a file. */
  writes: boolean;
}

export type AgentToolName =
  | 'check_document'
  | 'list_missing_sections'
  | 'insert_missing_sections'
  | 'generate_handoff'
  | 'list_documents';

const PATH_DESCRIPTION = 'Path of the markdown document, relative to the workspace folder (or absolute inside it).';

export const AGENT_TOOLS: readonly AgentToolDefinition[] = [
  {
    name: 'check_document',
    title: 'Check a spec or handoff',
    description:
      'Checks one markdown spec or handoff against its section schema, deterministically (no model involved). Returns whether it is ready for pickup by someone who was not in the room, the readiness checks that fail, and every finding (line, severity, rule code, message). Call it after editing a spec or handoff, before handing it over.',
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string', description: PATH_DESCRIPTION } },
      required: ['path'],
      additionalProperties: false,
    },
    writes: false,
  },
  {
    name: 'list_missing_sections',
    title: 'List missing sections',
    description:
      'Lists the sections a spec or handoff lacks, required ones first, each with its id and the schema guidance that says what to write in it. Use the ids with insert_missing_sections, or write the sections yourself following the guidance.',
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string', description: PATH_DESCRIPTION } },
      required: ['path'],
      additionalProperties: false,
    },
    writes: false,
  },
  {
    name: 'insert_missing_sections',
    title: 'Insert missing sections',
    description:
      'Inserts missing sections into a spec or handoff at their schema position, each with its heading and template (prefilled from the linked spec for a handoff). Without "sections", every missing required section is inserted. Only adds text, never removes or changes any.',
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: PATH_DESCRIPTION },
        sections: {
          type: 'array',
          items: { type: 'string' },
          description:
            'Section ids to insert (as list_missing_sections shows them), required or optional; default: every missing required section.',
        },
      },
      required: ['path'],
      additionalProperties: false,
    },
    writes: true,
  },
  {
    name: 'generate_handoff',
    title: 'Generate a handoff from a spec',
    description:
      "Writes a new handoff document generated from a spec: front matter linking back to the spec, the spec's acceptance criteria as an unticked list, what was built and what was not addressed prefilled from its scope. Never overwrites: fails if the file exists. Returns the new file's path.",
    inputSchema: {
      type: 'object',
      properties: {
        spec: {
          type: 'string',
          description: 'Path of the spec, relative to the workspace folder (or absolute inside it).',
        },
        output: { type: 'string', description: 'Path of the new handoff; default <name>.handoff.md next to the spec.' },
      },
      required: ['spec'],
      additionalProperties: false,
    },
    writes: true,
  },
  {
    name: 'list_documents',
    title: 'List specs and handoffs',
    description:
      'Lists the specs and handoffs of the workspace (or of one folder in it) with their kind and readiness summary: which are ready for pickup and which are not.',
    inputSchema: {
      type: 'object',
      properties: {
        folder: {
          type: 'string',
          description: 'Folder to list, relative to the workspace folder; default the whole workspace.',
        },
      },
      required: [],
      additionalProperties: false,
    },
    writes: false,
  },
];

/**
 * Checks tool arguments against a tool's input schema: an object with the
 * required string properties, arrays of strings, nothing else. Returns a
 * sentence for the model, or undefined when they are fine.
 */
export function agentArgumentsError(tool: AgentToolDefinition, args: unknown): string | undefined {
  if (args === undefined || args === null) args = {};
  if (typeof args !== 'object' || Array.isArray(args)) return `The arguments of ${tool.name} must be an object.`;
  const record = args as Record<string, unknown>;
  const known = Object.keys(tool.inputSchema.properties);
  for (const key of Object.keys(record).sort()) {
    if (!known.includes(key))
      return `${tool.name} has no argument "${key}"; it takes ${known.map((k) => `"${k}"`).join(', ')}.`;
  }
  for (const key of tool.inputSchema.required) {
    if (record[key] === undefined) return `${tool.name} needs the argument "${key}".`;
  }
  for (const [key, prop] of Object.entries(tool.inputSchema.properties)) {
    const value = record[key];
    if (value === undefined) continue;
    if (prop.type === 'string' && (typeof value !== 'string' || value.trim() === ''))
      return `The argument "${key}" of ${tool.name} must be a non-empty string.`;
    if (prop.type === 'array' && (!Array.isArray(value) || value.some((v) => typeof v !== 'string')))
      return `The argument "${key}" of ${tool.name} must be a list of strings.`;
  }
  return undefined;
}

/** Cuts `text` to at most `limit` characters at a line break, with a last line saying how much was left out. */
export function boundAgentText(text: string, limit = AGENT_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const reserve = 120;
  let cut = text.lastIndexOf('\n', Math.max(0, limit - reserve));
  if (cut <= 0) cut = Math.max(0, limit - reserve);
  const kept = text.slice(0, cut);
  const rest = text.slice(cut).replace(/^\n/, '');
  const lines = rest.split('\n').filter((l) => l !== '').length;
  return `${kept}\n[… cut: ${lines} more line${lines === 1 ? '' : 's'} (${rest.length} characters) not shown; the answer is limited to ${limit} characters]\n`;
}

/** A one-line sentence for a document that matches no kind or was not checked. */
function unmatched(analysis: Analysis, shown: string): string | undefined {
  if (analysis.skipped) return `${shown} was not checked: ${analysis.skipped}\n`;
  if (!analysis.kind)
    return `${shown} is not a spec, a handoff or another known kind of document, so it was not checked. Give it "type: spec" (or another kind) in its front matter, or name it *.spec.md.\n`;
  return undefined;
}

/** `check_document`: the verdict, the failing readiness checks, then every finding. */
export function agentCheckText(analysis: Analysis, checklist: Checklist | undefined, shown: string): string {
  const none = unmatched(analysis, shown);
  if (none || !checklist) return none ?? `${shown} was not checked.\n`;
  const { readiness } = checklist;
  const out: string[] = [];
  out.push(
    `${shown}: ${checklist.kindTitle.toLowerCase()}, ${readiness.ready ? 'ready for pickup' : 'NOT ready for pickup'} (${readiness.passed}/${readiness.total} readiness checks pass).`,
  );
  out.push(`Summary: ${checklist.summaryLine}`);
  const failing = readiness.checks.filter((c) => !c.ok);
  if (failing.length) {
    out.push('Failing readiness checks:');
    for (const c of failing) out.push(`- ${c.label}: ${c.detail}`);
  }
  const findings = [...analysis.findings].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (!findings.length) out.push('Findings: none.');
  else {
    out.push(
      `Findings (${findings.length}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${findings.length - errors - warnings} other), as line:column severity code message:`,
    );
    for (const f of findings)
      out.push(
        `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${oneLine(f.message)}`,
      );
  }
  if (checklist.sections.some((s) => hasMissing(s, true)))
    out.push(
      'Missing required sections can be inserted with insert_missing_sections; list_missing_sections says what each should contain.',
    );
  return boundAgentText(`${out.join('\n')}\n`);
}

/** `list_missing_sections`: each missing section with its id, place and guidance; required first. */
export function agentMissingText(analysis: Analysis, checklist: Checklist | undefined, shown: string): string {
  const none = unmatched(analysis, shown);
  if (none || !checklist) return none ?? `${shown} was not checked.\n`;
  const missing: { section: ChecklistSection; parent: string | undefined }[] = [];
  const walk = (s: ChecklistSection, parent: string | undefined): void => {
    if (s.state === 'missing' || s.state === 'optional-missing') missing.push({ section: s, parent });
    for (const c of s.children) walk(c, s.title);
  };
  for (const s of checklist.sections) walk(s, undefined);
  if (!missing.length) return `${shown} (${checklist.kindTitle.toLowerCase()}) has every section of its schema.\n`;
  const required = missing.filter((m) => m.section.required);
  const optional = missing.filter((m) => !m.section.required);
  const out: string[] = [
    `${shown} (${checklist.kindTitle.toLowerCase()}) lacks ${required.length} required and ${optional.length} optional section${optional.length === 1 ? '' : 's'}.`,
  ];
  const list = (title: string, items: typeof missing): void => {
    if (!items.length) return;
    out.push('', title);
    for (const { section, parent } of items) {
      out.push(`- ${section.title} (id: ${section.id}${parent ? `, under "${parent}"` : ''})`);
      const guidance = oneLine(section.guidance);
      if (guidance) out.push(`  Guidance: ${guidance}`);
    }
  };
  list('Required:', required);
  list('Optional:', optional);
  return boundAgentText(`${out.join('\n')}\n`);
}

/** One document in `list_documents`. */
export interface AgentDocumentRow {
  /** Relative to the workspace folder, forward slashes. */
  path: string;
  kindTitle: string;
  ready: boolean;
  summaryLine: string;
}

/** `list_documents`: one line per document, by path, then the count of ready ones. */
export function agentDocumentsText(
  rows: readonly AgentDocumentRow[],
  options: { truncated?: boolean; scope?: string } = {},
): string {
  const sorted = [...rows].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const scope = options.scope ? ` under ${options.scope}` : '';
  if (!sorted.length)
    return `No specs or handoffs${scope}. Documents are found by their front matter "type:" or by name (*.spec.md, *.handoff.md).\n`;
  const ready = sorted.filter((r) => r.ready).length;
  const out = [`${sorted.length} document${sorted.length === 1 ? '' : 's'}${scope}, ${ready} ready for pickup:`];
  for (const r of sorted) out.push(`- ${r.path}: ${r.summaryLine}`);
  if (options.truncated)
    out.push('(The workspace has more files than are scanned; some documents may be missing from this list.)');
  return boundAgentText(`${out.join('\n')}\n`);
}

function hasMissing(s: ChecklistSection, requiredOnly: boolean): boolean {
  return (
    ((s.state === 'missing' || (!requiredOnly && s.state === 'optional-missing')) && (!requiredOnly || s.required)) ||
    s.children.some((c) => hasMissing(c, requiredOnly))
  );
}

/** A message or guidance on one line, at most 600 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 600 ? `${flat.slice(0, 597)}...` : flat;
}

/** The `kinds` resource: every document kind, how documents are recognised as it, and its sections. */
export function agentKindsText(kinds: readonly DocumentKind[]): string {
  const out = [
    '# Document kinds',
    '',
    "A markdown document is checked as a kind when its front matter says `type: <id>` or its file name matches one of the kind's globs.",
  ];
  for (const kind of kinds) {
    out.push('', `## ${kind.title} (id: ${kind.id})`, '');
    if (kind.description) out.push(oneLine(kind.description), '');
    const types = kind.match.frontMatterType.map((t) => `type: ${t}`);
    out.push(`Recognised by: ${[...types, ...kind.match.globs].join(', ') || 'an explicit kind only'}`);
    if (kind.trace)
      out.push(`Generated from a ${kind.trace.kind} (front matter \`${kind.trace.frontMatterKey}:\` links to it).`);
    out.push(
      `Required sections: ${
        kind.allSections
          .filter((s) => s.required)
          .map((s) => s.title)
          .join(', ') || 'none'
      }`,
    );
    const optional = kind.allSections.filter((s) => !s.required);
    if (optional.length) out.push(`Optional sections: ${optional.map((s) => s.title).join(', ')}`);
  }
  return boundAgentText(`${out.join('\n')}\n`);
}

/** A kind's schema resource: each section in order with whether it is required and what to write in it. */
export function agentSchemaText(kind: DocumentKind): string {
  const out = [`# ${kind.title} schema (id: ${kind.id})`, ''];
  if (kind.description) out.push(oneLine(kind.description), '');
  out.push(`Sections in order${kind.ordered ? ' (the order is checked)' : ''}; a heading's level is the number of #.`);
  for (const s of kind.allSections) {
    out.push('', `${'#'.repeat(Math.min(6, s.level))} ${s.title}`, '');
    out.push(
      `id: ${s.id}${s.parentId ? ` (under ${s.parentId})` : ''}; ${s.required ? 'required' : 'optional'}${s.minWords ? `; at least ${s.minWords} words` : ''}${s.aliases.length ? `; also accepted as: ${s.aliases.join(', ')}` : ''}`,
    );
    const guidance = oneLine(s.guidance);
    if (guidance) out.push(`Guidance: ${guidance}`);
  }
  return boundAgentText(`${out.join('\n')}\n`);
}
