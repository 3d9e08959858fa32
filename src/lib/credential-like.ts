/** A name that says its value is a credential (`NPM_TOKEN`, `DB_PASSWORD`, `AWS_SECRET_ACCESS_KEY`…). */
const CREDENTIAL_NAME =
  /(TOKEN|PASSWORD|PASSWD|PASSPHRASE|SECRET|PRIVATE|CREDENTIAL|AUTH|API_?KEY|ACCESS_?KEY|_KEY$|^KEY$|COOKIE|SESSION|CERT|_PAT$|^PAT$)/i
/** A value in a well-known token format (GitHub, GitLab, AWS, Slack, npm, a JWT). */
const CREDENTIAL_VALUE =
  /(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|glpat-[\w-]{20,}|AKIA[0-9A-Z]{16}|xox[abpr]-[\w-]{10,}|npm_[A-Za-z0-9]{30,}|eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.)/

/**
 * Whether a named value (a build arg) looks like a credential, by its name or its format: such a
 * value is masked in the log and never recorded in provenance.
 */
export function looksLikeCredential(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) || CREDENTIAL_VALUE.test(value)
}
