import { useState, type FormEvent } from 'react';
import { ApiProblem } from './api-problem.js';
import { useSession } from './session.js';
import { describeSignOut, signOutReasonOf } from './sign-out-reason.js';
import { ErrorNotice } from '../ui/states.js';

export function SignInPage() {
  const { signIn, signOutReason } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      setToken('');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const refused = error instanceof ApiProblem && error.status === 401 ? describeSignOut(signOutReasonOf(error.reason)) : null;
  return (
    <section className="sign-in">
      <h1>Sign in to meshguard</h1>
      {signOutReason ? (
        <p className={signOutReason === 'signed-out' ? 'notice' : 'notice notice-warning'} role="status">
          {describeSignOut(signOutReason)}
        </p>
      ) : null}
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby="api-key-help"
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      {refused ? (
        <p className="state state-error" role="alert">
          {refused}
        </p>
      ) : error ? (
        <ErrorNotice error={error} action="Sign in" />
      ) : null}
      <div id="api-key-help" className="help">
        <p>Where to find a key:</p>
        <ul>
          <li>
            On the first start, meshguard prints the first owner key in its terminal output (look for{' '}
            <q>Its owner API key</q>).
          </li>
          <li>An owner can create more keys under Settings → API keys.</li>
          <li>
            Administrators can create a tenant with its owner key: <code>npm run tenant:create</code>.
          </li>
        </ul>
        <p className="muted">The key stays in this browser tab only (sessionStorage) and is removed when you sign out.</p>
      </div>
    </section>
  );
}
