import { AsyncLocalStorage } from 'node:async_hooks';

type Hook = () => Promise<void>;
const pending = new AsyncLocalStorage<Hook[]>();

/** Runs `work` collecting after-commit hooks; they run, in order, only once `work` (the transaction) succeeded. */
export async function collectingAfterCommit<T>(work: () => Promise<T>): Promise<{ result: T; hooks: Hook[] }> {
  const hooks: Hook[] = [];
  const result = await pending.run(hooks, work);
  return { result, hooks };
}

/**
 * Defers a side effect outside the database (enqueueing a job, changing a schedule) until the request's transaction
 * has committed, so a worker never sees a job for a row that does not exist yet or was rolled back.
 */
export function afterCommit(hook: Hook): void {
  const hooks = pending.getStore();
  if (!hooks) throw new Error('afterCommit called outside a request transaction');
  hooks.push(hook);
}
