/**
 * A strict little HTML reader for the status-page tests (the page is generated, well-formed markup): builds the
 * element tree and throws on any unbalanced tag, so a broken page fails the test rather than being half-read.
 */
export interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
}

const VOID = new Set(["meta", "br", "hr", "img", "input", "link"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e]);

export function parseHtml(html: string): Element {
  const root: Element = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const token = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/gy;
  let read = 0;
  for (let m = token.exec(html); m !== null; m = token.exec(html)) {
    read = token.lastIndex;
    const [, closing, tag, rest, text] = m;
    if (text !== undefined) stack.at(-1)!.children.push(decode(text));
    if (tag === undefined) continue;
    const name = tag.toLowerCase();
    if (closing === "/") {
      const open = stack.pop()!;
      if (open.tag !== name) throw new Error(`unbalanced </${name}> at offset ${m.index} (open: <${open.tag}>)`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rest.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1].toLowerCase()] = decode(a[2] ?? "");
    const element: Element = { tag: name, attrs, children: [] };
    stack.at(-1)!.children.push(element);
    if (!VOID.has(name)) stack.push(element);
  }
  if (read !== html.length) throw new Error(`unreadable markup at offset ${read}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.tag}>`);
  return root;
}

export const textOf = (el: Element): string => el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");

export function findAll(el: Element, match: (e: Element) => boolean, out: Element[] = []): Element[] {
  for (const c of el.children) {
    if (typeof c === "string") continue;
    if (match(c)) out.push(c);
    findAll(c, match, out);
  }
  return out;
}

export function byId(root: Element, id: string): Element {
  const found = findAll(root, (e) => e.attrs.id === id);
  if (found.length !== 1) throw new Error(`expected one element #${id}, found ${found.length}`);
  return found[0];
}
