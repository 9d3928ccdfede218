import type { components } from '@meshguard/api-client';
import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/states.js';
import { describeScope, exceptionBodyOf, exceptionScopes, expiryOf, type ExceptionScope } from './exception-scope.js';
import { useCreateException } from './findings-queries.js';

type Finding = components['schemas']['FindingDto'];
type Exception = components['schemas']['ExceptionDto'];

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Justification, owner, expiry and scope of a waiver for one finding; the API checks each field. */
export function ExceptionForm({ finding, onCreated }: { finding: Finding; onCreated: (exception: Exception) => void }) {
  const id = useId();
  const [justification, setJustification] = useState('');
  const [owner, setOwner] = useState('');
  const [expiry, setExpiry] = useState(inDays(30));
  const [scope, setScope] = useState<ExceptionScope>('resource');
  const [mode, setMode] = useState<'except' | 'accept'>('except');
  const create = useCreateException();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(exceptionBodyOf(finding, scope, { justification, owner, expiresAt: expiryOf(expiry) ?? expiry, mode }), { onSuccess: onCreated });
  };
  return (
    <form className="stacked-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Create an exception</h3>
      <label htmlFor={`${id}-justification`}>Justification (at least 10 characters)</label>
      <textarea id={`${id}-justification`} value={justification} onChange={(event) => setJustification(event.target.value)} required minLength={10} rows={3} />
      <label htmlFor={`${id}-owner`}>Owner (person or team)</label>
      <input id={`${id}-owner`} value={owner} onChange={(event) => setOwner(event.target.value)} required />
      <label htmlFor={`${id}-expiry`}>Expires on</label>
      <input id={`${id}-expiry`} type="date" value={expiry} min={inDays(1)} onChange={(event) => setExpiry(event.target.value)} required />
      <fieldset>
        <legend>Scope</legend>
        {exceptionScopes.map((value) => (
          <label key={value} className="choice">
            <input type="radio" name={`${id}-scope`} value={value} checked={scope === value} onChange={() => setScope(value)} />
            {describeScope(value, finding)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Kind of exception</legend>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'except'} onChange={() => setMode('except')} />
          Justified deviation (excepted)
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'accept'} onChange={() => setMode('accept')} />
          Accepted risk (accepted)
        </label>
      </fieldset>
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create exception'}
      </button>
      {create.isError ? <ErrorNotice error={create.error} action="Creating the exception" /> : null}
    </form>
  );
}
