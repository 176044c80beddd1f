import type { Feature } from '../feature'
import { AcceptInvitationPage } from './AcceptInvitationPage'
import { AuditLogPage } from './AuditLogPage'
import { MembersPage } from './MembersPage'
import { ProjectsPage } from './ProjectsPage'
import { SignUpPage } from './SignUpPage'

export const iamFeature: Feature = {
  publicRoutes: [
    { path: '/sign-up', element: <SignUpPage /> },
    { path: '/invitations/:token', element: <AcceptInvitationPage /> },
  ],
  shellRoutes: [
    { path: 'projects', element: <ProjectsPage /> },
    { path: 'members', element: <MembersPage /> },
    { path: 'audit-log', element: <AuditLogPage /> },
  ],
  nav: [
    { to: '/projects', label: 'Projects', scope: 'iam:admin' },
    { to: '/members', label: 'Members', scope: 'iam:admin' },
    { to: '/audit-log', label: 'Audit log', scope: 'iam:admin' },
  ],
}
