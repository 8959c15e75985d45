/**
 * Review comments where the code is: each review comment with a code anchor
 * (`src/file.ts#L42` or `src/file.ts:42`, from `specHandoff/reviewAnchors`)
 * is a read-only comment thread on that line of the code file, with its
 * replies; the thread is resolved once the reviewer confirmed it. The written
 * review stays the record: the thread's "Open Review Item" action (and the
 * link in the comment) opens the comment in the review.
 */
import * as vscode from 'vscode';
import type { ReviewAnchorInfo } from '../../server/src/protocol';
import { COMMANDS, REVIEW_COMMENT_CONTROLLER } from './ids';

export type ReviewAnchorsFetcher = () => Promise<ReviewAnchorInfo[] | undefined>;

/** The thread behind a VS Code comment thread (for the Open Review Item action and tests). */
export interface ReviewThread {
  anchor: ReviewAnchorInfo;
  thread: vscode.CommentThread;
}

export class ReviewComments implements vscode.Disposable {
  private readonly controller = vscode.comments.createCommentController(
    REVIEW_COMMENT_CONTROLLER,
    'Spec & Handoff reviews',
  );
  private current: ReviewThread[] = [];
  private readonly changed = new vscode.EventEmitter<ReviewThread[]>();
  readonly onDidChange = this.changed.event;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly fetch: ReviewAnchorsFetcher) {}

  threads(): ReviewThread[] {
    return this.current;
  }

  /** The review thread of a VS Code thread (the argument of a comments/commentThread/title action). */
  find(thread: vscode.CommentThread): ReviewThread | undefined {
    return this.current.find((t) => t.thread === thread);
  }

  refresh(): Promise<void> {
    const run = async (): Promise<void> => {
      let anchors: ReviewAnchorInfo[];
      try {
        anchors = (await this.fetch()) ?? [];
      } catch {
        anchors = [];
      }
      for (const t of this.current) t.thread.dispose();
      this.current = anchors.map((anchor) => ({ anchor, thread: this.createThread(anchor) }));
      this.changed.fire(this.current);
    };
    this.pending = this.pending.then(run).catch(() => undefined);
    return this.pending;
  }

  private createThread(a: ReviewAnchorInfo): vscode.CommentThread {
    const open = `command:${COMMANDS.revealLine}?${encodeURIComponent(JSON.stringify([a.reviewUri, a.reviewLine]))}`;
    const body = new vscode.MarkdownString(`${a.text}\n\n[Open in ${a.reviewPath}, line ${a.reviewLine + 1}](${open})`);
    body.isTrusted = { enabledCommands: [COMMANDS.revealLine] };
    const comments: vscode.Comment[] = [
      {
        body,
        mode: vscode.CommentMode.Preview,
        author: { name: a.reviewTitle },
        label: a.label || undefined,
        contextValue: 'reviewComment',
      },
      ...a.replies.map(
        (r): vscode.Comment => ({
          body: new vscode.MarkdownString(r.text),
          mode: vscode.CommentMode.Preview,
          author: { name: r.who },
        }),
      ),
    ];
    const thread = this.controller.createCommentThread(
      vscode.Uri.parse(a.targetUri),
      new vscode.Range(a.targetLine, 0, a.targetLine, 0),
      comments,
    );
    thread.canReply = false;
    thread.label = `${a.label ? `${a.label} · ` : ''}${a.reviewPath}`;
    thread.contextValue = 'specHandoffReview';
    thread.state = a.closed ? vscode.CommentThreadState.Resolved : vscode.CommentThreadState.Unresolved;
    thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
    return thread;
  }

  dispose(): void {
    for (const t of this.current) t.thread.dispose();
    this.current = [];
    this.controller.dispose();
    this.changed.dispose();
  }
}
