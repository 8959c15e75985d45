/** Colours for terminal output (Node's util.styleText), applied only when the target stream wants them (io.ts `wantsColor`). */
import { styleText } from 'node:util';

export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

type Style = Parameters<typeof styleText>[0];

export function palette(enabled: boolean): Palette {
  // validateStream: false — whether colours are wanted is decided once (io.ts), not again from process.stdout.
  const style =
    (format: Style) =>
    (s: string): string =>
      enabled ? styleText(format, s, { validateStream: false }) : s;
  return {
    red: style('red'),
    yellow: style('yellow'),
    blue: style('blue'),
    green: style('green'),
    dim: style('dim'),
    bold: style('bold'),
  };
}
