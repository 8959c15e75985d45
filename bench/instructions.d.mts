/** The command line of bench/instructions.mjs (see there). */
export declare const USAGE: string;
export interface InstructionsArguments {
  before: string;
  after: string;
  runs: number;
  args: string[];
}
/** Both entry points, the counted runs of each and the shared arguments; undefined for a wrong command line. */
export declare function parseArguments(argv: readonly string[]): InstructionsArguments | undefined;
/** The total valgrind's callgrind prints at exit ("Collected : N"), or undefined when there is none. */
export declare function collectedInstructions(stderr: string): number | undefined;
/** Whether valgrind can be run here. */
export declare function hasValgrind(): boolean;
/** Instructions executed by `node entry ARGS` under callgrind (every thread). */
export declare function countInstructions(entry: string, args: readonly string[], cwd?: string): number;
/** Both entry points counted alternately: the medians and every count. */
export declare function compare(
  parsed: InstructionsArguments,
  log?: (line: string) => void,
): { before: number; after: number; counts: { before: number[]; after: number[] } };
