// The public API of @apol/audit: write, rotate and verify tamper-evident decision logs.
export { AuditLog, segmentName, segments, type LogOptions } from "./writer.js";
export { verifyLog, type LogFile, type LogProblem, type ProblemKind, type VerifyOptions, type VerifyReport } from "./verify.js";
export { generateKeys } from "./keys.js";
export { ed25519Approvers, signApproval } from "./approvals.js";
export { GENESIS, hashLine, LOG_ID, serialize, type LogRecord } from "./record.js";
