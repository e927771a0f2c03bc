import { Encrypter } from 'age-encryption'
import { errorMessage } from '../errors.js'

// Checking `backup-recipients` entries (age public keys). Kept apart from the encryption itself so
// that reading the inputs pulls in no backup code.

/** Why `value` is not an age recipient the backup can be encrypted to, or undefined when it is. */
export function recipientProblem(value: string): string | undefined {
  if (/^AGE-SECRET-KEY-/i.test(value)) return 'is an age secret key (an identity), not a public key'
  if (!/^age1[0-9a-z]+$/.test(value)) return "is not an age public key (it must start with 'age1' and contain only lowercase letters and digits)"
  try {
    new Encrypter().addRecipient(value)
  } catch (err) {
    return `is not a valid age public key (${errorMessage(err)})`
  }
  return undefined
}
