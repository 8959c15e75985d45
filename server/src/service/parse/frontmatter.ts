/**
 * Front matter: the YAML between the leading `---` fences, parsed with
 * positions so diagnostics land on the right line of the markdown file.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ScannedDocument } from './scanner';

export interface FrontMatterError {
  /** Zero-based line in the markdown document. */
  line: number;
  column: number;
  message: string;
}

export interface FrontMatterInfo {
  present: boolean;
  /** The parsed value when the YAML is well-formed; a mapping is expected. */
  data: Record<string, unknown> | undefined;
  errors: FrontMatterError[];
  /** For locating keys: the YAML document and its line counter; line offset is `firstLine`. */
  yaml: Document | undefined;
  lineCounter: LineCounter | undefined;
  /** Markdown line of the first YAML line (the one after `---`). */
  firstLine: number;
  /** TOML (`+++`) front matter: its top-level string, number and boolean keys are read; it is not validated or fixed. */
  toml?: boolean;
}

/**
 * The top-level `key = value` pairs of TOML front matter with a string,
 * number or boolean value (enough for `type` and `title`); tables, arrays
 * and anything else are not read.
 */
function readTomlKeys(toml: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) break; // a table: top-level keys end here
    const m = /^([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    const key = m[1].replace(/^["']|["']$/g, '');
    const value = m[2].replace(/\s+#.*$/, '');
    if (/^"(?:[^"\\]|\\.)*"$/.test(value)) {
      try {
        data[key] = JSON.parse(value);
      } catch {
        data[key] = value.slice(1, -1);
      }
    } else if (/^'[^']*'$/.test(value)) data[key] = value.slice(1, -1);
    else if (value === 'true' || value === 'false') data[key] = value === 'true';
    else if (/^[+-]?\d+(?:\.\d+)?$/.test(value)) data[key] = Number(value);
  }
  return data;
}

/** Aliases beyond this count are refused: a "billion laughs" YAML must not blow up memory. */
const MAX_ALIASES = 100;
/** YAML errors reported per front matter block. */
const MAX_ERRORS = 5;
/**
 * Front matter that may nest deeper than this is not parsed. The YAML parser
 * recurses once per level, so thousands of levels ("- - - - …") overflow the
 * stack — or not, depending on how deep the stack already was: the same text
 * gave "Maximum call stack size exceeded" when analysed after an edit and a
 * parse error when analysed afresh (a fast-check run found it). Deciding by a
 * bound on the depth gives every caller the same answer. The parser read
 * 1,800 levels in our tests; real front matter stays under 20.
 */
export const MAX_FRONT_MATTER_NESTING = 400;

/**
 * An upper bound on the YAML's nesting depth, read without parsing: a block
 * level takes at least one column of indentation or one "- ", "? " or ": "
 * at a line's start (a mapping's sequence may share its column, hence twice
 * those), and a flow level one "[" or "{" (counted even inside quotes: only
 * ever too many).
 */
export function frontMatterNestingBound(yaml: string): number {
  let block = 0;
  let flow = 0;
  let maxFlow = 0;
  for (const line of yaml.split('\n')) {
    let k = 0;
    while (k < line.length && (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9)) k++;
    let indicators = 0;
    for (;;) {
      const c = line.charCodeAt(k);
      const after = k + 1 < line.length ? line.charCodeAt(k + 1) : 32;
      if (!((c === 45 || c === 63 || c === 58) && (after === 32 || after === 9))) break;
      indicators++;
      k += 2;
      while (k < line.length && (line.charCodeAt(k) === 32 || line.charCodeAt(k) === 9)) k++;
    }
    block = Math.max(block, 2 * (k + indicators) + 2);
    for (; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 91 || c === 123) maxFlow = Math.max(maxFlow, ++flow);
      else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
  }
  return block + maxFlow;
}

export function readFrontMatter(doc: ScannedDocument): FrontMatterInfo {
  const fm = doc.frontMatter;
  if (!fm) {
    const errors: FrontMatterError[] =
      doc.unclosedFrontMatterLine !== undefined
        ? [
            {
              line: doc.unclosedFrontMatterLine,
              column: 0,
              message: 'Front matter starts with "---" but has no closing "---" line.',
            },
          ]
        : [];
    return { present: false, data: undefined, errors, yaml: undefined, lineCounter: undefined, firstLine: 1 };
  }
  const firstLine = fm.startLine + 1;
  if (fm.toml)
    return {
      present: true,
      data: readTomlKeys(fm.yaml),
      errors: [],
      yaml: undefined,
      lineCounter: undefined,
      firstLine,
      toml: true,
    };
  if (frontMatterNestingBound(fm.yaml) > MAX_FRONT_MATTER_NESTING)
    return {
      present: true,
      data: undefined,
      errors: [
        {
          line: firstLine,
          column: 0,
          message: `Front matter may nest deeper than ${MAX_FRONT_MATTER_NESTING} levels: it was not read.`,
        },
      ],
      yaml: undefined,
      lineCounter: undefined,
      firstLine,
    };
  const lineCounter = new LineCounter();
  let yaml: ReturnType<typeof parseDocument>;
  try {
    yaml = parseWithoutStacks(fm.yaml, lineCounter);
  } catch (error) {
    // The YAML parser recurses once per nesting level: "- - - - …" thousands deep overflows its
    // stack. Report it on the front matter instead of losing the whole document.
    const message =
      error instanceof RangeError
        ? 'Front matter is nested too deeply to read.'
        : `Front matter could not be read: ${(error as Error).message}`;
    return {
      present: true,
      data: undefined,
      errors: [{ line: firstLine, column: 0, message }],
      yaml: undefined,
      lineCounter: undefined,
      firstLine,
    };
  }
  // One finding per distinct problem, and a few at most: a pathological block can yield hundreds.
  const distinct = yaml.errors
    .filter((e, i, all) => all.findIndex((o) => o.message === e.message) === i)
    .slice(0, MAX_ERRORS);
  const errors: FrontMatterError[] = distinct.map((e) => {
    // Positions from the offset itself: yaml's LineCounter can miss a line break inside a plain
    // scalar that failed to parse, which put errors on the line above (and past its end).
    const offset = Math.min(Math.max(0, e.pos[0]), fm.yaml.length);
    const lineStart = fm.yaml.lastIndexOf('\n', offset - 1) + 1;
    let line = 0;
    for (let i = fm.yaml.indexOf('\n'); i >= 0 && i < offset; i = fm.yaml.indexOf('\n', i + 1)) line++;
    return { line: firstLine + line, column: offset - lineStart, message: e.message.split('\n')[0] };
  });
  let data: Record<string, unknown> | undefined;
  if (!errors.length) {
    try {
      const value: unknown = yaml.toJS({ maxAliasCount: MAX_ALIASES });
      if (value === null || value === undefined) data = {};
      else if (typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
      else errors.push({ line: firstLine, column: 0, message: 'Front matter must be a mapping of keys to values.' });
    } catch (error) {
      errors.push({ line: firstLine, column: 0, message: (error as Error).message });
    }
  }
  return { present: true, data, errors, yaml, lineCounter, firstLine };
}

/**
 * `parseDocument` with no stack traces captured for its errors. Broken YAML
 * can yield an error per token — thousands on one long line ("- [ ] - [ ] …"
 * took 110–200 ms an analysis, nearly all of it collecting the stacks of
 * errors of which five are shown). Messages and positions are unchanged.
 */
function parseWithoutStacks(text: string, lineCounter: LineCounter): ReturnType<typeof parseDocument> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseDocument(text, { lineCounter, prettyErrors: false });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The `title:` value on one line (YAML folds a plain scalar across lines,
 * and a title written into a heading must not carry a line break), or
 * undefined when there is no non-blank string title.
 */
export function frontMatterTitle(info: FrontMatterInfo): string | undefined {
  const t = info.data?.title;
  const flat = typeof t === 'string' ? t.replace(/\s+/g, ' ').trim() : '';
  return flat || undefined;
}

/** The `type:` value, if the front matter has a string one. */
export function frontMatterType(info: FrontMatterInfo): string | undefined {
  const t = info.data?.type;
  return typeof t === 'string' ? t : undefined;
}
