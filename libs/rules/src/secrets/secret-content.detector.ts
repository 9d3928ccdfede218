import { credentialName, type CredentialName } from './credential-name.js';

/** What kind of secret a value looks like. */
export type SecretKind =
  | 'pem-private-key'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'google-api-key'
  | 'stripe-secret-key'
  | 'npm-token'
  | 'jwt'
  | 'azure-connection-string'
  | 'authorization-header'
  | 'connection-string-with-password'
  | 'password-like-value'
  | 'token-like-value'
  | 'secret-like-value';

export interface SecretMatch {
  kind: SecretKind;
  /** `high` for self-identifying formats; `medium` for a literal under a key that names a credential. */
  confidence: 'high' | 'medium';
}

const formatPatterns: { kind: SecretKind; pattern: RegExp }[] = [
  { kind: 'pem-private-key', pattern: /-+\s*BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?/ },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'stripe-secret-key', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: 'azure-connection-string', pattern: /\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{20,}={0,2}/ },
  // An Authorization header value: the scheme, then a credential with a digit in it (not prose such as "Bearer tokens").
  {
    kind: 'authorization-header',
    pattern: /\b(?:bearer|basic)\s+(?=[A-Za-z0-9._~+/-]*\d)(?=[A-Za-z0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{8,}=*/i,
  },
];

/** Cheap pre-check: a substring every self-identifying format (or credential URL) contains. */
const formatHint =
  /BEGIN|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|AIza|k_live_|npm_|eyJ|AccountKey=|SharedAccessKey=|bearer|basic|:\/\/[^\s:/@]+:/i;

/** `scheme://user:password@host` where the password is a literal, not a `$VAR` or template placeholder. */
const credentialUrl = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@[^\s/]+/i;

const awsSecretKeyName = /aws.*secret|secret.*access.*key/i;
const placeholderValue =
  /^(?:\$[({]?[A-Za-z_][A-Za-z0-9_]*[)}]?|\{\{.*\}\}|<[^>]+>|%[^%]+%|\*+|x+|\.+|-+|changeme|change-me|replace-?me|password|secret|token|redacted|none|null|nil|undefined|true|false|yes|no|on|off|example|placeholder|dummy|todo|tbd|your[-_].*)$/i;
/** A value assembled from references (`$(DB_PASSWORD)`, `${TOKEN}`, `{{ .Values.key }}`) is not a literal. */
const referenceInside = /\$[({]|\{\{/;
/** File paths: absolute, relative, or lower-case segments joined by slashes (`my/secret/file/path`). */
const pathValue = /^(?:\.{0,2}\/|~\/)|^(?:[a-z0-9_.-]+\/)+[a-z0-9_.-]+$/;

/**
 * Decides whether a key/value pair holds a secret: self-identifying formats (PEM keys, cloud keys, tokens, JWTs,
 * Authorization headers, credential URLs) anywhere, or a key that names a credential (`credentialName`) holding a
 * literal: not empty, not a placeholder, reference, path, URL, number or flag, and a single line (a file under a
 * credential-sounding key is judged by its content).
 */
export function detectSecretContent(key: string, value: string): SecretMatch | undefined {
  const named = credentialName(key);
  if (!named && !formatHint.test(value)) return undefined;
  for (const { kind, pattern } of formatPatterns) {
    if (pattern.test(value)) return { kind, confidence: 'high' };
  }
  const url = credentialUrl.exec(value);
  if (url && !isPlaceholder(url[1] ?? ''))
    return { kind: 'connection-string-with-password', confidence: 'high' };

  if (!named) return undefined;
  const trimmed = value.trim();
  if (!isCredentialLiteral(trimmed)) return undefined;
  if (awsSecretKeyName.test(key) && /^[A-Za-z0-9/+=]{40}$/.test(trimmed))
    return { kind: 'aws-secret-access-key', confidence: 'high' };
  return { kind: namedKinds[named], confidence: 'medium' };
}

const namedKinds = {
  password: 'password-like-value',
  token: 'token-like-value',
  secret: 'secret-like-value',
} as const satisfies Record<CredentialName, SecretKind>;

function isCredentialLiteral(trimmed: string): boolean {
  if (trimmed.length === 0 || trimmed.length > 4096 || trimmed.includes('\n')) return false;
  if (isPlaceholder(trimmed) || referenceInside.test(trimmed)) return false;
  if (/^\d+$/.test(trimmed) || pathValue.test(trimmed) || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return false;
  return true;
}

function isPlaceholder(value: string): boolean {
  return placeholderValue.test(value);
}

/** The redacted form of a confidential value: its shape, never its content. */
export function redactValue(value: unknown, kind?: string): string {
  const length = typeof value === 'string' ? value.length : JSON.stringify(value ?? null).length;
  return `<redacted${kind ? ` ${kind}` : ''}, ${length} chars>`;
}
