import type { Rule, RuleFinding } from './rule';
import type { Fix, TextEdit } from '../types';
import { quote } from './quote';
import { criteriaRoles, schemaSectionOf } from '../analysis/criteria';

/**
 * SH008: every item must be a task item `- [ ] …` in a section with `rules.checklist: true` (its own body)
 * and, when the kind's `criteria.style` is `checklist`, everywhere criteria are (the criteria sections'
 * subtrees). With style `list` or `any` criteria are never asked to become checkboxes.
 */
export const criteriaCheckable: Rule = {
  code: 'SH008',
  name: 'criteria-not-checkable',
  description: 'An item in a checklist section (such as acceptance criteria) is not a checkable task item.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    const roles = ctx.kind.criteria.style === 'checklist' ? criteriaRoles(ctx) : undefined;
    for (const section of ctx.doc.sections) {
      const own = ctx.specFor(section);
      const asCriteria = roles?.get(section) === 'items';
      if (!own?.rules.checklist && !asCriteria) continue;
      // A heading the schema does not know (`#### Export` grouping criteria) is reported under its schema ancestor.
      const spec = schemaSectionOf(ctx, section);
      if (!spec) continue;
      const body = ctx.body(section);
      const edits: { edit: TextEdit; more?: TextEdit[]; line: number; from: number; to: number; text: string }[] = [];
      for (const item of body.listItems) {
        if (item.depth !== 0 || item.checked !== null) continue;
        const at = { line: item.line, character: item.contentColumn };
        edits.push({
          edit: { range: { start: at, end: at }, newText: '[ ] ' },
          line: item.line,
          from: item.column,
          to: ctx.doc.lines[item.line].length,
          text: item.text,
        });
      }
      // Prose is taken for checklist items only where the section itself asks for a checklist (`rules.checklist`):
      // criteria are list items, and under a grouping heading or in an inserted skeleton ("TODO") prose is none.
      if (!body.listItems.length && own?.rules.checklist) {
        // Criteria written as plain paragraphs: each becomes a task item.
        for (const p of body.paragraphs) {
          const at = { line: p.line, character: p.column };
          // Later lines of the paragraph that start like an ordered item other than "1." ("2. …") could
          // not interrupt it, but once the first line is a list item they become items of their own:
          // make them checkable in the same fix. "[ ]" is a checkbox only when whitespace and text follow it
          // ("2. [ ]AC-1" is a plain item), as GFM reads it.
          const more: TextEdit[] = [];
          for (let l = p.line + 1; l <= p.endLine; l++) {
            const m = /^( {0,3}\d{1,9}[.)][ \t]+)(?!\[[ xX]\][ \t]+\S)/.exec(ctx.doc.lines[l]);
            if (m)
              more.push({
                range: { start: { line: l, character: m[1].length }, end: { line: l, character: m[1].length } },
                newText: '[ ] ',
              });
          }
          // A line indented under the new item after a blank line (e.g. "   ```") would become part of
          // it (CommonMark): end the list before it, so what follows keeps its reading.
          let next = p.endLine + 1;
          while (next < section.ownEnd && ctx.doc.lines[next].trim() === '') next++;
          if (
            next > p.endLine + 1 &&
            next < section.ownEnd &&
            /^\s*/.exec(ctx.doc.lines[next])![0].replace(/\t/g, '    ').length >= p.column + 2
          ) {
            const at2 = { line: next, character: 0 };
            more.push({ range: { start: at2, end: at2 }, newText: `<!-- -->${ctx.doc.eol}${ctx.doc.eol}` });
          }
          edits.push({
            edit: { range: { start: at, end: at }, newText: '- [ ] ' },
            more,
            line: p.line,
            from: p.column,
            to: ctx.doc.lines[p.line].length,
            text: p.text,
          });
        }
      }
      const convertAll: Fix | undefined =
        edits.length > 1
          ? {
              title: `Turn all ${edits.length} items in "${spec.title}" into checklist items`,
              kind: 'insert',
              isPreferred: false,
              edits: edits.flatMap((e) => [e.edit, ...(e.more ?? [])]),
            }
          : undefined;
      for (const e of edits) {
        const own: Fix = {
          title: 'Turn into a checklist item',
          kind: 'insert',
          isPreferred: true,
          edits: [e.edit, ...(e.more ?? [])],
        };
        out.push({
          message: `"${spec.title}" items must be checkable: write "- [ ] ${quote(e.text, 40)}" so a reviewer can tick it off.`,
          range: { start: { line: e.line, character: e.from }, end: { line: e.line, character: e.to } },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: convertAll ? [own, convertAll] : [own],
        });
      }
    }
    return out;
  },
};
