/**
 * `node:os` for the browser bundle (scripts/build.mjs): the commands propose
 * `~/name.md` when no workspace folder is open; a browser has no home folder,
 * so the proposal is at the root of the file system the user picks.
 */
export function homedir(): string {
  return '/';
}
