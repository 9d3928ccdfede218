import { Link, Outlet } from '@tanstack/react-router';
import { useSession, useCurrentKey } from './session.js';
import { SignInPage } from './sign-in-page.js';

const navigation = [
  { to: '/', label: 'Fleet' },
  { to: '/findings', label: 'Findings' },
  { to: '/exceptions', label: 'Exceptions' },
  { to: '/reports', label: 'Reports' },
  { to: '/settings', label: 'Settings' },
] as const;

/** Signed out, every address shows the sign-in form (and the page itself once signed in, so links survive). */
export function AppLayout() {
  const { client } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/" className="brand">
          meshguard
        </Link>
        {client ? <SignedInNavigation /> : null}
      </header>
      <main id="main" tabIndex={-1}>
        {client ? <Outlet /> : <SignInPage />}
      </main>
    </>
  );
}

function SignedInNavigation() {
  const { signOut } = useSession();
  const key = useCurrentKey().data;
  return (
    <>
      <nav aria-label="Main">
        <ul className="nav-list">
          {navigation.map((item) => (
            <li key={item.to}>
              <Link to={item.to} activeOptions={{ exact: item.to === '/' }} activeProps={{ 'aria-current': 'page', className: 'active' }}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="session">
        {key ? (
          <span className="muted" data-testid="signed-in-as">
            {key.name} · <span className="role">{key.role}</span>
          </span>
        ) : null}
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
    </>
  );
}
