// The policies the Redis tests and the state benchmark enforce.

/** At most 20 mails an hour per session; `ping` is stateless. */
export const mailPolicy = `policy mail
tool send_email(to: string, body: string)
tool ping()
rule ok { allow send_email, ping }
rule mail_rate { deny send_email when count(send_email, 1h) >= 20 reason "at most 20 mails an hour" }
`;

/** The same tools with a limit no benchmark reaches: every mail is allowed and enters history, the worst case for contention. */
export const busyPolicy = mailPolicy.replace(">= 20", ">= 1000000");

/**
 * Transfers above 500 wait for two of the three finance approvers, for 4 hours;
 * `daily` makes every allowed transfer enter history, so a released call can be counted.
 */
export const paymentsPolicy = `policy payments
tool send_money(recipient: string, amount: number)
const finance = ["cfo", "controller", "treasurer"]
rule small { allow send_money when args.amount <= 500 }
rule large {
  review send_money
  when args.amount > 500
  approvals 2 of finance
  expires 4h
  reason "transfers above 500 need two finance approvals"
}
rule daily { deny send_money when count(send_money, 24h) >= 100 reason "at most 100 transfers a day" }
`;
