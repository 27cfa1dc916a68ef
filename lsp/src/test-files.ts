// Test files in the editor: `NAME.test.apol` continues `NAME.apol`, so the server analyzes the two as one text, as `apol test` does.
import { policyPathOf, type Diagnostic } from "@apol/compiler";

/** The URI of the policy a test file continues (`…/banking.test.apol` → `…/banking.apol`), or `undefined` for any other document. */
export function policyUriOf(uri: string): string | undefined {
  const policy = policyPathOf(uri);
  return policy === uri ? undefined : policy;
}

/**
 * The one diagnostic of a test file whose policy (the file named `policy`) does not exist, at
 * its start: it stands for the errors the tests alone would show, every name in them unknown.
 */
export function missingPolicy(policy: string): Diagnostic {
  return {
    code: "apol/missing-policy",
    severity: "error",
    span: { start: 0, end: 0 },
    message: `no policy \`${policy}\` beside this test file`,
    help: `the tests in \`NAME.test.apol\` run against \`NAME.apol\`: create \`${policy}\`, or rename this file if it is a policy of its own`,
  };
}
