// The public API of @apol/review-desk: the desk's server, the enforcer-side feed that publishes held calls to it, and serving it.
export { createReviewDesk, type DeskEnv, type DeskOptions, type ReviewDesk } from "./server.js";
export { reviewFeed, type FeedOptions, type ReviewFeed } from "./feed.js";
export { listen, type Listening } from "./listen.js";
export { rejectionMessage } from "./messages.js";
export type { AuthOptions } from "./auth.js";
export type { Webhook } from "./webhooks.js";
export type { Detail, Evidence, Groups, RuleView, Summary } from "./view.js";
export type { HeldCall, RecentCall } from "./records.js";
