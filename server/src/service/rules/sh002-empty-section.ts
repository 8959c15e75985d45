import type { Rule, RuleContext } from './rule';
import type { DocSection } from '../parse/document';
import { headingRange } from './ranges';
import { stripPlaceholders } from './placeholders';

/** SH002: a section with nothing in it but whitespace, comments, placeholders, or its untouched template. */
export const emptySection: Rule = {
  code: 'SH002',
  name: 'empty-section',
  description: 'A section has no content of its own: only whitespace, comments, placeholders, or the unchanged template.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec) continue;
      const state = sectionEmptiness(ctx, section, spec.template);
      if (state === 'filled') continue;
      out.push({
        message: state === 'template'
          ? `Section "${spec.title}" still holds the template's example text; replace it with this document's own content.`
          : `Section "${spec.title}" is empty.${spec.guidance ? ' Hover the heading to see what belongs here.' : ''}`,
        range: headingRange(ctx.doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes: [],
      });
    }
    return out;
  },
};

/** 'empty' when the section (with its subsections) has no real content, 'template' when its own body is the template verbatim. */
export function sectionEmptiness(ctx: RuleContext, section: DocSection, template: string): 'empty' | 'template' | 'filled' {
  const { doc } = ctx;
  const ownLines: string[] = [];
  let hasContent = false;
  for (let i = section.bodyStart; i < section.ownEnd; i++) {
    const kind = doc.lineKinds[i];
    if (kind === 'blank' || kind === 'comment') continue;
    ownLines.push(doc.lines[i]);
    if (kind === 'code' || kind === 'fence') { hasContent = true; continue; }
    if (/[\p{L}\p{N}]/u.test(stripPlaceholders(doc.lines[i], ctx.kind.placeholders))) hasContent = true;
  }
  if (hasContent) {
    if (template && squash(ownLines.join('\n')) === squash(template)) return 'template';
    return 'filled';
  }
  // A parent whose content lives in its subsections is not empty.
  return section.children.length > 0 ? 'filled' : 'empty';
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
