/**
 * server/src/service/schema/precompiled.ts as the bundles have it: built with
 * scripts/build.mjs's precompiledValidatorPlugin (ajv standalone code made at
 * build time) and run here. Under tsx the module is the run-time placeholder,
 * so the tests that compare the build-time validators with run-time ones start
 * from this.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export async function precompiledModuleAsBuilt(): Promise<Record<string, unknown>> {
  const root = path.resolve(__dirname, '..', '..');
  const { precompiledValidatorPlugin } = await import(pathToFileURL(path.join(root, 'scripts', 'build.mjs')).href);
  const out = await esbuild.build({
    entryPoints: [path.join(root, 'server', 'src', 'service', 'schema', 'precompiled.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    absWorkingDir: root,
    plugins: [precompiledValidatorPlugin()],
  });
  const mod = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, require);
  return mod.exports;
}
