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
