import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { AppLayout } from './app-layout.js';
import { NotFoundPage } from './not-found-page.js';

// Each page is its own chunk: the first screen loads only the layout, the sign-in form and the page it shows.
const rootRoute = createRootRoute({ component: AppLayout, notFoundComponent: NotFoundPage });

const fleetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../fleet/fleet-page.js'), 'FleetPage'),
});

const clusterRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clusters/$clusterId',
  component: lazyRouteComponent(() => import('../cluster/cluster-page.js'), 'ClusterPage'),
});

export interface FindingsSearch {
  clusterId?: string;
  severity?: string;
  status?: string;
  area?: string;
  rule?: string;
  namespace?: string;
  kind?: string;
  framework?: string;
  control?: string;
}

const findingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/findings',
  validateSearch: (search: Record<string, unknown>): FindingsSearch =>
    Object.fromEntries(Object.entries(search).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')),
  component: lazyRouteComponent(() => import('../findings/findings-page.js'), 'FindingsPage'),
});

const findingRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/findings/$findingId',
  component: lazyRouteComponent(() => import('../findings/finding-detail-page.js'), 'FindingDetailPage'),
});

const exceptionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/exceptions',
  component: lazyRouteComponent(() => import('../findings/exceptions-page.js'), 'ExceptionsPage'),
});

const reportsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reports',
  component: lazyRouteComponent(() => import('../reports/reports-page.js'), 'ReportsPage'),
});

const networkRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clusters/$clusterId/network',
  component: lazyRouteComponent(() => import('../network/network-page.js'), 'NetworkPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('../settings/settings-page.js'), 'SettingsPage'),
});

const routeTree = rootRoute.addChildren([fleetRoute, clusterRoute, networkRoute, findingsRoute, findingRoute, exceptionsRoute, reportsRoute, settingsRoute]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
