import type { Rule, RuleFinding } from './rule';
import { quote } from './quote';

/** Error → behaviour separators, or verbs that describe what the system does. */
const BEHAVIOUR =
  /(?::|→|->|=>|—|–)\s*\S|\b(?:return|respond|show|display|retr(?:y|ie)|log|fail|reject|abort|fall(?:s|ing)? back|fell back|alert|page|redirect|raise|throw|emit|skip|ignore|queue|notif(?:y|ie)|mark|cancel|roll(?:s|ed)? back|stop|wait|answer|send|sent)\w*/i;

/** SH020: an error listed in an error-handling section without what happens when it occurs. */
export const errorBehaviour: Rule = {
  code: 'SH020',
  name: 'error-without-behaviour',
  description: 'An error listed in an error-handling section does not say what the system does when it happens.',
  defaultSeverity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const section of ctx.doc.sections) {
      const spec = ctx.specFor(section);
      if (!spec?.rules.errorBehaviour) continue;
      for (const item of ctx.body(section).listItems) {
        if (item.depth !== 0) continue;
        const full = ctx.doc.lines
          .slice(item.line, item.endLine + 1)
          .join(' ')
          .slice(0, 5000);
        const words = item.text.replace(/`[^`]*`/g, 'x');
        if (BEHAVIOUR.test(words) || BEHAVIOUR.test(full.slice(item.contentColumn))) continue;
        out.push({
          message: `Error "${quote(item.text, 50)}" has no behaviour: say what the user sees and what the system does (e.g. "→ 503, retry after 30 s").`,
          range: {
            start: { line: item.line, character: item.column },
            end: { line: item.line, character: ctx.doc.lines[item.line].length },
          },
          sectionId: spec.id,
          sectionTitle: spec.title,
          fixes: [],
        });
      }
    }
    return out;
  },
};
