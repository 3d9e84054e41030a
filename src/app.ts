import type { FastifyInstance } from 'fastify';
import { buildServer, type Feature } from './web/server.ts';
import type { AppDeps } from './web/context.ts';
import { sessionHook } from './accounts/session.ts';
import { accountPages } from './accounts/routes.tsx';
import { meetingPages } from './site/routes.tsx';
import { sitePages } from './site/pages.tsx';
import { directoryPages } from './directory/routes.tsx';
import { directoryApi } from './directory/api.ts';
import { listingStatsFlusher } from './directory/stats.ts';
import { changeLogPruner } from './directory/search-index.ts';
import { impressionsFlusher } from './directory/featured/impressions.ts';
import { grantReminderTimer } from './directory/featured/reminders.ts';
import { lapseReminderTimer } from './directory/credentials/reminders.ts';
import { featuredAdminPages } from './admin/featured-routes.tsx';
import { memberPages } from './members/routes.tsx';
import { credentialPages } from './members/credential-routes.tsx';
import { adminPages } from './admin/routes.tsx';
import { credentialAdminPages } from './admin/credential-routes.tsx';
import { inquiryPages } from './inquiries/routes.tsx';
import { freshnessPages } from './freshness/routes.tsx';
import { freshnessTimer } from './freshness/service.ts';
import { discoveryRoutes } from './articles/discovery-routes.ts';
import { editorArticlePages } from './articles/editor-routes.tsx';
import { memberArticlePages } from './articles/member-routes.tsx';
import { categoryPages } from './articles/category-routes.tsx';
import { tagPages } from './articles/tag-routes.tsx';
import { articleScheduler } from './articles/scheduler.ts';
import { articlePages } from './articles/routes.tsx';
import { digestPages } from './digest/routes.tsx';
import { digestTimer } from './digest/service.ts';
import { membershipPages } from './associations/membership-routes.tsx';
import { associationPages } from './associations/routes.tsx';
import { associationDirectoryPages } from './associations/directory-routes.tsx';
import { associationAdminPages } from './associations/admin-routes.tsx';
import { importPages } from './admin/import/routes.tsx';
import { exportPages } from './admin/export/routes.tsx';

/**
 * The site: the web server with every feature, in order. The session hook comes first, so every
 * route after it sees `request.user`; background work is last, and stops (the last counts written)
 * when the server closes.
 */
const FEATURES: readonly Feature[] = [
  sessionHook,
  meetingPages,
  sitePages,
  directoryPages,
  { plugin: directoryApi, prefix: '/api/v1' },
  accountPages,
  memberPages,
  credentialPages,
  membershipPages,
  featuredAdminPages,
  adminPages,
  credentialAdminPages,
  inquiryPages,
  freshnessPages,
  discoveryRoutes,
  digestPages,
  memberArticlePages,
  editorArticlePages,
  categoryPages,
  tagPages,
  articlePages,
  associationPages,
  associationDirectoryPages,
  associationAdminPages,
  importPages,
  exportPages,
  listingStatsFlusher,
  impressionsFlusher,
  grantReminderTimer,
  lapseReminderTimer,
  freshnessTimer,
  changeLogPruner,
  digestTimer,
  articleScheduler,
];

export const buildApp = (deps: AppDeps): Promise<FastifyInstance> => buildServer(deps, FEATURES);
