/**
 * A pack's values as the policy browser shows them: every resolved value with the pack of its lineage
 * that set it (own or inherited), and the comment written beside it in the file — the clause of the
 * document it encodes, or “示例值” when the amount is an example (SPEC §3). Pure.
 */
import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { isPlainObject } from '../../policy/pack-diff.ts';
import { type CatalogEntry, type PackCatalog, type PackRef, packKey } from '../../policy/pack-loader.ts';
import { HEADER_KEYS } from '../../policy/pack-schema.ts';

export const EXAMPLE_MARK = '示例值';

export interface PackValue {
  /** `standards.dibao.urban`; lists are one value (`dibao.supplements`). */
  path: string;
  value: unknown;
  /** The pack (this one or an ancestor) whose file sets the value. */
  setBy: PackRef;
  inherited: boolean;
  /** The comment beside the value in the file that sets it, if any. */
  note: string | null;
  /** The comment marks the value as an example (not from an official source). */
  example: boolean;
}

/** Leaves of a pack's sections (header fields excluded); lists and empty objects are leaves. */
export function sectionLeaves(pack: object): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else if (value !== undefined) {
      out.set(path, value);
    }
  };
  for (const [k, v] of Object.entries(pack)) {
    if (!HEADER_KEYS.includes(k) && k !== 'exampleValues') walk(v, k);
  }
  return out;
}

/**
 * The comments written after values on the same line, by path. A comment on a list item belongs to
 * the list (lists are one value); a comment on a flow map (`dibao: { urban: 980 } # 示例值`) covers
 * every value inside it. JSON text has none.
 */
export function fieldNotes(text: string): Map<string, string> {
  const notes = new Map<string, string>();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text);
  } catch {
    return notes;
  }
  if (doc.errors.length > 0) return notes;
  const add = (path: string, comment: string | null | undefined) => {
    const c = comment?.trim();
    if (!c || !path) return;
    const prev = notes.get(path);
    if (prev !== c) notes.set(path, prev ? `${prev}；${c}` : c);
  };
  const walk = (node: Node | null | undefined, path: string, listPath: string | null) => {
    if (!node) return;
    const at = listPath ?? path;
    if (isMap(node)) {
      add(at, node.comment);
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        walk(item.value as Node | null, path ? `${path}.${key}` : key, listPath);
      }
    } else if (isSeq(node)) {
      add(at, node.comment);
      node.items.forEach((item, i) => {
        walk(item as Node | null, `${path}[${i}]`, listPath ?? path);
      });
    } else {
      add(at, node.comment);
    }
  };
  walk(doc.contents as Node | null, '', null);
  return notes;
}

/** The note for `path`: its own, else the nearest enclosing value's (a commented flow map). */
function noteFor(notes: ReadonlyMap<string, string>, path: string): string | null {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const n = notes.get(p);
    if (n) return n;
  }
  return null;
}

/**
 * Every resolved value of `entry` with where it comes from. `textOf` gives the file text of a pack
 * version of the catalog (for its comments).
 */
export function packValues(
  entry: CatalogEntry,
  catalog: PackCatalog,
  textOf: (key: string) => string | undefined,
): PackValue[] {
  const lineage = entry.lineage.map((ref) => {
    const e = catalog.entries.get(packKey(ref));
    const text = textOf(packKey(ref));
    return {
      ref,
      leaves: e ? sectionLeaves(e.partial) : new Map<string, unknown>(),
      notes: text ? fieldNotes(text) : new Map<string, string>(),
    };
  });
  const own = entry.lineage[0]!;
  const out: PackValue[] = [];
  for (const [path, value] of sectionLeaves(entry.pack)) {
    const from = lineage.find((l) => l.leaves.has(path)) ?? lineage.at(-1)!;
    const note = noteFor(from.notes, path);
    out.push({
      path,
      value,
      setBy: from.ref,
      inherited: packKey(from.ref) !== packKey(own),
      note,
      example: note?.includes(EXAMPLE_MARK) ?? false,
    });
  }
  return out;
}
