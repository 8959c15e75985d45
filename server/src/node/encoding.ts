/**
 * Whether a file on disk would be re-encoded by writing its editor text
 * back. The editor hands the server decoded text: a file that is not valid
 * UTF-8 (Latin-1 bytes, UTF-16) arrives with U+FFFD for what it could not
 * decode when it was opened as UTF-8, and saving fixed text would write those
 * replacement characters for good. Such a document gets no fixes.
 */
import * as fs from 'node:fs';
import { MAX_FILE_BYTES } from '../service';

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `text` (the editor's) holds U+FFFD and the file at `file` is not
 * valid UTF-8: the replacement characters stand for bytes the editor could
 * not decode. Text without U+FFFD, or a file that cannot be read, is not
 * suspected (the editor then decoded it in its own encoding, which it keeps).
 */
export function editorTextReencodes(file: string | undefined, text: string): boolean {
  if (!file || !text.includes('\ufffd')) return false;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return false;
    return !isValidUtf8(fs.readFileSync(file));
  } catch {
    return false;
  }
}
