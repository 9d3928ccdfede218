/** What a key name says its value is. */
export type CredentialName = 'password' | 'token' | 'secret';

/** Words that name a credential wherever they stand in a key (`MYSQL_ROOT_PASSWORD`, `SECRET_BLAH`, `dbPassword`). */
const credentialWords = new Map<string, CredentialName>([
  ['password', 'password'],
  ['passwd', 'password'],
  ['passphrase', 'password'],
  ['pwd', 'password'],
  ['pass', 'password'],
  ['token', 'token'],
  ['bearer', 'token'],
  ['jwt', 'token'],
  ['apikey', 'token'],
  ['privatekey', 'secret'],
  ['secret', 'secret'],
  ['secrets', 'secret'],
  ['credential', 'secret'],
  ['credentials', 'secret'],
  ['creds', 'secret'],
]);

/** `<qualifier>_KEY` is key material (`API_KEY`, `AWS_SECRET_ACCESS_KEY`, `AZURE_BATCH_KEY`), unlike `CACHE_KEY`. */
const keyQualifiers = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'encryption',
  'master',
  'account',
  'storage',
  'batch',
  'shared',
  'client',
  'auth',
  'hmac',
  'sas',
  'subscription',
]);

/** Trailing words meaning "the value itself" (`OCI_CLI_KEY_CONTENT`, `TOKEN_VALUE`): skipped before judging. */
const valueWords = new Set(['content', 'value', 'data', 'material', 'b64', 'base64']);

/**
 * A last word that makes the key about a credential rather than the credential: where it lives (`_FILE`, `_PATH`,
 * `_NAME`, `_REF`, `_URL`), how it is handled (`_TTL`, `_POLICY`, `_ENABLED`, `_HEADER`) or a file of that name
 * (`credentials.json`), whose content is judged line by line instead.
 */
const modifierWords = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'ref',
  'name',
  'url',
  'uri',
  'endpoint',
  'host',
  'port',
  'id',
  'keyid',
  'length',
  'len',
  'min',
  'max',
  'enabled',
  'enable',
  'disabled',
  'required',
  'policy',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'timeout',
  'interval',
  'duration',
  'seconds',
  'secs',
  'header',
  'type',
  'mode',
  'audience',
  'issuer',
  'algorithm',
  'alg',
  'format',
  'version',
  'hint',
  'description',
  'prefix',
  'suffix',
  'rotation',
  'provider',
  'store',
  'backend',
  'namespace',
  'location',
  'mount',
  'user',
  'username',
  'count',
  'size',
  'field',
  'kind',
  'scope',
  'scopes',
  'method',
  'strategy',
  'json',
  'yaml',
  'yml',
  'properties',
  'conf',
  'cfg',
  'ini',
  'toml',
  'xml',
  'env',
  'txt',
  'sh',
]);

/** Cheap pre-check: every credential name contains one of these. */
const credentialHint = /pass|pwd|secret|token|cred|bearer|jwt|key|auth/i;

/**
 * Whether a key names a credential, and which kind: a credential word anywhere (`SECRET_BLAH`), a qualified key
 * (`AWS_SECRET_ACCESS_KEY`, `AZURE_BATCH_KEY`, `OCI_CLI_KEY_CONTENT`) or a trailing `AUTH` (`REDIS_AUTH`), unless
 * the last word makes it about the credential (`DB_PASSWORD_FILE`, `TOKEN_TTL`, `aws_access_key_id`).
 */
export function credentialName(key: string): CredentialName | undefined {
  if (!credentialHint.test(key)) return undefined;
  // The same few names (env variables, evidence pointers' last segments) are judged again and again in a scan.
  const known = judged.get(key);
  if (known !== undefined) return known === false ? undefined : known;
  if (judged.size >= maxJudged) judged.clear();
  const kind = judgeName(key);
  judged.set(key, kind ?? false);
  return kind;
}

const judged = new Map<string, CredentialName | false>();
/** Bounds the memo in a long-running worker that scans many clusters. */
const maxJudged = 10_000;

function judgeName(key: string): CredentialName | undefined {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0 && !/^\d+$/.test(word));
  const last = words[words.length - 1];
  if (last === undefined || modifierWords.has(last)) return undefined;
  let end = words.length;
  while (end > 1 && valueWords.has(words[end - 1] ?? '')) end -= 1;
  const kept = words.slice(0, end);
  for (const word of kept) {
    const kind = credentialWords.get(word);
    if (kind) return kind;
  }
  const final = kept[kept.length - 1];
  const before = kept[kept.length - 2];
  if (final === 'key' && (end < words.length || keyQualifiers.has(before ?? '') || kept.includes('azure')))
    return 'token';
  if (final === 'auth' && kept.length > 1) return 'secret';
  return undefined;
}
