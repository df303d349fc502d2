// Sign in and sign up: one form each, errors next to their fields, the session kept by the server's cookie.
import { useId, useState, type FormEvent } from 'react';
import { navigate, onLinkClick } from '../../lib/router.ts';
import { HttpError, OfflineError } from '../../api/transport.ts';
import { signIn, signUp } from './session.ts';

type Mode = 'signin' | 'signup';

export function AuthScreen({ mode, notice }: { mode: Mode; notice?: string | undefined }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const signup = mode === 'signup';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      if (signup) await signUp({ email, password, ...(name.trim() ? { name: name.trim() } : {}) });
      else await signIn(email, password);
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof OfflineError) setError('You are offline. Connect to the internet to sign in.');
      else if (err instanceof HttpError) {
        const fields: Record<string, string> = {};
        for (const e of err.errors) fields[e.path.split('.')[0] ?? ''] = e.message;
        setFieldErrors(fields);
        setError(
          err.type === 'bad-credentials'
            ? 'The email or password is wrong.'
            : err.status === 409
              ? 'An account with this email exists already. Sign in instead.'
              : err.status === 429
                ? 'Too many attempts. Wait a minute and try again.'
                : Object.keys(fields).length
                  ? null
                  : err.message,
        );
      } else setError('Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: string, label: string) =>
    fieldErrors[field] ? (
      <p id={`${id}-${field}-error`} className="error">
        {label} {fieldErrors[field]}.
      </p>
    ) : null;

  return (
    <main className="auth" aria-labelledby={`${id}-title`}>
      <div className="auth-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>
          Todos
        </p>
        <h1 id={`${id}-title`}>{signup ? 'Create your account' : 'Sign in'}</h1>
        <p className="lead">
          {signup
            ? 'Your list works offline and syncs across your devices.'
            : 'Welcome back. Your list is waiting, even offline.'}
        </p>
        {notice && <p className="notice">{notice}</p>}
        <form onSubmit={(e) => void submit(e)} noValidate>
          {signup && (
            <div className="field">
              <label htmlFor={`${id}-name`}>Name (optional)</label>
              <input
                id={`${id}-name`}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="name"
              />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="email"
              required
              aria-invalid={fieldErrors.email ? true : undefined}
              aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
            />
            {fieldError('email', 'The email')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete={signup ? 'new-password' : 'current-password'}
              required
              minLength={signup ? 8 : undefined}
              aria-invalid={fieldErrors.password ? true : undefined}
              aria-describedby={
                fieldErrors.password ? `${id}-password-error` : signup ? `${id}-password-hint` : undefined
              }
            />
            {/* An error about the password takes the hint's place rather than repeat it. */}
            {signup && !fieldErrors.password && (
              <p id={`${id}-password-hint`} className="hint">
                At least 8 characters.
              </p>
            )}
            {fieldError('password', 'The password')}
          </div>
          {error && (
            <p className="error form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={busy}>
            {busy ? 'Please wait…' : signup ? 'Create account' : 'Sign in'}
          </button>
        </form>
        <p className="switch">
          {signup ? 'Have an account? ' : 'New here? '}
          <a href={signup ? '/signin' : '/signup'} onClick={onLinkClick}>
            {signup ? 'Sign in' : 'Create an account'}
          </a>
        </p>
      </div>
    </main>
  );
}
