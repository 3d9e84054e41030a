import { AsyncLocalStorage } from 'node:async_hooks';
import type { Viewer } from '../accounts/types.ts';

/**
 * Who is signed in, for the one place that needs it on every page without being handed it: the
 * site header's "Log in" / "Account" link in layout.tsx. Passing the viewer through every view
 * would touch every page; the session hook (src/accounts/session.ts) runs the rest of each
 * request inside this storage instead. Everything else reads request.user.
 */
const storage = new AsyncLocalStorage<Viewer | null>();

export const currentViewer = (): Viewer | null => storage.getStore() ?? null;

export const runAsViewer = (viewer: Viewer | null, fn: () => void) => storage.run(viewer, fn);
