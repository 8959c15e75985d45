/**
 * Review comments anchored to code, for the editor: each comment whose code
 * anchor resolves to a file (see analysis/review-threads.ts) becomes a
 * comment thread on that line of the code. The written review stays the
 * record; this is a view of it.
 */
import type { Analysis } from '../analysis/context';
import { reviewComments } from '../analysis/review-threads';

export interface ReviewAnchor {
  /** Line of the comment in the review (zero-based). */
  reviewLine: number;
  /** The comment's label (`blocking`), '' when it has none. */
  label: string;
  /** The comment's own text, as written (Markdown). */
  text: string;
  /** Replies in order: `who` as written before the colon, lowercased. */
  replies: { who: string; text: string }[];
  /** Whether the reviewer confirmed the thread as its last reply. */
  closed: boolean;
  /** Absolute path of the code file. */
  targetPath: string;
  /** Line in the code file (zero-based), clamped to the file when its length is known. */
  targetLine: number;
}

export function reviewAnchors(analysis: Analysis): ReviewAnchor[] {
  const ctx = analysis.context;
  if (!ctx) return [];
  const out: ReviewAnchor[] = [];
  for (const c of reviewComments(ctx)) {
    const a = c.anchor;
    if (!a?.absolutePath || a.line < 1) continue;
    const last = a.fileLines !== undefined ? Math.max(0, a.fileLines - 1) : Number.MAX_SAFE_INTEGER;
    out.push({
      reviewLine: c.line,
      label: c.label ?? '',
      text: c.text.replace(/\s*\n\s*/g, ' ').trim(),
      replies: c.replies.map((r) => ({ who: r.who, text: r.text })),
      closed: c.closed,
      targetPath: a.absolutePath,
      targetLine: Math.min(a.line - 1, last),
    });
  }
  return out;
}
