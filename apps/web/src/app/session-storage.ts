/** The API key lives in sessionStorage only: gone when the tab closes, never in a URL, cookie or log. */
const storageKey = 'meshguard.apiKey';

export function storedApiKey(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function storeApiKey(token: string): void {
  sessionStorage.setItem(storageKey, token);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(storageKey);
}
