/** Every id the manifest (package.json `contributes`) and the code share. test/unit/manifest.test.ts checks they agree. */
export const VIEW_CONTAINER = 'spec-handoff';
export const VIEW_CHECKLIST = 'specHandoff.checklist';
export const VIEW_DOCUMENTS = 'specHandoff.documents';
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
  /** The workspace has a .spec-handoff.yaml or a *.spec.md / *.handoff.md (explorer menus). */
  workspaceHasDocuments: 'specHandoff.workspaceHasDocuments',
} as const;
