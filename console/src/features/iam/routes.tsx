import { page, type Feature } from '../feature'

export const iamFeature: Feature = {
  publicRoutes: [
    { path: '/sign-up', lazy: page(() => import('./SignUpPage'), 'SignUpPage') },
    { path: '/invitations/:token', lazy: page(() => import('./AcceptInvitationPage'), 'AcceptInvitationPage') },
  ],
  shellRoutes: [
    { path: 'projects', lazy: page(() => import('./ProjectsPage'), 'ProjectsPage') },
    { path: 'members', lazy: page(() => import('./MembersPage'), 'MembersPage') },
    { path: 'audit-log', lazy: page(() => import('./AuditLogPage'), 'AuditLogPage') },
  ],
  nav: [
    { to: '/projects', label: 'Projects', scope: 'iam:admin' },
    { to: '/members', label: 'Members', scope: 'iam:admin' },
    { to: '/audit-log', label: 'Audit log', scope: 'iam:admin' },
  ],
}
