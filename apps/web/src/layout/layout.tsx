/** The frame around every screen: navigation, the user menu, and the routed page. */
import { NavLink, Route, Routes } from 'react-router';
import { useSession } from '../auth/session';
import { JobPage } from '../jobs/job-page';
import { JobsListPage } from '../jobs/jobs-list';
import { CredentialsRoutes } from '../pages/credentials';
import { DashboardPage } from '../pages/dashboard';
import { InventoriesRoutes } from '../pages/inventories';
import { OrganizationsRoutes } from '../pages/organizations';
import { ProjectsRoutes } from '../pages/projects';
import { TeamsRoutes } from '../pages/teams';
import { TemplatesRoutes } from '../pages/templates';
import { UsersRoutes } from '../pages/users';

const NAV: Array<[string, string]> = [
  ['/', 'Dashboard'],
  ['/jobs', 'Jobs'],
  ['/templates', 'Templates'],
  ['/projects', 'Projects'],
  ['/inventories', 'Inventories'],
  ['/credentials', 'Credentials'],
  ['/organizations', 'Organizations'],
  ['/teams', 'Teams'],
  ['/users', 'Users'],
];

export function Layout() {
  const { user, logout } = useSession();
  return (
    <div className="shell">
      <nav aria-label="Main" className="nav">
        <span className="brand">drover</span>
        <ul>
          {NAV.map(([to, label]) => (
            <li key={to}>
              <NavLink to={to} end={to === '/'}>
                {label}
              </NavLink>
            </li>
          ))}
        </ul>
        <details className="user-menu">
          <summary aria-label="User menu">{user?.username}</summary>
          <button type="button" onClick={() => void logout()}>
            Log out
          </button>
        </details>
      </nav>
      <main className="page">
        <Routes>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/jobs" element={<JobsListPage />} />
          <Route path="/jobs/:id/*" element={<JobPage />} />
          <Route path="/templates/*" element={<TemplatesRoutes />} />
          <Route path="/projects/*" element={<ProjectsRoutes />} />
          <Route path="/inventories/*" element={<InventoriesRoutes />} />
          <Route path="/credentials/*" element={<CredentialsRoutes />} />
          <Route path="/organizations/*" element={<OrganizationsRoutes />} />
          <Route path="/teams/*" element={<TeamsRoutes />} />
          <Route path="/users/*" element={<UsersRoutes />} />
          <Route path="*" element={<h1>Not found</h1>} />
        </Routes>
      </main>
    </div>
  );
}
