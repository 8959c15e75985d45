/**
 * Inline suppressions: HTML comments (invisible on GitHub) that silence
 * findings. One comment per line, outside code blocks and front matter:
 *
 *   <!-- spec-handoff-disable SH014 vague-words -->      from here on (until -enable)
 *   <!-- spec-handoff-enable SH014 -->                    back on from here
 *   <!-- spec-handoff-disable-next-line SH014 -->         the line after the comment only
 *   <!-- spec-handoff-disable-file SH001 -->              the whole file, wherever it is written
 *
 * Rules are named by code or name, in any case, separated by spaces or
 * commas; none means every rule. Text after ` -- ` is a reason, ignored.
 * A finding is suppressed when its first line is covered. The orchestrator
 * (analyze.ts) applies them; nothing else filters findings.
 */
import type { ParsedDocument } from './parse/document';
import type { Finding, Range, Severity } from './types';
import { findRule } from './rules';

export const DIRECTIVE_PREFIX = 'spec-handoff-';

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Rule codes named (upper case), or undefined for every rule. */
  codes: string[] | undefined;
  /** Names written that are no rule, as written. */
  unknown: string[];
  line: number;
  range: Range;
}

const DIRECTIVE = /<!--\s*spec-handoff-(disable-next-line|disable-file|disable|enable)(?=[\s,]|-->)(.*?)-->/g;

/** Every suppression comment of a document, in line order (code blocks and front matter are not read). */
export function readDirectives(doc: ParsedDocument): Directive[] {
  const out: Directive[] = [];
  // Most documents have none: one search of the whole text instead of one per line.
  if (!doc.text.includes(DIRECTIVE_PREFIX)) return out;
  for (let line = 0; line < doc.lines.length; line++) {
    const kind = doc.lineKinds[line];
    if (kind === 'fence' || kind === 'code' || kind === 'frontMatter') continue;
    const text = doc.lines[line];
    if (!text.includes(DIRECTIVE_PREFIX)) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      const list = m[2].split(/\s--\s|\s--$/)[0];
      const names = list.split(/[\s,]+/).filter((n) => n !== '');
      const codes: string[] = [];
      const unknown: string[] = [];
      for (const name of names) {
        const rule = findRule(name);
        if (rule) codes.push(rule.code);
        else unknown.push(name);
      }
      const start = m.index ?? 0;
      out.push({
        kind: m[1] as DirectiveKind,
        codes: names.length === 0 ? undefined : codes,
        unknown,
        line,
        range: { start: { line, character: start }, end: { line, character: start + m[0].length } },
      });
    }
  }
  return out;
}

export interface SuppressionResult {
  kept: Finding[];
  suppressed: Finding[];
  /** Findings about the directives themselves (`--report-unused-disable`): unused ones and unknown rule names. */
  unused: Finding[];
}

export const UNUSED_DISABLE_CODE = 'SH099';
export const UNUSED_DISABLE_RULE = 'unused-disable';

/**
 * Splits findings into kept and suppressed. With `reportUnused`, every
 * disable directive (or rule named in it) that silenced nothing, and every
 * rule name that is no rule, becomes a finding of that severity.
 */
export function applySuppressions(
  doc: ParsedDocument,
  findings: Finding[],
  reportUnused: Severity | undefined,
): SuppressionResult {
  const directives = readDirectives(doc);
  if (directives.length === 0) return { kept: findings, suppressed: [], unused: [] };
  // Each directive × code (undefined = all) that suppressed at least one finding.
  const used = new Set<string>();
  const keyOf = (d: Directive, code: string | undefined): string =>
    `${d.line}:${d.range.start.character}:${code ?? '*'}`;

  const fileWide = directives.filter((d) => d.kind === 'disable-file');
  const nextLine = directives.filter((d) => d.kind === 'disable-next-line');
  const ranged = directives.filter((d) => d.kind === 'disable' || d.kind === 'enable');

  const covering = (finding: Finding): { directive: Directive; code: string | undefined } | undefined => {
    const line = finding.range.start.line;
    const names = (d: Directive): boolean => d.codes === undefined || d.codes.includes(finding.code);
    const pick = (d: Directive) => ({ directive: d, code: d.codes === undefined ? undefined : finding.code });
    for (const d of nextLine) if (d.line + 1 === line && names(d)) return pick(d);
    // The last disable/enable above the line that mentions this rule decides.
    let state: Directive | undefined;
    for (const d of ranged) {
      if (d.line > line) break;
      if (!names(d)) continue;
      state = d.kind === 'disable' ? d : undefined;
    }
    if (state) return pick(state);
    for (const d of fileWide) if (names(d)) return pick(d);
    return undefined;
  };

  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const by = findRule(finding.code) ? covering(finding) : undefined; // SH000 (a notice, not a rule) is never silenced
    if (!by) {
      kept.push(finding);
      continue;
    }
    used.add(keyOf(by.directive, by.code));
    suppressed.push(finding);
  }

  const unused: Finding[] = [];
  if (reportUnused) {
    const report = (d: Directive, message: string): void => {
      unused.push({
        code: UNUSED_DISABLE_CODE,
        rule: UNUSED_DISABLE_RULE,
        severity: reportUnused,
        message,
        range: d.range,
        fixes: [],
      });
    };
    for (const d of directives) {
      for (const name of d.unknown)
        report(d, `"${name}" in this spec-handoff-${d.kind} comment is no rule code or name: it suppresses nothing.`);
      if (d.kind === 'enable') continue;
      if (d.codes === undefined) {
        if (!used.has(keyOf(d, undefined)))
          report(d, `Unused spec-handoff-${d.kind} comment: no finding was suppressed by it.`);
        continue;
      }
      for (const code of d.codes)
        if (!used.has(keyOf(d, code)))
          report(d, `Unused spec-handoff-${d.kind} for ${code}: no ${code} finding was suppressed by it.`);
    }
  }
  return { kept, suppressed, unused };
}

/** The comment that suppresses a rule on the next line or in the whole file. */
export function directiveText(kind: 'disable-next-line' | 'disable-file', code: string): string {
  return `<!-- ${DIRECTIVE_PREFIX}${kind} ${code} -->`;
}
