// The API key lives in sessionStorage only: gone when the tab closes, never in a URL, never logged.
const KEY = "rowell.apiKey";

export function getKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function clearKey(): void {
  sessionStorage.removeItem(KEY);
}

export type Mode = "test" | "live";

export function modeOf(key: string | null): Mode | null {
  if (key?.startsWith("sk_live_")) return "live";
  if (key?.startsWith("sk_test_")) return "test";
  return null;
}
