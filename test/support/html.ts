import { parse } from 'parse5';

type Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string };

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.childNodes ?? []) yield* walk(child);
  const content = (node as { content?: Node }).content;
  if (content) yield* walk(content);
}

const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const text = (n: Node) => (n.childNodes ?? []).map((c) => c.value ?? '').join('');

/**
 * Everything in a page that a browser would run, found with a spec-compliant HTML parser (a
 * payload inside a quoted attribute value is inert text; string matching cannot tell).
 * Our own scripts come from /assets/, and JSON-LD blocks are data, so neither is reported.
 */
export function executableInjections(html: string): string[] {
  const found: string[] = [];
  for (const n of walk(parse(html) as unknown as Node)) {
    if (n.nodeName === 'script') {
      const src = attr(n, 'src');
      const type = attr(n, 'type');
      if (src && !src.startsWith('/assets/')) found.push(`<script src=${src}>`);
      if (!src && type !== 'application/ld+json') found.push(`<script>${text(n)}</script>`);
      if (type === 'application/ld+json') JSON.parse(text(n)); // throws if a value broke out of the JSON
    }
    for (const a of n.attrs ?? []) {
      if (a.name.startsWith('on')) found.push(`${n.nodeName} ${a.name}="${a.value}"`);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*javascript:/i.test(a.value)) found.push(`${n.nodeName} ${a.name}="${a.value}"`);
    }
    if (n.nodeName === 'iframe' || n.nodeName === 'object' || n.nodeName === 'embed') found.push(`<${n.nodeName}>`);
  }
  return found;
}
