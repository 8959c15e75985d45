/**
 * A copy of `text` that shares no memory with the string it was cut from.
 * V8 keeps a substring (`slice`, a regex capture) as a view into its parent,
 * so a short value that outlives the text it came from (a link target kept
 * with a document's analysis, a key of a cache shared by all documents) would
 * keep that whole text alive. Values like these are copied before they are
 * kept; the cost is one copy of a short string.
 */
export function ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
