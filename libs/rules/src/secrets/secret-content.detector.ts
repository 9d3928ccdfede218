import { shannonEntropy } from './entropy.js';

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
  | 'jwt'
  | 'connection-string-with-password'
  | 'password-like-value'
  | 'token-like-value';

export interface SecretMatch {
  kind: SecretKind;
  /** `high` for self-identifying formats; `medium` when the key name and the value's shape agree. */
  confidence: 'high' | 'medium';
}

const formatPatterns: { kind: SecretKind; pattern: RegExp }[] = [
  {
    kind: 'pem-private-key',
    pattern: /-{3,}BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-{3,}/,
  },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'slack-token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'stripe-secret-key', pattern: /\b[sr]k_live_[0-9A-Za-z]{20,}\b/ },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
];

/** Cheap pre-check: a substring every self-identifying format (or credential URL) contains. */
const formatHint =
  /BEGIN|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|AIza|k_live_|eyJ|:\/\/[^\s:/@]+:/;

/** `scheme://user:password@host` where the password is a literal, not a `$VAR` or template placeholder. */
const credentialUrl = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@[^\s/]+/i;

const secretKeyName =
  /(?:^|[_.-])(?:pass(?:word|wd)?|pwd|secret|token|api[_.-]?key|apikey|private[_.-]?key|credentials?|auth)(?:$|[_.-])/i;
const awsSecretKeyName = /aws.*secret|secret.*access.*key/i;
/** Keys that name a file, path or reference, not a value (`DB_PASSWORD_FILE`, `TOKEN_PATH`). */
const referenceKeyName =
  /(?:_|-|\.)(?:file|path|dir|ref|name|url|endpoint|key_id|keyid|length|len|min|max|enabled|policy|ttl|expiry|header|type)$/i;
const placeholderValue =
  /^(?:\$[({]?[A-Za-z_][A-Za-z0-9_]*[)}]?|\{\{.*\}\}|<[^>]+>|%[^%]+%|\*+|x+|changeme|change-me|password|secret|token|redacted|none|null|nil|true|false|yes|no|example|placeholder|your[-_].*)$/i;

/**
 * Decides whether a key/value pair holds a secret: self-identifying formats (PEM keys, cloud keys, tokens, JWTs,
 * credential URLs) anywhere, or a secret-sounding key whose value has the shape of a credential (length, entropy,
 * not a placeholder, reference or path). A key name alone never matches.
 */
export function detectSecretContent(key: string, value: string): SecretMatch | undefined {
  if (!formatHint.test(value) && !secretKeyName.test(key)) return undefined;
  for (const { kind, pattern } of formatPatterns) {
    if (pattern.test(value)) return { kind, confidence: 'high' };
  }
  const url = credentialUrl.exec(value);
  if (url && !isPlaceholder(url[1] ?? ''))
    return { kind: 'connection-string-with-password', confidence: 'high' };

  if (!secretKeyName.test(key) || referenceKeyName.test(key)) return undefined;
  const trimmed = value.trim();
  if (trimmed.length < 6 || trimmed.length > 4096 || /\s/.test(trimmed) || isPlaceholder(trimmed))
    return undefined;
  if (/^[./~]/.test(trimmed) || /^[a-z]+:\/\//i.test(trimmed) || /^\d+$/.test(trimmed)) return undefined;
  if (awsSecretKeyName.test(key) && /^[A-Za-z0-9/+=]{40}$/.test(trimmed))
    return { kind: 'aws-secret-access-key', confidence: 'high' };
  const entropy = shannonEntropy(trimmed);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(trimmed)).length;
  if (/token|api[_.-]?key|apikey/i.test(key)) {
    return entropy >= 3.5 && trimmed.length >= 16
      ? { kind: 'token-like-value', confidence: 'medium' }
      : undefined;
  }
  return entropy >= 2.5 && classes >= 2 ? { kind: 'password-like-value', confidence: 'medium' } : undefined;
}

function isPlaceholder(value: string): boolean {
  return placeholderValue.test(value);
}

/** The redacted form of a confidential value: its shape, never its content. */
export function redactValue(value: unknown, kind?: string): string {
  const length = typeof value === 'string' ? value.length : JSON.stringify(value ?? null).length;
  return `<redacted${kind ? ` ${kind}` : ''}, ${length} chars>`;
}
