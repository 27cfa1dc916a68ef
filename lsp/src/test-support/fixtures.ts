// A small policy with a bit of everything, shared by the navigation and presentation tests.

/** The text of `file:///fixtures/bank.apol` before markers are added. */
export const bankPolicy = `policy bank
/// Who the agent acts for.
enum Role { admin, teller }
user { id: string, role: Role, teams: string[] }
/// Moves money out of the bank.
tool send_money(recipient: string, amount: number, memo?: string) tags financial tier 3
tool send_email(to: string[], amount: int) tags financial returns internal
/// The most a teller may send.
const limit = 500
const approvers = ["cfo", "ceo"]

rule small {
  allow send_money
  when user.role == teller and args.amount <= limit
}

/// Large amounts need two people.
rule large {
  review send_money, send_email
  when args.amount > limit and all(t in user.teams: lower(t) != "ops")
  approvals 2 of approvers
  reason "large transfers need approval"
}

rule cap {
  deny send_money
  when sum(send_money.amount, 24h) + args.amount > 2000 or count(send_email where it.args.amount > 1, 1h) > 9
}

test "tellers send small amounts" {
  user { id: "u1", role: teller, teams: [] }
  call send_money(recipient: "x", amount: 5)
  expect allow by small
}
`;

/**
 * A test file for `bankPolicy`: opened as `…/bank.test.apol` beside `…/bank.apol`, it is checked
 * and run after the policy's text. Both tests pass.
 */
export const bankTests = `// Tests of bank.apol, kept beside it.
test "a teller sends a small amount" {
  user { id: "u2", role: teller, teams: ["ops"] }
  call send_money(recipient: "y", amount: 20)
  expect allow by small
}

test "an admin's large transfer needs approval" {
  user { id: "u3", role: admin, teams: [] }
  call send_money(recipient: "z", amount: 900, memo: "rent")
  expect review by large
}
`;
