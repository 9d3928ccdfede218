import { describe, expect, it } from 'vitest';
import { detectSecretContent } from './secret-content.detector.js';

describe('detectSecretContent', () => {
  it.each([
    ['key', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn…', 'pem-private-key'],
    ['anything', 'AKIAQ4EXAMPLE7ZYXWV2', 'aws-access-key-id'],
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws-secret-access-key'],
    ['GH', 'ghp_8sYq2Lk4Vb7Nw1Zr5Tx9Pa3Md6Fh0Jc2Ge4Ku', 'github-token'],
    ['SLACK', 'xoxb-1234567890-abcdefghij', 'slack-token'],
    ['auth', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlLXZhbHVl', 'jwt'],
    ['DATABASE_URL', 'postgres://shop:S3cr3t-Pa55w0rd@db:5432/shop', 'connection-string-with-password'],
    ['DB_PASSWORD', 'Tr0ub4dor&3xyz', 'password-like-value'],
    ['API_TOKEN', 'f3a9c1e77b2d4e0a9c6b8d1e2f3a4b5c', 'token-like-value'],
    // A literal under a credential name is a credential however weak it looks (corpora: Kubescape, Polaris, kube-linter).
    ['MYSQL_ROOT_PASSWORD', 'rootpasswd', 'password-like-value'],
    ['pwd', 'Hpwd', 'password-like-value'],
    ['dbPassword', 'hunter2', 'password-like-value'],
    ['SECRET_BLAH', 'secretsquirrels', 'secret-like-value'],
    ['azure_batch_key', 'Hello from the environment', 'token-like-value'],
    ['OCI_CLI_KEY_CONTENT', 'MIIEvQIBADANBg', 'token-like-value'],
    ['REDIS_AUTH', '0f84aec9-24e9-492f-a7df-ae4883bf17c3', 'secret-like-value'],
    ['token', 'short', 'token-like-value'],
    ['AUTH_HEADER', 'bearer abc123def', 'authorization-header'],
    ['SIGNING_KEY', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', 'pem-private-key'],
    ['STORAGE', 'DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=c2VjcmV0LWtleS1ieXRlcy0xMjM0NTY3OA==', 'azure-connection-string'],
  ])('finds %s', (key, value, kind) => {
    expect(detectSecretContent(key, value)?.kind).toBe(kind);
  });

  it.each([
    ['DB_PASSWORD_FILE', '/run/secrets/db'],
    ['PASSWORD', '${DB_PASSWORD}'],
    ['password', 'changeme'],
    ['TOKEN_TTL', '3600'],
    ['SECRET_NAME', 'db-credentials'],
    ['API_KEY', '{{ .Values.apiKey }}'],
    ['DATABASE_URL', 'postgres://db:5432/shop'],
    ['DATABASE_URL', 'postgres://shop:$(DB_PASSWORD)@db:5432/shop'],
    ['LOG_LEVEL', 'debug'],
    ['TOKEN_AUDIENCE', 'api'],
    ['aws_access_key_id', 'XXXX'],
    ['my_password', 'my/secret/file/path'],
    ['SOME_TOKEN_PATH', '/var/run/secrets/token'],
    ['I_HAVE_A_SECRET', 'true'],
    ['CACHE_KEY', 'v2-products'],
    ['a_key', 'and value that are ok'],
    ['credentials.json', '{\n  "type": "service_account"\n}'],
    ['AUTH', 'Bearer tokens are accepted'],
    ['JWT_EXPIRY_SECONDS', '3600'],
    ['SECRET', 'xxxxx'],
    ['PASSWORD_POLICY', 'min-length-12-with-symbols'],
    ['description', 'the password must be rotated quarterly'],
  ])('does not flag %s=%s', (key, value) => {
    expect(detectSecretContent(key, value)).toBeUndefined();
  });
});
