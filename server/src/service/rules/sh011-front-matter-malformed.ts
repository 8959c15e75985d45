import type { Rule } from './rule';

/** SH011: the front matter is not well-formed YAML (or never closed). */
export const frontMatterMalformed: Rule = {
  code: 'SH011',
  name: 'front-matter-malformed',
  description:
    'The YAML front matter cannot be read: a syntax error, a missing closing "---", or a refused alias bomb.',
  defaultSeverity: 'error',
  check({ doc, frontMatter }) {
    return frontMatter.errors.map((e) => {
      const length = doc.lines[e.line]?.length ?? 0;
      return {
        message: `Front matter YAML: ${e.message}`,
        range: {
          start: { line: e.line, character: Math.min(Math.max(0, e.column), length) },
          end: { line: e.line, character: length },
        },
        fixes: [],
      };
    });
  },
};
