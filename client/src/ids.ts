/** Every id the manifest (package.json `contributes`) and the code share. test/unit/manifest.test.ts checks they agree. */
export const VIEW_CONTAINER = 'spec-handoff';
export const VIEW_CHECKLIST = 'specHandoff.checklist';
export const VIEW_DOCUMENTS = 'specHandoff.documents';
export const VIEW_DECISIONS = 'specHandoff.decisions';
/** The comment controller that shows review comments on code lines (`commentController == …` in when clauses). */
export const REVIEW_COMMENT_CONTROLLER = 'specHandoff.reviews';
export const CONFIG_SECTION = 'specHandoff';
export const OUTPUT_CHANNEL = 'Spec & Handoff';

export const COMMANDS = {
  newSpec: 'specHandoff.newSpec',
  newHandoff: 'specHandoff.newHandoff',
  newDocument: 'specHandoff.newDocument',
  insertMissingSections: 'specHandoff.insertMissingSections',
  validateWorkspace: 'specHandoff.validateWorkspace',
  openSchema: 'specHandoff.openSchema',
  focusChecklist: 'specHandoff.focusChecklist',
  refreshChecklist: 'specHandoff.refreshChecklist',
  restartServer: 'specHandoff.restartServer',
  /** Arguments: a spec's `Uri` (explorer, editor title), nothing (the active editor), or `GenerateHandoffOptions`. */
  generateHandoff: 'specHandoff.generateHandoff',
  refreshDocuments: 'specHandoff.refreshDocuments',
  filterDecisions: 'specHandoff.filterDecisions',
  clearDecisionsFilter: 'specHandoff.clearDecisionsFilter',
  refreshDecisions: 'specHandoff.refreshDecisions',
  /** A review comment thread's action: opens the comment in the review. Arguments: the `CommentThread`. */
  openReviewItem: 'specHandoff.openReviewItem',
  /** Internal: tree nodes call it with (uri: string, line: number). */
  revealLine: 'specHandoff.revealLine',
  /** Internal: the inline action on a missing section node. */
  insertSection: 'specHandoff.insertSection',
} as const;

/** Context keys for `when` clauses. */
export const CONTEXT = {
  /** Kind id of the active document, '' when it matches no kind. */
  activeKind: 'specHandoff.activeKind',
  /** The active document misses required sections. */
  hasMissingSections: 'specHandoff.hasMissingSections',
  /** The language server is running. */
  serverRunning: 'specHandoff.serverRunning',
  /** The Decisions view has a text filter. */
  decisionsFiltered: 'specHandoff.decisionsFiltered',
  /** The workspace has a .spec-handoff.yaml or a *.spec.md / *.handoff.md (explorer menus). */
  workspaceHasDocuments: 'specHandoff.workspaceHasDocuments',
} as const;

/**
 * Language Model Tools (package.json `contributes.languageModelTools`): VS Code name → the
 * tool it is in the service and in `spec-handoff mcp` (same input schema, same answers).
 */
export const LM_TOOLS = {
  checkDocument: { name: 'specHandoff_check_document', agentTool: 'check_document' },
  listMissingSections: { name: 'specHandoff_list_missing_sections', agentTool: 'list_missing_sections' },
  insertMissingSections: { name: 'specHandoff_insert_missing_sections', agentTool: 'insert_missing_sections' },
  generateHandoff: { name: 'specHandoff_generate_handoff', agentTool: 'generate_handoff' },
  listDocuments: { name: 'specHandoff_list_documents', agentTool: 'list_documents' },
} as const;
