import { describe, expect, it } from 'vitest';
import { ApiProblem, problemFrom, unwrap } from './api-problem.js';
import { describeSignOut, signOutReasonOf } from './sign-out-reason.js';

const response = (status: number, headers: Record<string, string> = {}) => new Response(null, { status, headers });

describe('problems as people read them', () => {
  it('keeps detail, field errors, correlation id and the 401 reason of an RFC 9457 body', () => {
    const problem = problemFrom(response(400), {
      title: 'Bad Request',
      detail: 'The request is invalid.',
      correlationId: 'c-123',
      errors: [{ field: 'schedule.cron', message: 'not a cron expression' }, { nonsense: true }],
      reason: 'revoked',
    });
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', detail: 'The request is invalid.', correlationId: 'c-123', reason: 'revoked' });
    expect(problem.fieldErrors).toEqual([{ field: 'schedule.cron', message: 'not a cron expression' }]);
  });

  it('falls back to the status text and the correlation header for a body that is not a problem', () => {
    const problem = problemFrom(response(502, { 'x-correlation-id': 'from-header' }), '<html>bad gateway</html>');
    expect(problem).toMatchObject({ status: 502, title: 'HTTP 502', correlationId: 'from-header', reason: null });
    expect(problem.detail).toBe('<html>bad gateway</html>');
  });

  it('unwraps data, and throws an ApiProblem for an error status or an unreachable API', async () => {
    await expect(unwrap(Promise.resolve({ data: { ok: true }, response: response(200) }))).resolves.toEqual({ ok: true });
    await expect(unwrap(Promise.resolve({ error: { detail: 'No cluster x.' }, response: response(404) }))).rejects.toMatchObject({ status: 404, detail: 'No cluster x.' });
    const offline = unwrap(Promise.reject(new TypeError('fetch failed')));
    await expect(offline).rejects.toBeInstanceOf(ApiProblem);
    await expect(offline).rejects.toMatchObject({ status: 0, title: 'Network error' });
  });

  it('explains each sign-out reason, treating anything unexpected as an unknown key', () => {
    expect(signOutReasonOf('expired')).toBe('expired');
    expect(signOutReasonOf('something-new')).toBe('unknown');
    expect(signOutReasonOf(null)).toBe('unknown');
    expect(describeSignOut('revoked')).toMatch(/revoked/);
    expect(describeSignOut('expired')).toMatch(/expired/);
  });
});
