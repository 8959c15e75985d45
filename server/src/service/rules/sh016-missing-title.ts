import type { Rule } from './rule';
import { insertBlockEdits } from '../fixes/insert-section';
import { frontMatterTitle } from '../parse/frontmatter';

/** SH016: the document has no level 1 title (for kinds that want one). */
export const missingTitle: Rule = {
  code: 'SH016',
  name: 'missing-title',
  description: 'The document has no level 1 title heading.',
  defaultSeverity: 'warning',
  check({ doc, kind, matching, frontMatter }) {
    if (!kind.titleRequired || matching.title) return [];
    // Front matter that is never closed (SH011): a title inserted above it would turn it into body text.
    const canFix = doc.unclosedFrontMatterLine === undefined;
    const line = doc.frontMatter ? doc.frontMatter.endLine + 1 : 0;
    const fmTitle = frontMatterTitle(frontMatter);
    const title = kind.titleTemplate.replace(/\{\{\s*title\s*\}\}/g, fmTitle ?? `${kind.title} title`);
    const edits = insertBlockEdits(doc, Math.min(line, doc.lines.length), `# ${title}${doc.eol}`);
    return [
      {
        message: `A ${kind.title} needs a level 1 title ("# …") so readers and the outline know what it is.`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: doc.lines[0]?.length ?? 0 } },
        fixes: canFix ? [{ title: `Add a title "# ${title}"`, kind: 'insert', isPreferred: true, edits }] : [],
      },
    ];
  },
};
