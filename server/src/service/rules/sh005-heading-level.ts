import type { Rule, RuleFinding } from './rule';
import type { Fix } from '../types';
import { headingRange } from './ranges';

/** SH005: a section's heading has a different level than the schema says. */
export const headingLevel: Rule = {
  code: 'SH005',
  name: 'heading-level',
  description: 'A section heading uses a different level than the schema gives it.',
  defaultSeverity: 'warning',
  check({ doc, matching }) {
    const out: RuleFinding[] = [];
    for (const [section, spec] of [...matching.specOf, ...matching.nearMisses]) {
      const h = section.heading;
      if (h.level === spec.level) continue;
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
        message: `Section "${spec.title}" should be a level ${spec.level} heading, not level ${h.level}.`,
        range: headingRange(doc, section),
        sectionId: spec.id,
        sectionTitle: spec.title,
        fixes,
      });
    }
    return out;
  },
};
