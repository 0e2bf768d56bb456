import {
  AccountBookOutlined,
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  FlagOutlined,
  MessageOutlined,
  PercentageOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import type { MessageKey } from './i18n';
import type { Permission } from './permissions';

/**
 * The modules of the app, in menu order. The side menu and the routes are both built from this
 * list, so a module is reachable exactly when it is shown. `anyOf`: the permissions of which one
 * is enough to open the module (empty = every logged-in user).
 */
export interface ModuleDefinition {
  key: string;
  path: string;
  labelKey: MessageKey;
  icon: ReactNode;
  anyOf: readonly Permission[];
  Page: LazyExoticComponent<ComponentType>;
}

export const modules: readonly ModuleDefinition[] = [
  {
    key: 'dashboard',
    path: '/',
    labelKey: 'menu.dashboard',
    icon: <DashboardOutlined />,
    anyOf: [],
    Page: lazy(() => import('./pages/DashboardPage')),
  },
  {
    key: 'registry',
    path: '/registry',
    labelKey: 'menu.registry',
    icon: <TeamOutlined />,
    anyOf: ['registry.read'],
    Page: lazy(() => import('./pages/RegistryPage')),
  },
  {
    key: 'import',
    path: '/import',
    labelKey: 'menu.import',
    icon: <CloudUploadOutlined />,
    // approvers decide the accounts of imports there
    anyOf: ['registry.import', 'accounts.approve'],
    Page: lazy(() => import('./pages/ImportPage')),
  },
  {
    key: 'accounts',
    path: '/accounts',
    labelKey: 'menu.accounts',
    icon: <BankOutlined />,
    anyOf: ['accounts.propose', 'accounts.approve', 'accounts.verify'],
    Page: lazy(() => import('./pages/AccountsPage')),
  },
  {
    key: 'campaign',
    path: '/campaign',
    labelKey: 'menu.campaign',
    icon: <FlagOutlined />,
    anyOf: ['campaign.write', 'campaign.targets'],
    Page: lazy(() => import('./pages/CampaignPage')),
  },
  {
    key: 'payroll',
    path: '/payroll',
    labelKey: 'menu.payroll',
    icon: <FileDoneOutlined />,
    anyOf: ['payroll.read'],
    Page: lazy(() => import('./pages/PayrollPage')),
  },
  {
    key: 'disbursement',
    path: '/disbursement',
    labelKey: 'menu.disbursement',
    icon: <SwapOutlined />,
    anyOf: ['disbursement.send', 'disbursement.confirmCash', 'reconciliation.ingest'],
    Page: lazy(() => import('./pages/DisbursementPage')),
  },
  {
    key: 'fees',
    path: '/fees',
    labelKey: 'menu.fees',
    icon: <PercentageOutlined />,
    anyOf: ['settings.manage'],
    Page: lazy(() => import('./pages/FeesPage')),
  },
  {
    key: 'providers',
    path: '/providers',
    labelKey: 'menu.providers',
    icon: <ApiOutlined />,
    anyOf: ['settings.manage'],
    Page: lazy(() => import('./pages/ProvidersPage')),
  },
  {
    key: 'payers',
    path: '/payers',
    labelKey: 'menu.payers',
    icon: <AccountBookOutlined />,
    anyOf: ['settings.manage', 'payers.approve'],
    Page: lazy(() => import('./pages/PayersPage')),
  },
  {
    key: 'reports',
    path: '/reports',
    labelKey: 'menu.reports',
    icon: <BarChartOutlined />,
    anyOf: ['reports.read'],
    Page: lazy(() => import('./pages/ReportsPage')),
  },
  {
    key: 'cashPoints',
    path: '/cash-points',
    labelKey: 'menu.cashPoints',
    icon: <EnvironmentOutlined />,
    // the provider's agent downloads its own cash lists here
    anyOf: ['payroll.read'],
    Page: lazy(() => import('./pages/CashPointsPage')),
  },
  {
    key: 'complaints',
    path: '/complaints',
    labelKey: 'menu.complaints',
    icon: <MessageOutlined />,
    anyOf: ['complaints.read'],
    Page: lazy(() => import('./pages/ComplaintsPage')),
  },
  {
    key: 'notifications',
    path: '/notifications',
    labelKey: 'menu.notifications',
    icon: <MessageOutlined />,
    anyOf: ['reports.read'],
    Page: lazy(() => import('./pages/NotificationsPage')),
  },
  {
    key: 'audit',
    path: '/audit',
    labelKey: 'menu.audit',
    icon: <AuditOutlined />,
    anyOf: ['audit.read'],
    Page: lazy(() => import('./pages/AuditPage')),
  },
  {
    key: 'users',
    path: '/users',
    labelKey: 'menu.users',
    icon: <UserOutlined />,
    anyOf: ['users.read'],
    Page: lazy(() => import('./pages/UsersPage')),
  },
];

/** The module whose path is the longest prefix of `pathname` (for the selected menu item). */
export function moduleOfPath(pathname: string): ModuleDefinition | undefined {
  return modules
    .filter((module) => (module.path === '/' ? pathname === '/' : pathname === module.path || pathname.startsWith(`${module.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
