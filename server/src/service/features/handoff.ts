/**
 * Generating a document from a linked one: a handoff from its spec. The
 * handoff kind's schema decides everything — which kind it traces to, which
 * section lists the criteria, which sections are prefilled from which spec
 * sections (`prefillFrom`); the rest gets the handoff's own templates.
 */
import type { Analysis } from '../analysis/analyze';
import type { DocumentKind, SectionSpec } from '../schema/types';
import { headingFor } from '../analysis/matching';
import { criteriaOf } from '../analysis/criteria';
import { documentAnchors, headingSlug } from '../parse/slug';
import { valueFor } from '../fixes/front-matter';
import { frontMatterTitle } from '../parse/frontmatter';

export interface GenerateOptions {
  /** The kind to generate (e.g. handoff); must have `trace`. */
  kind: DocumentKind;
  /** Path of the source document relative to the generated file's folder, forward slashes. */
  sourceLink: string;
  eol?: string;
}

export function generateFromLinked(source: Analysis, options: GenerateOptions): string | undefined {
  const { kind } = options;
  const trace = kind.trace;
  const ctx = source.context;
  if (!trace || !ctx || !source.matching || source.kind?.id !== trace.kind) return undefined;
  const eol = options.eol ?? '\n';
  const link = encodeURI(options.sourceLink);
  const title = sourceTitle(source);
  const fm = ['---', `type: ${valueFor(kind, 'type')}`, `title: ${yamlString(title)}`, `${trace.frontMatterKey}: ${options.sourceLink}`, '---'];
  const parts: string[] = [fm.join(eol) + eol];
  if (kind.titleRequired) parts.push(`# ${kind.titleTemplate.replace(/\{\{\s*title\s*\}\}/g, title)}${eol}`);
  parts.push(`Generated from [the ${source.kind.title.toLowerCase()}](${link}). Replace each section's example text with what was actually built.${eol}`);

  const criteria = criteriaOf(ctx).filter((c) => c.id);
  const itemsOf = (sectionId: string): string[] => {
    const heading = headingFor(source.matching!, sectionId);
    if (!heading) return [];
    return ctx.body(heading).listItems.filter((i) => i.depth === 0).map((i) => i.text.replace(/^\[[ xX]\]\s*/, ''));
  };
  const sectionLink = (sectionId: string): string | undefined => {
    const heading = headingFor(source.matching!, sectionId);
    if (!heading) return undefined;
    // GitHub's anchor of that heading in the spec, with the -1, -2 of repeated headings.
    const anchor = documentAnchors(source.doc)[source.doc.headings.indexOf(heading.heading)] ?? headingSlug(heading.heading.text);
    return `${link}#${anchor}`;
  };

  const render = (spec: SectionSpec): string => {
    const lines: string[] = [`${'#'.repeat(spec.level)} ${spec.title}`];
    let body: string[] | undefined;
    if (spec.id === trace.criteriaSection && criteria.length) {
      body = criteria.map((c) => `- [ ] ${c.id}: ${c.text}`);
      const from = criteria[0] ? sectionLink(ctx.specFor(criteria[0].section)!.id) : undefined;
      if (from) body.push('', `From the [${source.kind!.title.toLowerCase()}'s criteria](${from}): tick each one that is met and say how it was verified; for an open one, say what is missing.`);
    } else if (spec.prefillFrom.length) {
      const items = spec.prefillFrom.flatMap(itemsOf);
      if (items.length) {
        body = items.map((t) => `- ${t}`);
        const links = spec.prefillFrom.map((id) => [id, sectionLink(id)] as const).filter(([, l]) => l);
        if (links.length) body.push('', `From the ${source.kind!.title.toLowerCase()}: ${links.map(([id, l]) => `[${source.kind!.allSections.find((s) => s.id === id)?.title ?? id}](${l})`).join(', ')}.`);
      }
    }
    if (body) lines.push('', ...body);
    else if (spec.template) lines.push('', ...spec.template.split(/\r?\n/));
    const children = spec.children.filter((c) => c.required || c.prefillFrom.length).map(render);
    return [lines.join(eol) + eol, ...children].join(eol);
  };
  for (const spec of kind.sections) {
    if (spec.required || spec.id === trace.criteriaSection || spec.prefillFrom.length) parts.push(render(spec));
  }
  return parts.join(eol);
}

function sourceTitle(source: Analysis): string {
  return frontMatterTitle(source.frontMatter) ?? source.matching?.title?.heading.text ?? 'Untitled';
}

function yamlString(value: string): string {
  return /[:#'"{}[\],&*!|>%@`]|^\s|\s$/.test(value) ? JSON.stringify(value) : value;
}
