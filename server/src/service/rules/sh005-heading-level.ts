import type { Rule, RuleFinding } from './rule';
import type { Fix } from '../types';
import type { SectionSpec } from '../schema/types';
import type { DocSection } from '../parse/document';
import { headingRange } from './ranges';

/** SH005: a section's heading has a level the schema does not accept (`level`: one level, a list or a range). */
export const headingLevel: Rule = {
  code: 'SH005',
  name: 'heading-level',
  description: 'A section heading uses a different level than the schema gives it.',
  defaultSeverity: 'warning',
  check({ doc, matching }) {
    const out: RuleFinding[] = [];
    // forEach rather than for…of over the entries: no entry arrays or spread copies per document (issue 20).
    const each = (spec: SectionSpec, section: DocSection): void => {
      const h = section.heading;
      if (h.level === spec.level || spec.levels.includes(h.level)) return;
      // The fix and the message name the level inserted headings use (the first listed, or the range's min).
      const fixes: Fix[] = [];
      if (h.style === 'atx') {
        fixes.push({
          title: `Change to a level ${spec.level} heading (${'#'.repeat(spec.level)})`,
          kind: 'rename',
          isPreferred: true,
          edits: [
            {
              range: {
                start: { line: h.line, character: h.markerStart },
                end: { line: h.line, character: h.markerEnd },
              },
              newText: '#'.repeat(spec.level),
            },
          ],
        });
      }
      out.push({
        message: `Section "${spec.title}" should be a level ${levelsText(spec.levels)} heading, not level ${h.level}.`,
        range: headingRange(doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes,
      });
    };
    matching.specOf.forEach(each);
    matching.nearMisses.forEach(each);
    return out;
  },
};

/** `4`, `4 or 5`, `3, 4 or 5`: the accepted levels in words. */
function levelsText(levels: readonly number[]): string {
  const sorted = [...levels].sort((a, b) => a - b);
  return sorted.length < 2 ? String(sorted[0]) : `${sorted.slice(0, -1).join(', ')} or ${sorted[sorted.length - 1]}`;
}
