/**
 * The one way to insert missing sections of an analysed document: the SH001
 * quick fix, "insert all", the sidebar's Insert and fix-all all come here, so
 * a traced document (a handoff) gets the same prefilled bodies from its spec
 * whichever button was pressed.
 */
import type { RuleContext } from '../analysis/context';
import type { SectionSpec } from '../schema/types';
import type { Fix } from '../types';
import { insertAllMissingFix, insertSectionFix } from './insert-section';
import { linkedSectionBodies } from './linked-bodies';

/** Inserts one section (or its nearest absent ancestor), with its body prefilled from the linked document where the schema says so. */
export function missingSectionFix(ctx: RuleContext, spec: SectionSpec): Fix {
  return insertSectionFix(ctx.doc, ctx.kind, ctx.matching, spec, linkedSectionBodies(ctx));
}

/** Inserts every missing required section, each at its place; undefined when none is missing. */
export function allMissingSectionsFix(ctx: RuleContext): Fix | undefined {
  if (!ctx.matching.missing.length) return undefined;
  return insertAllMissingFix(ctx.doc, ctx.kind, ctx.matching, linkedSectionBodies(ctx));
}
