/**
 * The extension manifest (package.json) is checked statically: every command
 * has a title and category, everything the menus, views, welcome content and
 * walkthrough refer to exists, every setting is documented, and each file the
 * manifest names is in the repository.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/service';
import {
  COMMANDS,
  CONFIG_SECTION,
  CONTEXT,
  REVIEW_COMMENT_CONTROLLER,
  VIEW_CHECKLIST,
  VIEW_CONTAINER,
  VIEW_DECISIONS,
  VIEW_DOCUMENTS,
} from '../../client/src/ids';
import { ClientCommands, SETTINGS_SECTION } from '../../server/src/protocol';

interface CommandContribution {
  command: string;
  title?: string;
  category?: string;
  icon?: string;
}
interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
interface Manifest {
  main: string;
  icon?: string;
  engines: { vscode: string };
  activationEvents?: string[];
  devDependencies?: Record<string, string>;
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | string; description?: string };
    virtualWorkspaces?: boolean | { supported: boolean | string; description?: string };
  };
  contributes: {
    commands: CommandContribution[];
    menus: Record<string, MenuItem[]>;
    viewsContainers: Record<string, { id: string; title: string; icon: string }[]>;
    views: Record<string, { id: string; name: string; icon?: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: {
      title: string;
      properties: Record<
        string,
        { markdownDescription?: string; description?: string; default?: unknown; type?: string | string[] }
      >;
    };
    snippets: { language: string; path: string }[];
    yamlValidation?: { fileMatch: string | string[]; url: string }[];
    jsonValidation?: { fileMatch: string | string[]; url: string }[];
    walkthroughs?: {
      id: string;
      title: string;
      description: string;
      steps: {
        id: string;
        title: string;
        description: string;
        media: { markdown?: string; image?: string; svg?: string; altText?: string };
        completionEvents?: string[];
      }[];
    }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const c = manifest.contributes;
const commandIds = new Set(c.commands.map((cmd) => cmd.command));
/** Commands VS Code generates for each view (`<view>.focus`, …). */
const generatedCommands = new Set([
  ...Object.values(c.views)
    .flat()
    .flatMap((v) => [`${v.id}.focus`, `${v.id}.removeView`, `${v.id}.resetViewLocation`, `${v.id}.toggleVisibility`]),
  `workbench.view.extension.${VIEW_CONTAINER}`,
]);
const knownCommand = (id: string): boolean => commandIds.has(id) || generatedCommands.has(id);
const fileExists = (p: string): boolean => fs.existsSync(path.join(repoRoot, p));

/** `command:` links in markdown text (welcome content, walkthrough descriptions). */
function commandLinks(text: string): string[] {
  return [...text.matchAll(/\(command:([A-Za-z0-9_.-]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]);
}

/** The lowest version a `^1.91.0`-style range accepts, as [major, minor]. */
function minVersion(range: string): [number, number] {
  const m = /(\d+)\.(\d+)/.exec(range);
  assert.ok(m, `cannot read a version from "${range}"`);
  return [Number(m[1]), Number(m[2])];
}

describe('extension manifest', () => {
  it('runs the bundled client', () => {
    assert.equal(manifest.main, './dist/client.js');
  });

  it('every contributed command has a title and the "Spec & Handoff" category', () => {
    for (const cmd of c.commands) {
      assert.ok(cmd.title?.trim(), `${cmd.command}: title`);
      assert.equal(cmd.category, 'Spec & Handoff', `${cmd.command}: category`);
      assert.match(cmd.command, /^specHandoff\.[a-zA-Z]+$/);
    }
    assert.equal(commandIds.size, c.commands.length, 'duplicate command ids');
  });

  it('the commands in the code and in the manifest are the same set', () => {
    assert.deepEqual([...commandIds].sort(), Object.values(COMMANDS).sort());
    for (const id of Object.values(ClientCommands))
      assert.ok(commandIds.has(id), `the server's code lens command ${id} is not contributed`);
  });

  it('every command referenced by menus, welcome content and walkthroughs exists', () => {
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items)
        if (item.command) assert.ok(knownCommand(item.command), `menu ${menu}: unknown command ${item.command}`);
    }
    for (const welcome of c.viewsWelcome)
      for (const id of commandLinks(welcome.contents))
        assert.ok(knownCommand(id), `viewsWelcome: unknown command ${id}`);
    for (const walkthrough of c.walkthroughs ?? []) {
      for (const step of walkthrough.steps) {
        for (const id of commandLinks(step.description))
          assert.ok(knownCommand(id), `walkthrough step ${step.id}: unknown command ${id}`);
        for (const event of step.completionEvents ?? []) {
          if (event.startsWith('onCommand:'))
            assert.ok(knownCommand(event.slice('onCommand:'.length)), `walkthrough step ${step.id}: ${event}`);
          if (event.startsWith('onView:'))
            assert.ok(
              Object.values(c.views)
                .flat()
                .some((v) => v.id === event.slice('onView:'.length)),
              `walkthrough step ${step.id}: ${event}`,
            );
        }
      }
    }
  });

  it('internal commands are hidden from the Command Palette', () => {
    for (const id of [COMMANDS.revealLine, COMMANDS.insertSection]) {
      const entry = c.menus.commandPalette.find((m) => m.command === id);
      assert.equal(entry?.when, 'false', `${id} should be hidden`);
    }
  });

  it('views, their container and welcome content agree', () => {
    const container = c.viewsContainers.activitybar.find((v) => v.id === VIEW_CONTAINER);
    assert.ok(container, 'activity bar container');
    assert.equal(container.title, 'Spec & Handoff');
    assert.ok(fileExists(container.icon), container.icon);
    const views = c.views[VIEW_CONTAINER];
    assert.ok(
      views?.some((v) => v.id === VIEW_CHECKLIST && v.name === 'Checklist'),
      'Checklist view',
    );
    for (const v of views) if (v.icon) assert.ok(fileExists(v.icon), v.icon);
    const allViews = new Set(
      Object.values(c.views)
        .flat()
        .map((v) => v.id),
    );
    for (const w of c.viewsWelcome) assert.ok(allViews.has(w.view), `viewsWelcome for unknown view ${w.view}`);
    const welcome = c.viewsWelcome.find((w) => w.view === VIEW_CHECKLIST)?.contents ?? '';
    assert.ok(
      commandLinks(welcome).includes(COMMANDS.newSpec) && commandLinks(welcome).includes(COMMANDS.newHandoff),
      'welcome offers New Spec and New Handoff',
    );
  });

  it('menus on view items use context values the tree sets, and view menus name existing views', () => {
    const treeSource = (file: string) => fs.readFileSync(path.join(repoRoot, 'client', 'src', 'views', file), 'utf8');
    /** Whether a view's tree sets a context value: literally (Checklist) or as `document.<kind id>` (Documents). */
    const setsContextValue: Record<string, (value: string) => boolean> = {
      [VIEW_CHECKLIST]: (value) => treeSource('checklist.ts').includes(`'${value}'`),
      [VIEW_DOCUMENTS]: (value) =>
        treeSource('documents.ts').includes('`document.${info.kind}`') &&
        /^document\.(spec|handoff|question|decision|progress|review)$/.test(value),
    };
    const allViews = new Set(
      Object.values(c.views)
        .flat()
        .map((v) => v.id),
    );
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items) {
        const views = [...(item.when ?? '').matchAll(/\bview == ([\w.-]+)/g)].map((m) => m[1]);
        for (const view of views) assert.ok(allViews.has(view), `${menu}: unknown view ${view}`);
        for (const m of (item.when ?? '').matchAll(/\bviewItem == ([\w.-]+)/g)) {
          assert.equal(views.length, 1, `${menu}: a viewItem clause must name its view: ${item.when}`);
          assert.ok(
            setsContextValue[views[0]]?.(m[1]),
            `${menu}: the ${views[0]} tree never sets contextValue ${m[1]}`,
          );
        }
      }
    }
    // The Documents view has its own title bar (refresh, new documents) and offers Generate Handoff on specs.
    assert.ok(
      c.menus['view/title'].some(
        (m) =>
          m.command === COMMANDS.refreshDocuments &&
          m.when === `view == ${VIEW_DOCUMENTS}` &&
          m.group?.startsWith('navigation'),
      ),
    );
    assert.ok(
      c.menus['view/item/context'].some(
        (m) =>
          m.command === COMMANDS.generateHandoff &&
          m.group === 'inline' &&
          (m.when ?? '').includes(`view == ${VIEW_DOCUMENTS}`),
      ),
    );
    const inline = c.menus['view/item/context'].find(
      (m) => m.command === COMMANDS.insertSection && m.group === 'inline',
    );
    assert.match(inline?.when ?? '', /viewItem == missingSection/);
  });

  it("context keys used in when clauses are ones the client sets (or VS Code's own)", () => {
    const ours = new Set<string>(Object.values(CONTEXT));
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items) {
        for (const m of (item.when ?? '').matchAll(/\b(specHandoff\.[\w.]+)/g))
          if (![VIEW_CHECKLIST, VIEW_DOCUMENTS, VIEW_DECISIONS, REVIEW_COMMENT_CONTROLLER].includes(m[1]))
            assert.ok(ours.has(m[1]), `${menu}: unknown context key ${m[1]}`);
      }
    }
  });

  it('every setting is under specHandoff, documented with markdownDescription and has a default', () => {
    assert.equal(CONFIG_SECTION, SETTINGS_SECTION);
    assert.equal(c.configuration.title, 'Spec & Handoff');
    const keys = Object.keys(c.configuration.properties);
    for (const key of ['enable', 'rules', 'schemas', 'associations', 'trace.server'])
      assert.ok(keys.includes(`${SETTINGS_SECTION}.${key}`), `setting ${key}`);
    for (const [key, prop] of Object.entries(c.configuration.properties)) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok(prop.markdownDescription?.trim(), `${key}: markdownDescription`);
      assert.ok('default' in prop, `${key}: default`);
    }
  });

  it('activates on markdown and on a workspace with .spec-handoff.yaml, never on *', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(events.includes('onLanguage:markdown'));
    assert.ok(events.includes('workspaceContains:**/.spec-handoff.yaml'));
    assert.ok(!events.includes('*'));
  });

  it('targets VS Code 1.100 at most, and @types/vscode is not newer than the API used', () => {
    const [major, minor] = minVersion(manifest.engines.vscode);
    assert.ok(major === 1 && minor <= 100, `engines.vscode ${manifest.engines.vscode}`);
    const types = manifest.devDependencies?.['@types/vscode'];
    if (types) {
      const [tMajor, tMinor] = minVersion(types);
      assert.ok(tMajor === 1 && tMinor <= 100, `@types/vscode ${types}`);
    }
  });

  it('snippets, validation schemas, walkthrough media and icons exist', () => {
    assert.ok(c.snippets.length > 0);
    for (const s of c.snippets) {
      assert.equal(s.language, 'markdown');
      assert.ok(fileExists(s.path), s.path);
    }
    for (const v of [...(c.yamlValidation ?? []), ...(c.jsonValidation ?? [])]) {
      assert.ok(fileExists(v.url), v.url);
      assert.ok((Array.isArray(v.fileMatch) ? v.fileMatch : [v.fileMatch]).length > 0);
    }
    assert.ok(
      c.yamlValidation?.some((v) => v.url === './schemas/schema-format.json'),
      'schema files get the schema-format JSON Schema',
    );
    for (const w of c.walkthroughs ?? []) {
      assert.ok(w.steps.length >= 4 && w.steps.length <= 6, `walkthrough ${w.id}: ${w.steps.length} steps`);
      for (const step of w.steps) {
        const media = step.media.markdown ?? step.media.image ?? step.media.svg;
        assert.ok(media && fileExists(media), `walkthrough step ${step.id}: media ${media}`);
      }
    }
    if (manifest.icon) {
      assert.ok(fileExists(manifest.icon), manifest.icon);
      assert.match(manifest.icon, /\.png$/, 'the marketplace icon must be a PNG');
    }
  });

  it('declares how it behaves in untrusted and virtual workspaces', () => {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.description);
    assert.ok(manifest.capabilities?.virtualWorkspaces !== undefined);
  });

  it('.vscodeignore ships the bundles and data but no sources, maps or tests', () => {
    const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8');
    for (const kept of [
      '!dist/client.js',
      '!dist/server.js',
      '!dist/server-main.js',
      '!schemas/',
      '!snippets/markdown.json',
      '!media/',
    ])
      assert.ok(ignore.includes(kept), `.vscodeignore keeps ${kept}`);
    assert.ok(!/!.*\.map\b/.test(ignore), 'no source maps');
  });
});
