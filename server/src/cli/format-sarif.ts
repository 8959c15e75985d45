/**
 * SARIF 2.1.0 output for GitHub code scanning and other SARIF viewers: one
 * run, every rule described (with its help page), results with 1-based
 * regions relative to %SRCROOT% (the current folder) and a stable partial
 * fingerprint so alerts keep their identity across runs.
 */
import type * as Crypto from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Severity } from '../service';
import type { CheckReport } from './model';
import { isInside, relativePath } from './paths';
import { packageInfo, ruleHelpUri } from './package-info';
import { ruleDocMarkdown } from '../node/rule-docs';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri: string;
  /** The rule's page itself, so code scanning shows it without a web site. */
  help?: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
}

/** Findings the engine makes outside the rule list (SH000: large document; SH099: unused suppression comment). */
const EXTRA_RULES = [
  {
    code: 'SH000',
    name: 'large-document',
    description: 'The document is very large: deep content checks used a faster line-based reading.',
    defaultSeverity: 'information' as Severity,
  },
  {
    code: 'SH099',
    name: 'unused-disable',
    description: 'A spec-handoff-disable comment suppresses nothing (check --report-unused-disable).',
    defaultSeverity: 'warning' as Severity,
  },
];

export function toSarif(report: CheckReport): unknown {
  const info = packageInfo();
  const rules: RuleDescriptor[] = [...RULES, ...EXTRA_RULES].map((r) =>
    describe(r.code, r.name, r.description, r.defaultSeverity),
  );
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const ruleIndex = (code: string, name: string, severity: Severity): number => {
    let i = index.get(code);
    if (i === undefined) {
      i = rules.push(describe(code, name, name, severity)) - 1;
      index.set(code, i);
    }
    return i;
  };

  const results: unknown[] = [];
  for (const file of report.files) {
    const uri = artifactUri(report.cwd, file.absPath);
    const seen = new Map<string, number>();
    for (const f of file.findings) {
      const hash = (require('node:crypto') as typeof Crypto) // loaded here: a start-up cost for every other format
        .createHash('sha256')
        .update(`${f.code}\u0000${file.path}\u0000${f.message}`)
        .digest('hex')
        .slice(0, 32);
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex(f.code, f.rule, f.severity),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: uri,
              region: {
                startLine: f.range.start.line + 1,
                startColumn: f.range.start.character + 1,
                endLine: f.range.end.line + 1,
                endColumn: f.range.end.character + 1,
              },
            },
          },
        ],
        partialFingerprints: { 'specHandoffFindingHash/v1': `${hash}:${occurrence}` },
        ...(f.sectionId ? { properties: { sectionId: f.sectionId, sectionTitle: f.sectionTitle ?? null } } : {}),
      });
    }
  }

  const configurationNotifications = report.problems.map((p) => ({
    level: p.severity === 'error' ? 'error' : 'warning',
    message: { text: p.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactUri(report.cwd, p.source),
          region: { startLine: p.line + 1, startColumn: p.column + 1 },
        },
      },
    ],
  }));
  const executionNotifications = report.files
    .filter((f) => f.error || f.skipped)
    .map((f) => ({
      level: f.error ? 'error' : 'note',
      message: { text: f.error ?? f.skipped ?? '' },
      locations: [{ physicalLocation: { artifactLocation: artifactUri(report.cwd, f.absPath) } }],
    }));

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spec-handoff',
            informationUri: info.homepage,
            version: info.version,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
        invocations: [
          {
            executionSuccessful: !report.problems.some((p) => p.severity === 'error') && report.totals.failed === 0,
            toolConfigurationNotifications: configurationNotifications,
            toolExecutionNotifications: executionNotifications,
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport): string {
  return JSON.stringify(toSarif(report), null, 2) + '\n';
}

function describe(code: string, name: string, description: string, severity: Severity): RuleDescriptor {
  const page = ruleDocMarkdown(code);
  return {
    id: code,
    name,
    shortDescription: { text: description },
    helpUri: ruleHelpUri(code),
    ...(page ? { help: { text: page, markdown: page } } : {}),
    defaultConfiguration: { level: sarifLevel(severity) },
  };
}

/** Relative to %SRCROOT% when inside the current folder; otherwise an absolute file URI. */
function artifactUri(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  if (isInside(cwd, abs))
    return { uri: relativePath(cwd, abs).split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(abs).href };
}
