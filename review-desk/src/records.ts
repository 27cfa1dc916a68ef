// The desk's records in the enforcers' store: what each held call looked like, and the index of reviews newest first.
import { parseRecord, reviewKey, type Decision, type PolicyModule, type ReviewRecord, type SessionStore } from "@apol/runtime";

/** What the desk shows of a call held for review, written by the enforcer's process when the review opens. */
export interface HeldCall {
  readonly review: string;
  readonly digest: string;
  readonly rule: string;
  /** `file:line:column` of the deciding rule. */
  readonly location?: string;
  readonly reason: string;
  readonly tool: string;
  readonly session?: string;
  readonly decision: string;
  readonly required: number;
  readonly from?: readonly string[];
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
  /** The arguments as the decision log holds them: masked where the policy's `redact` rules or `maskArgs` say, long strings cut. */
  readonly args: unknown;
  readonly masked: readonly string[];
  readonly matched: readonly string[];
  /** Absent when arguments were masked: an excerpt may hold the masked text (as in the log). */
  readonly provenance: NonNullable<Decision["provenance"]>;
  /** The session's calls before this one, oldest first, as this process saw them. */
  readonly recent: readonly RecentCall[];
}

/** One earlier decision in the held call's session. */
export interface RecentCall {
  /** Its place among the session's decisions this process saw, from 1. */
  readonly step: number;
  readonly id: string;
  readonly tool: string;
  readonly effect: string;
  readonly rule: string;
  readonly args: unknown;
  readonly at: number;
}

/** The index keeps this many reviews; older ones leave the history tab. */
const INDEX_SIZE = 500;
/** How long the index outlives its last change. */
const INDEX_KEEP_MS = 30 * 86_400_000;
/** A held call's record is kept an hour past its review's expiry, as the review itself is. */
const KEEP_MS = 3_600_000;
const TRIES = 16;
const INDEX_KEY = "desk:index";
const heldKey = (review: string): string => `desk:held:${review}`;

type StoreConfig = Parameters<SessionStore["read"]>[0];

/** The desk's records of one policy, in the store its enforcers keep reviews in. */
export class DeskRecords {
  private readonly config: StoreConfig;

  constructor(
    readonly store: SessionStore,
    module: PolicyModule,
  ) {
    // Records are kept per policy name, as the reviews are; the session fields are never read for records.
    this.config = {
      namespace: module.policy,
      needs: module.needs,
      idleMs: 86_400_000,
      limits: { entries: 10_000, contentUnits: 4_000_000 },
      clockToleranceMs: Number.POSITIVE_INFINITY,
    };
  }

  /** Keeps a held call and puts its review first in the index; a review published already is left as it is. */
  async publish(held: HeldCall, now: number): Promise<void> {
    const text = JSON.stringify(held);
    if (!(await this.store.swap(this.config, [{ key: heldKey(held.review), expected: null, next: text }], now, held.expiresAt + KEEP_MS))) return;
    for (let i = 0; i < TRIES; i++) {
      const [current] = await this.store.read(this.config, [INDEX_KEY]);
      const ids = [held.review, ...parseIds(current ?? null).filter((id) => id !== held.review)].slice(0, INDEX_SIZE);
      if (await this.store.swap(this.config, [{ key: INDEX_KEY, expected: current ?? null, next: JSON.stringify(ids) }], now, now + INDEX_KEEP_MS)) return;
    }
    throw new Error(`the review desk's index kept changing under other workers; review \`${held.review}\` is not listed`);
  }

  /** The reviews the index lists, newest first. */
  async ids(): Promise<readonly string[]> {
    const [text] = await this.store.read(this.config, [INDEX_KEY]);
    return parseIds(text ?? null);
  }

  /** The held calls of `reviews`, undefined where the store forgot one. */
  async held(reviews: readonly string[]): Promise<(HeldCall | undefined)[]> {
    if (reviews.length === 0) return [];
    const texts = await this.store.read(this.config, reviews.map(heldKey));
    return texts.map((text) => parseHeld(text ?? null));
  }

  /** The reviews themselves, as the enforcers keep them (with who approved when, and a rejection's reason), undefined where forgotten. */
  async reviews(reviews: readonly string[]): Promise<(ReviewRecord | undefined)[]> {
    if (reviews.length === 0) return [];
    const texts = await this.store.read(this.config, reviews.map(reviewKey));
    return texts.map((text) => parseRecord(text ?? null));
  }
}

function parseIds(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

function parseHeld(text: string | null): HeldCall | undefined {
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as HeldCall | null;
    return value !== null && typeof value === "object" && typeof value.review === "string" && typeof value.digest === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
