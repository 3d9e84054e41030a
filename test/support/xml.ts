import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const XMLLINT = '/usr/bin/xmllint';
export const SITEMAP_XSD = path.resolve('test/fixtures/sitemap.xsd');
export const SITEINDEX_XSD = path.resolve('test/fixtures/siteindex.xsd');

export interface XmllintResult {
  ok: boolean;
  /** xmllint's messages: the errors when not ok. */
  output: string;
}

/** Checks a document with libxml2's xmllint: well-formed, and valid against `schema` when given. */
export function xmllint(xml: string, schema?: string): XmllintResult {
  const args = ['--noout', '--nonet', ...(schema ? ['--schema', schema] : []), '-'];
  const r = spawnSync(XMLLINT, args, { input: xml, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
