/**
 * Argument parsing on top of node:util parseArgs: strict (unknown options
 * are usage errors), `--opt value` and `--opt=value`, and errors turned into
 * `UsageError` so they end with exit code 2.
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../service';
import { UsageError } from './io';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface Parsed<T extends OptionSpec> {
  values: { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean };
  positionals: string[];
}

export function parse<T extends OptionSpec>(args: string[], options: T, command: string): Parsed<T> {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Parsed<T>['values'], positionals };
  } catch (error) {
    // parseArgs messages look like "Unknown option '--x'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--x\"".
    const message = (error as Error).message.split('. To specify')[0].replace(/\.$/, '');
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const names = Object.entries(options).flatMap(([name, spec]) => [
      `--${name}`,
      ...(spec.short ? [`-${spec.short}`] : []),
    ]);
    const hint = unknown ? didYouMean(unknown, names) : '';
    throw new UsageError(`${message}.${hint}`, `Run "spec-handoff ${command} --help" for the options.`);
  }
}

/** Checks a `--format` value against the allowed ones. */
export function formatOption<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new UsageError(`Unknown format "${value}".${didYouMean(value, allowed)} Use one of: ${allowed.join(', ')}.`);
}
