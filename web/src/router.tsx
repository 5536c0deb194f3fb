import { createBrowserRouter } from 'react-router-dom';
import { appRoutes } from './routes';
import { AppLayout } from './routes/layout/AppLayout';
import { page } from './routes/lazy-page';
import { NotFound } from './routes/shared/NotFound';
import { RoleGate } from './routes/shared/RoleGate';
import { RequireAuth } from './session/RequireAuth';

export const router = createBrowserRouter([
  { path: '/login', element: page(() => import('./routes/login/LoginPage')) },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      ...appRoutes.map((r) => ({ path: r.path, element: <RoleGate roles={r.roles}>{r.element}</RoleGate> })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
