/**
 * snippets/markdown.json is generated from the schemas by
 * scripts/gen-snippets.mjs. These tests check that the committed file is up
 * to date (drift), that every body is valid VS Code snippet syntax, that the
 * snippets we promise exist, and that expanding a generated snippet with its
 * defaults gives exactly the text the language service produces for new
 * documents and inserted sections (so a section is described once).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeService, repoRoot } from '../support/service';
import { sectionMarkdown } from '../../server/src/service/fixes/insert-section';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
interface Generator {
  generateSnippetsText(root?: string): Promise<string>;
  generateSnippets(root?: string): Promise<Record<string, Snippet>>;
  escapeSnippetText(text: string): string;
}

const snippetsFile = path.join(repoRoot, 'snippets', 'markdown.json');
const generatorUrl = pathToFileURL(path.join(repoRoot, 'scripts', 'gen-snippets.mjs')).href;
const loadGenerator = async (): Promise<Generator> => (await import(generatorUrl)) as Generator;

/** Variables VS Code resolves in snippets (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_variables). */
const VARIABLES = new Set([
  'TM_SELECTED_TEXT',
  'TM_CURRENT_LINE',
  'TM_CURRENT_WORD',
  'TM_LINE_INDEX',
  'TM_LINE_NUMBER',
  'TM_FILENAME',
  'TM_FILENAME_BASE',
  'TM_DIRECTORY',
  'TM_FILEPATH',
  'RELATIVE_FILEPATH',
  'CLIPBOARD',
  'WORKSPACE_NAME',
  'WORKSPACE_FOLDER',
  'CURSOR_INDEX',
  'CURSOR_NUMBER',
  'CURRENT_YEAR',
  'CURRENT_YEAR_SHORT',
  'CURRENT_MONTH',
  'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_DATE',
  'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR',
  'CURRENT_MINUTE',
  'CURRENT_SECOND',
  'CURRENT_SECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET',
  'RANDOM',
  'RANDOM_HEX',
  'UUID',
  'BLOCK_COMMENT_START',
  'BLOCK_COMMENT_END',
  'LINE_COMMENT',
]);

type Part =
  | { text: string }
  | { tabstop: number; children: Part[]; choice?: string[] }
  | { variable: string; children: Part[] };

/**
 * A strict parser for the snippet grammar we use: `$n`, `${n}`, `${n:…}`,
 * `${n|a,b|}`, `$VAR`, `${VAR}`, `${VAR:…}`; `\` escapes `$`, `}` and `\`.
 * Anything else after a `$`, a stray `\`, or a `}` outside a placeholder
 * throws — stricter than VS Code, which silently treats these as text.
 */
function parseSnippet(body: string): Part[] {
  let i = 0;
  const parseUntil = (inside: boolean): Part[] => {
    const parts: Part[] = [];
    let text = '';
    const flush = (): void => {
      if (text) parts.push({ text });
      text = '';
    };
    while (i < body.length) {
      const c = body[i];
      if (c === '\\') {
        const n = body[i + 1];
        if (n !== '$' && n !== '}' && n !== '\\') throw new Error(`stray backslash at ${i}`);
        text += n;
        i += 2;
      } else if (c === '}') {
        if (!inside) throw new Error(`unescaped } at ${i}`);
        flush();
        return parts;
      } else if (c === '$') {
        flush();
        parts.push(parseDollar());
      } else {
        text += c;
        i++;
      }
    }
    if (inside) throw new Error('unterminated placeholder');
    flush();
    return parts;
  };
  const parseDollar = (): Part => {
    i++; // $
    let m = /^\d+/.exec(body.slice(i));
    if (m) {
      i += m[0].length;
      return { tabstop: Number(m[0]), children: [] };
    }
    m = /^[A-Z_][A-Z_0-9]*/.exec(body.slice(i));
    if (m) {
      if (!VARIABLES.has(m[0])) throw new Error(`unknown variable $${m[0]}`);
      i += m[0].length;
      return { variable: m[0], children: [] };
    }
    if (body[i] !== '{') throw new Error(`unescaped $ at ${i - 1}`);
    i++;
    m = /^(\d+|[A-Z_][A-Z_0-9]*)/.exec(body.slice(i));
    if (!m) throw new Error(`bad placeholder at ${i}`);
    i += m[0].length;
    const isTabstop = /^\d/.test(m[0]);
    if (!isTabstop && !VARIABLES.has(m[0])) throw new Error(`unknown variable ${m[0]}`);
    const make = (children: Part[]): Part =>
      isTabstop ? { tabstop: Number(m![0]), children } : { variable: m![0], children };
    if (body[i] === '}') {
      i++;
      return make([]);
    }
    if (body[i] === ':') {
      i++;
      const children = parseUntil(true);
      i++; // }
      return make(children);
    }
    if (body[i] === '|' && isTabstop) {
      const end = body.indexOf('|}', i + 1);
      if (end < 0) throw new Error('unterminated choice');
      const choice = body
        .slice(i + 1, end)
        .split(/(?<!\\),/)
        .map((o) => o.replace(/\\(.)/g, '$1'));
      i = end + 2;
      return { tabstop: Number(m[0]), children: [], choice };
    }
    throw new Error(`bad placeholder at ${i}`);
  };
  return parseUntil(false);
}

/** The text a snippet inserts when every placeholder keeps its default (mirrors copy the first default, choices their first option). */
function expand(parts: Part[], defaults = new Map<number, string>()): string {
  const collect = (ps: Part[]): void => {
    for (const p of ps) {
      if ('tabstop' in p) {
        const value = p.choice ? p.choice[0] : expand(p.children, defaults);
        if (!defaults.has(p.tabstop) && (p.children.length || p.choice)) defaults.set(p.tabstop, value);
        collect(p.children);
      }
    }
  };
  collect(parts);
  return parts
    .map((p) => {
      if ('text' in p) return p.text;
      if ('variable' in p) return p.children.length ? expand(p.children, defaults) : `<${p.variable}>`;
      return p.choice
        ? p.choice[0]
        : p.children.length
          ? expand(p.children, defaults)
          : (defaults.get(p.tabstop) ?? '');
    })
    .join('');
}

const committed = (): Record<string, Snippet> =>
  JSON.parse(fs.readFileSync(snippetsFile, 'utf8')) as Record<string, Snippet>;
const bodies = (): Snippet[] => Object.values(committed());
const body = (prefix: string): string => {
  const snippet = bodies().find((s) => s.prefix === prefix);
  assert.ok(snippet, `no snippet ${prefix}`);
  return snippet.body.join('\n');
};

describe('snippets', () => {
  it('snippets/markdown.json is what scripts/gen-snippets.mjs generates now (run it after changing schemas/ or snippets/extra.yaml)', async () => {
    const generator = await loadGenerator();
    assert.equal(fs.readFileSync(snippetsFile, 'utf8'), await generator.generateSnippetsText(repoRoot));
  });

  it('every snippet has a prefix, a description and a valid body', () => {
    const prefixes = new Set<string>();
    for (const [name, snippet] of Object.entries(committed())) {
      assert.match(snippet.prefix, /^sh-[a-z0-9-]+$/, name);
      assert.ok(!prefixes.has(snippet.prefix), `duplicate prefix ${snippet.prefix}`);
      prefixes.add(snippet.prefix);
      assert.ok(snippet.description.trim(), `${name}: description`);
      assert.ok(Array.isArray(snippet.body) && snippet.body.length, `${name}: body`);
      assert.doesNotThrow(() => parseSnippet(snippet.body.join('\n')), `${name}: invalid snippet body`);
    }
  });

  it('the parser rejects unescaped $ and } and accepts escaped ones', () => {
    assert.throws(() => parseSnippet('costs $ 5 or $.'));
    assert.throws(() => parseSnippet('${1:a } b}'));
    assert.throws(() => parseSnippet('a } b'));
    assert.throws(() => parseSnippet('$NOT_A_VARIABLE'));
    assert.equal(expand(parseSnippet('costs \\$5 \\} \\\\ ${1:x\\}y} $1')), 'costs $5 } \\ x}y x}y');
  });

  it('escapeSnippetText round-trips awkward text through a placeholder', async () => {
    const { escapeSnippetText } = await loadGenerator();
    const text = 'Use `${VAR}` and $HOME, {a: 1}, C:\\path\\ and $$ {{title}} }';
    assert.equal(expand(parseSnippet(`\${1:${escapeSnippetText(text)}}`)), text);
  });

  it('has the promised snippets', () => {
    const prefixes = new Set(Object.values(committed()).map((s) => s.prefix));
    for (const p of [
      'sh-spec',
      'sh-handoff',
      'sh-spec-acceptance-criteria',
      'sh-spec-summary',
      'sh-handoff-what-was-built',
      'sh-ac',
      'sh-ac-gwt',
      'sh-item-question',
      'sh-item-decision',
      'sh-item-progress',
      'sh-comment-blocking',
      'sh-comment-suggestion',
      'sh-comment-nit',
    ])
      assert.ok(prefixes.has(p), `missing snippet ${p}`);
    assert.match(body('sh-ac'), /^- \[ \] /);
    assert.match(body('sh-ac-gwt'), /Given .*when .*then /);
    for (const label of ['blocking', 'suggestion', 'nit'])
      assert.match(body(`sh-comment-${label}`), new RegExp(`^- ${label}: [^]*because[^]*Preferred approach`));
    assert.match(body('sh-item-decision'), /because/);
    assert.match(body('sh-item-question'), /Leaning/);
  });

  it('a whole-document snippet exists for every built-in kind', () => {
    const service = makeService();
    const builtinDir = path.join(repoRoot, 'schemas');
    for (const kind of service.registry.kinds) {
      if (path.dirname(kind.source) !== builtinDir) continue;
      assert.ok(
        bodies().some((s) => s.prefix === `sh-${kind.id}`),
        `no snippet sh-${kind.id}`,
      );
    }
  });

  it('item snippets, expanded, satisfy the rules of the sections they are meant for', () => {
    const service = makeService();
    const check = (kindId: string, sectionTitle: string, prefix: string, codes: string[]): void => {
      const item = expand(parseSnippet(body(prefix)));
      const text = `${service.newDocument(kindId, 'Snippet check')!.trimEnd()}\n\n## ${sectionTitle}\n\n${item}\n`;
      const findings = service.analyze({ text, kindId }).findings;
      const startLine = text.split('\n').length - item.split('\n').length - 1;
      const hits = findings.filter((f) => codes.includes(f.code) && f.range.start.line >= startLine);
      assert.deepEqual(
        hits.map((f) => `${f.code}: ${f.message}`),
        [],
        `${prefix} in ${kindId} / ${sectionTitle}`,
      );
    };
    for (const label of ['blocking', 'suggestion', 'nit'])
      check('review', 'Comments', `sh-comment-${label}`, ['SH021']);
    check('spec', 'Acceptance criteria', 'sh-ac-gwt', ['SH008', 'SH014']);
    check('spec', 'Acceptance criteria', 'sh-ac', ['SH008', 'SH014']);
  });

  it("a whole-document snippet expands to exactly the service's new-document text", () => {
    const service = makeService();
    const snippets = Object.values(committed());
    for (const kind of service.registry.kinds) {
      const snippet = snippets.find((s) => s.prefix === `sh-${kind.id}`);
      if (!snippet) continue; // a workspace-only kind
      assert.equal(
        expand(parseSnippet(snippet.body.join('\n'))) + '\n',
        service.newDocument(kind.id, 'Title'),
        kind.id,
      );
    }
    assert.ok(snippets.some((s) => s.prefix === 'sh-spec') && snippets.some((s) => s.prefix === 'sh-handoff'));
  });

  it('a section snippet expands to exactly the text the insert-section quick fix uses', () => {
    const service = makeService();
    const snippets = Object.values(committed());
    let checked = 0;
    for (const kind of service.registry.kinds) {
      for (const spec of kind.allSections) {
        const snippet = snippets.find((s) => s.prefix === `sh-${kind.id}-${spec.id}`);
        assert.ok(snippet, `no snippet for ${kind.id}/${spec.id}`);
        assert.equal(
          expand(parseSnippet(snippet.body.join('\n'))) + '\n',
          sectionMarkdown(spec, '\n'),
          `${kind.id}/${spec.id}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 10);
  });

  it('a section skeleton made once per section is the one built afresh, per line ending and with or without optional subsections', () => {
    // sectionMarkdown keeps the skeleton text by section; a bodyOf that copies nothing takes the uncached path.
    const service = makeService();
    const copiesNothing = () => undefined;
    for (const kind of service.registry.kinds)
      for (const spec of kind.allSections)
        for (const includeOptional of [true, false])
          for (const eol of ['\r\n', '\n', '\r\n']) {
            const fresh = sectionMarkdown(spec, eol, includeOptional, copiesNothing);
            assert.equal(
              sectionMarkdown(spec, eol, includeOptional),
              fresh,
              `${kind.id}/${spec.id} ${JSON.stringify(eol)}`,
            );
            assert.equal(fresh.includes('\r\n'), eol === '\r\n' && fresh.includes('\n'));
          }
  });
});
