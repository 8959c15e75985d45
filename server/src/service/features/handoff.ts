/**
 * Generating a document from a linked one: a handoff from its spec. The
 * handoff kind's schema decides everything — which kind it traces to, which
 * section lists the criteria, which sections are filled from which spec
 * sections (`prefillFrom`). Generation copies, never invents: every criterion
 * of the spec (by ID, or by its text when it has none) unticked with an empty
 * evidence placeholder, the spec's items for prefilled sections, and the
 * skeleton (guidance comment and `TODO`) everywhere else — never the
 * schema's worked examples. A freshly generated handoff is "not ready".
 */
import type { Analysis } from '../analysis/context';
import type { DocumentKind } from '../schema/types';
import { valueFor } from '../fixes/front-matter';
import { frontMatterTitle } from '../parse/frontmatter';
import { sectionMarkdown } from '../fixes/insert-section';
import { copiedBodies } from '../fixes/copied';
import { guidanceComment } from '../fixes/skeleton';
import type { SectionBody } from '../fixes/insert-section';
import { decisionLines, type DecisionRecord } from './decisions';

export interface GenerateOptions {
  /** The kind to generate (e.g. handoff); must have `trace`. */
  kind: DocumentKind;
  /** Path of the source document relative to the generated file's folder, forward slashes. */
  sourceLink: string;
  eol?: string;
  /** Decision records and answered questions linking to the source, each with its path relative to the generated file: listed in the trace's `decisionsSection`. */
  decisions?: { record: DecisionRecord; link: string }[];
}

export function generateFromLinked(source: Analysis, options: GenerateOptions): string | undefined {
  const { kind } = options;
  const trace = kind.trace;
  const ctx = source.context;
  if (!trace || !ctx || !source.matching || source.kind?.id !== trace.kind) return undefined;
  const eol = options.eol ?? '\n';
  const link = encodeURI(options.sourceLink);
  const title = sourceTitle(source);
  const fm = [
    '---',
    `type: ${valueFor(kind, 'type')}`,
    `title: ${yamlString(title)}`,
    `${trace.frontMatterKey}: ${options.sourceLink}`,
    '---',
  ];
  const parts: string[] = [fm.join(eol) + eol];
  if (kind.titleRequired) parts.push(`# ${kind.titleTemplate.replace(/\{\{\s*title\s*\}\}/g, title)}${eol}`);
  parts.push(
    `Generated from [the ${source.kind.title.toLowerCase()}](${link}). Nothing here is ticked or verified yet: replace every TODO with what was actually built and checked.${eol}`,
  );
  const copied = copiedBodies(source, kind, link);
  const decisions = options.decisions ?? [];
  const bodyOf: SectionBody | undefined =
    decisions.length && trace.decisionsSection
      ? (spec) => {
          const body = copied?.(spec);
          if (spec.id !== trace.decisionsSection) return body;
          const lead = guidanceComment(
            `The decision records and answered questions whose front matter "${trace.frontMatterKey}:" links to the ${source.kind?.title.toLowerCase() ?? 'source'}, copied with their outcome. Add the decisions made while building it, each with its reason.\n${spec.guidance}`.trim(),
          );
          return [...(body ?? (lead ? [...lead.split('\n'), ''] : [])), ...decisionLines(decisions)];
        }
      : copied;
  for (const spec of kind.sections) {
    if (
      spec.required ||
      spec.id === trace.criteriaSection ||
      spec.prefillFrom.length ||
      (decisions.length && spec.id === trace.decisionsSection)
    )
      parts.push(sectionMarkdown(spec, eol, false, bodyOf));
  }
  return parts.join(eol);
}

function sourceTitle(source: Analysis): string {
  return frontMatterTitle(source.frontMatter) ?? source.matching?.title?.heading.text ?? 'Untitled';
}

function yamlString(value: string): string {
  return /[:#'"{}[\],&*!|>%@`]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
}
