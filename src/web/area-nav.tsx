import type { Role } from '../db/schema.ts';
import { currentViewer } from './viewer.ts';

/**
 * The one navigation of each signed-in area: the member's dashboard, the editors' pages and the
 * admins' pages. Every page of an area starts with it, above its heading, so the tabs never move
 * between pages; it ends with the other areas the viewer may enter, so nobody is stranded in one.
 * It lives here, below the features, because pages of several features share each area.
 */

export type Area = 'dashboard' | 'editor' | 'admin';

interface AreaLink {
  key: string;
  href: string;
  label: string;
}

const AREAS: Record<Area, { label: string; home: string; who: Role; links: readonly AreaLink[] }> = {
  dashboard: {
    label: 'Dashboard',
    home: '/dashboard',
    who: 'member',
    links: [
      { key: 'profile', href: '/dashboard', label: 'Profile' },
      { key: 'articles', href: '/dashboard/articles', label: 'Articles' },
      { key: 'inquiries', href: '/dashboard/inquiries', label: 'Inquiries' },
      { key: 'numbers', href: '/dashboard/numbers', label: 'Numbers' },
      { key: 'associations', href: '/dashboard/associations', label: 'Associations' },
      { key: 'credentials', href: '/dashboard/credentials', label: 'Credentials' },
      { key: 'account', href: '/account', label: 'Account' },
    ],
  },
  editor: {
    label: 'Editor',
    home: '/editor',
    who: 'editor',
    links: [
      { key: 'queue', href: '/editor', label: 'Review queue' },
      { key: 'all', href: '/editor/articles', label: 'All pieces' },
      { key: 'write', href: '/editor/articles/new', label: 'Write' },
      { key: 'categories', href: '/editor/categories', label: 'Categories' },
      { key: 'tags', href: '/editor/tags', label: 'Tags' },
      { key: 'profiles', href: '/moderation', label: 'Profiles to review' },
    ],
  },
  admin: {
    label: 'Admin',
    home: '/admin',
    who: 'admin',
    links: [
      { key: 'home', href: '/admin', label: 'Queues' },
      { key: 'users', href: '/admin/users', label: 'Users' },
      { key: 'associations', href: '/admin/associations', label: 'Associations' },
      { key: 'credentials', href: '/admin/credentials', label: 'Credentials' },
      { key: 'featured', href: '/admin/featured', label: 'Featured' },
      { key: 'areas', href: '/admin/practice-areas', label: 'Practice areas' },
      { key: 'languages', href: '/admin/languages', label: 'Languages' },
      { key: 'audit', href: '/admin/audit', label: 'Audit log' },
      { key: 'import', href: '/admin/import', label: 'Import' },
      { key: 'claims', href: '/admin/claims', label: 'Claims' },
      { key: 'export', href: '/admin/export', label: 'Export' },
    ],
  },
};

const OTHER_AREA_LABELS: Record<Area, string> = { dashboard: 'Your dashboard', editor: 'Editor pages', admin: 'Admin pages' };

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2 };

/** The areas a role may enter, in the order the navigation offers them. */
export const areasFor = (role: Role): Area[] => (Object.keys(AREAS) as Area[]).filter((a) => RANK[role] >= RANK[AREAS[a].who]);

/** Where a role's work is: where log-in lands them when no `next` was asked for. */
export function landingFor(role: Role): string {
  const areas = areasFor(role);
  return AREAS[areas[areas.length - 1]!].home;
}

/** `current` is the key of the page's own link; a page with none (a piece's review page) marks nothing. */
export function AreaNav({ area, current }: { area: Area; current?: string }): JSX.Element {
  const viewer = currentViewer();
  const others = viewer ? areasFor(viewer.role).filter((a) => a !== area) : [];
  const { label, links } = AREAS[area];
  return (
    <nav class="dashboard-nav area-nav" aria-label={label}>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l.key === current ? 'page' : undefined} safe>
              {l.label}
            </a>
          </li>
        ))}
        {others.map((a) => (
          <li class="area-nav-other">
            <a href={AREAS[a].home} safe>
              {OTHER_AREA_LABELS[a]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
