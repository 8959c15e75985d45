#!/usr/bin/env node
// Generates, from the service's own definitions (one source each):
//  - schemas/config-schema.json: the JSON Schema of .spec-handoff.yaml
//    (config.ts configJsonSchema(), the schema the loader validates with),
//    contributed to VS Code through yamlValidation;
//  - package.json's specHandoff.rules setting: every rule code and name as a
//    property (completion and validation in settings.json), from the rule
//    registry.
//
// Usage: node scripts/gen-config-schema.mjs          write both files
//        node scripts/gen-config-schema.mjs --check  exit 1 if either is out of date
//
// test/unit/config-schema.test.ts compares the committed files with what this generates (drift test).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function service(root) {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(path.join(root, 'server', 'src', 'service', 'index.ts')).href, import.meta.url);
}

/** The text of schemas/config-schema.json. */
export async function configSchemaText(root = defaultRoot) {
  const { configJsonSchema } = await service(root);
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** package.json with specHandoff.rules listing every rule code and name. */
export async function manifestText(root = defaultRoot) {
  const { RULES } = await service(root);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const setting = manifest.contributes.configuration.properties['specHandoff.rules'];
  const severity = setting.additionalProperties;
  const properties = {};
  for (const rule of RULES) {
    const description = `${rule.code} ${rule.name}: ${rule.description} (default: ${rule.defaultSeverity})`;
    properties[rule.code] = { ...severity, description };
    properties[rule.name] = { ...severity, description };
  }
  setting.properties = properties;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = process.argv.includes('--check');
  const outputs = [
    [path.join(defaultRoot, 'schemas', 'config-schema.json'), await configSchemaText()],
    [path.join(defaultRoot, 'package.json'), await manifestText()],
  ];
  let stale = false;
  for (const [file, text] of outputs) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    if (check) {
      console.error(`${path.relative(defaultRoot, file)} is out of date: run node scripts/gen-config-schema.mjs`);
      stale = true;
    } else {
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(defaultRoot, file)}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}
