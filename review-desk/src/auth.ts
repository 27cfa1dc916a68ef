// Who is asking: per-approver bearer tokens (or a login that turns one into a session cookie) or a trusted reverse-proxy header; and CSRF tokens.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** How approvers prove who they are. */
export interface AuthOptions {
  /** Each approver's secret token, by name: sent as `Authorization: Bearer TOKEN`, or typed once into the page's sign-in. */
  readonly tokens?: Readonly<Record<string, string>>;
  /**
   * A header a reverse proxy in front of the desk sets to the signed-in approver's name (`x-forwarded-user`, say). Only
   * behind a proxy that sets it on every request and strips it from clients: the desk believes it.
   */
  readonly header?: string;
}

/** Cookie names: the signed-in session, and the anonymous one a sign-in's CSRF token is bound to. */
export const SESSION_COOKIE = "apol_desk";
export const ANON_COOKIE = "apol_desk_anon";
/** Sessions end after 12 hours. */
export const SESSION_MS = 12 * 3_600_000;

const digest = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Checks identities and issues CSRF tokens; sessions live in this process's memory. */
export class Auth {
  private readonly byToken: ReadonlyMap<string, string>;
  private readonly sessions = new Map<string, { name: string; until: number }>();
  private readonly secret = randomBytes(32);

  constructor(
    private readonly options: AuthOptions,
    private readonly clock: () => number,
  ) {
    if (!options.tokens && !options.header) throw new TypeError("the review desk needs `auth.tokens` or `auth.header`: without either nobody could sign in");
    const byToken = new Map<string, string>();
    for (const [name, token] of Object.entries(options.tokens ?? {})) {
      if (typeof token !== "string" || token.length < 16) throw new TypeError(`approver \`${name}\`: a token must be a string of at least 16 characters`);
      byToken.set(digest(token), name);
    }
    this.byToken = byToken;
  }

  /** The approver a token belongs to; compared by digest, so the lookup's timing says nothing about the token. */
  named(token: string): string | undefined {
    return this.byToken.get(digest(token));
  }

  /** A new session for `name`: the cookie value. */
  open(name: string): string {
    const id = randomBytes(24).toString("base64url");
    this.sessions.set(id, { name, until: this.clock() + SESSION_MS });
    return id;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  /** Who a request is, and the key its CSRF token is bound to: bearer token first, then the proxy header, then the session cookie. */
  who(headers: { authorization?: string | undefined; header?: string | undefined; session?: string | undefined }): { name: string; key: string } | undefined {
    const bearer = /^Bearer (\S+)$/i.exec(headers.authorization ?? "")?.[1];
    if (bearer !== undefined) {
      const name = this.named(bearer);
      return name === undefined ? undefined : { name, key: `token:${digest(bearer)}` };
    }
    if (this.options.header && headers.header) return { name: headers.header, key: `header:${headers.header}` };
    if (headers.session) {
      const session = this.sessions.get(headers.session);
      if (session && session.until > this.clock()) return { name: session.name, key: `session:${headers.session}` };
      this.sessions.delete(headers.session);
    }
    return undefined;
  }

  /** The header the desk reads names from, if any. */
  get header(): string | undefined {
    return this.options.header;
  }

  /** The CSRF token of a key: a page on another origin cannot read it, so it cannot make a request that carries it. */
  csrf(key: string): string {
    return createHmac("sha256", this.secret).update(key).digest("base64url");
  }

  /** Whether `given` is the CSRF token of `key`. */
  csrfHolds(key: string, given: string | undefined): boolean {
    if (given === undefined) return false;
    const want = Buffer.from(this.csrf(key));
    const got = Buffer.from(given);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
