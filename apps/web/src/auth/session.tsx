/**
 * The logged-in user: loaded from GET /me at start, set by login, cleared by logout or by any 401.
 * `can` answers what the screens may offer; the API still checks every request.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthenticatedHandler } from '../api/client';
import { closeLiveSocket } from '../api/live';

export interface Me {
  id: number;
  username: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  is_superuser: boolean;
  [key: string]: unknown;
}

interface SessionValue {
  user: Me | null;
  loading: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      closeLiveSocket();
      setUser(null);
    });
    api
      .get<Me>('/me')
      .then(setUser, () => setUser(null))
      .finally(() => setLoading(false));
    return () => setUnauthenticatedHandler(undefined);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const me = await api.post<Me>('/auth/login', { username, password });
    closeLiveSocket(); // reconnect with the new cookie
    setUser(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      closeLiveSocket();
      setUser(null);
    }
  }, []);

  const value = useMemo(() => ({ user, loading, login, logout }), [user, loading, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
