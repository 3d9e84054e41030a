import type { FastifyReply } from 'fastify';

/**
 * Lets exactly these origins frame this one response (an association's embedded directory):
 * the CSP's frame-ancestors names them ('none' when there are none), and X-Frame-Options, which
 * cannot name another site and would contradict it, is dropped. Every other page keeps the
 * site's frame-ancestors 'none' (server.ts). The origins must already be checked (one exact
 * origin each): they are written into the header as they are.
 */
export function allowFramingBy(reply: FastifyReply, origins: readonly string[]): void {
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  const ancestors = `frame-ancestors ${origins.length ? origins.join(' ') : "'none'"}`;
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors\b/i.test(d));
  reply.header('content-security-policy', [...directives, ancestors].join(';'));
  reply.removeHeader('x-frame-options');
}
