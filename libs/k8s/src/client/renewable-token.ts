/** Renew this long before the stated expiry: a request in flight must not outlive its token. */
const renewalMarginMs = 10_000;

/** A fresh token and when it expires, if its issuer said. */
export interface IssuedToken {
  token: string;
  expiresAt?: Date;
}

/**
 * A bearer token that expires during a long scan and can be fetched again (an exec credential plugin's), kept fresh
 * as kubectl does: renewed shortly before it expires, and once more when the API server answers 401 to it. Every
 * client of one scan shares it, so a renewal serves them all, and concurrent requests share one renewal.
 */
export class RenewableToken {
  private issued: IssuedToken;
  private renewing: Promise<string> | undefined;

  constructor(
    first: IssuedToken,
    private readonly fetch: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {
    this.issued = first;
  }

  get current(): string {
    return this.issued.token;
  }

  /** True when the current token expires within the margin. */
  get dueSoon(): boolean {
    const { expiresAt } = this.issued;
    return expiresAt !== undefined && this.now() >= expiresAt.getTime() - renewalMarginMs;
  }

  /** Renews the token unless it already changed since `seen` (another request renewed it); returns the current one. */
  async renew(seen = this.current): Promise<string> {
    if (seen !== this.current) return this.current;
    this.renewing ??= this.fetch().then(
      (issued) => {
        this.issued = issued;
        this.renewing = undefined;
        return issued.token;
      },
      (error: unknown) => {
        this.renewing = undefined;
        throw error;
      },
    );
    return this.renewing;
  }
}
