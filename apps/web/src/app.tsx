/**
 * Routes. Everything but /login needs a session; the layout shows the navigation and user menu.
 * Screens live in pages/ (one module per resource) and jobs/ (the live job page and handler timeline).
 */
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './auth/session';
import { Layout } from './layout/layout';
import { LoginPage } from './pages/login';

function Authed() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading" role="status">Loading…</p>;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Layout />;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/*" element={<Authed />} />
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
