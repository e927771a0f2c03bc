import type { PgTools } from '../postgres/pg-tools.js'
import type { BackupFormat } from '../archive/format.js'
import type { DeathSignal } from '../process/children.js'
import { encryptArchive, type WrittenFile } from '../crypto/age-file.js'
import { checkArchive, type ArchiveFacts } from './archive-check.js'
import { sha256File, sha256Directory, identityOf, removeQuietly, fileError } from './files.js'
import { formatBytes } from '../format.js'

/**
 * The finished archive is verified and encrypted at the same time: pg_restore reads it end to end
 * in its own process while the action reads it once more to encrypt it (hashing the plaintext in
 * that same read), so the two cost the longer of them, not their sum. Both only read the archive.
 *
 * - Verification fails: the encryption is stopped (or, if it had finished, its file removed) and
 *   reported as stopped; the verification's error is the one thrown.
 * - Encryption fails (disk full, ...): the verification runs to its end, so that each step is
 *   recorded as what it did, and the encryption's error is thrown.
 * Nothing of the encrypted copy is reported unless the archive passed verification.
 */

/** Runs one named, timed step of the phase (see PhaseRun.step). */
export type StepRunner = <T>(name: string, fn: () => Promise<[T, string]>) => Promise<T>

export interface VerifyAndEncryptOptions {
  tools: PgTools
  /** The finished archive: the custom-format file, or the directory-format folder. */
  archive: string
  format: BackupFormat
  dieWithParent?: DeathSignal
  /** Encrypt to these age recipients into `out` (created exclusively, 0600); none: no encryption. */
  encryption?: { recipients: readonly string[]; out: string }
  /** Each table's size (by its oid) in the database dumped: the full read is then shared by several pg_restore processes. */
  tableBytes?: ReadonlyMap<string, number>
  step: StepRunner
}

export interface VerifiedArchive extends ArchiveFacts {
  /** Which file system object was verified (see identityOf). */
  identity: string
  /** sha256 of the file, or of the folder's listing (see sha256Directory). */
  sha256: string
  /** Whether `sha256` was taken by the encryption's read of the archive rather than a read of its own. */
  hashedByEncryption: boolean
  /** How long the verification took: pg_restore's reads, and its own hash when it takes one. */
  durationMs: number
}

export interface EncryptedArchive extends WrittenFile {
  /** How long the encryption itself took (reading, hashing, sealing, writing, flushing). */
  durationMs: number
}

export async function verifyAndEncrypt(o: VerifyAndEncryptOptions): Promise<{ verified: VerifiedArchive; encrypted: EncryptedArchive | undefined }> {
  const { encryption } = o
  // A custom-format file being encrypted is hashed by the encryption's read; anything else here.
  const hashedByEncryption = encryption !== undefined && o.format === 'custom'
  const stopEncryption = new AbortController()

  const verifying = o.step('verify-archive', async () => {
    const t0 = performance.now()
    const identity = await identityOf(o.archive)
    const [facts, digest] = await Promise.all([
      checkArchive(o.tools, o.archive, o.format, { dieWithParent: o.dieWithParent, tableBytes: o.tableBytes }),
      hashedByEncryption
        ? Promise.resolve(undefined)
        : (o.format === 'custom' ? sha256File(o.archive) : sha256Directory(o.archive)).catch((err: unknown) => {
            throw fileError(err, 'Hashing (sha256) the archive', o.archive)
          })
    ])
    return [
      { ...facts, identity, digest, durationMs: performance.now() - t0 },
      `read end to end by pg_restore${facts.readers > 1 ? ` (${facts.readers} processes, each a share of the entries)` : ''}: ${facts.tocEntries} entries, ${facts.tableData} tables with data`
    ]
  })
  // A failed verification stops the encryption at once: its copy would be of an unusable archive.
  const passed = verifying.then(
    () => true,
    () => {
      stopEncryption.abort(new Error('the archive failed verification'))
      return false
    }
  )

  const encrypting = encryption
    ? o.step('encrypt', async () => {
        const t0 = performance.now()
        let written
        try {
          written = await encryptArchive(o.archive, encryption.recipients, encryption.out, { signal: stopEncryption.signal })
        } catch (err) {
          if (stopEncryption.signal.aborted) throw stopped()
          throw fileError(err, 'Encrypting the backup into', encryption.out)
        }
        const ms = performance.now() - t0
        // Reported only once the archive it was made from has passed verification.
        if (!(await passed)) {
          await removeQuietly(encryption.out)
          throw stopped()
        }
        const n = encryption.recipients.length
        return [
          { size: written.size, sha256: written.sha256, plaintextSha256: written.plaintextSha256, durationMs: Math.round(ms) },
          `age, ${n} recipient${n === 1 ? '' : 's'}: ${formatBytes(written.size)} in ${Math.round(ms)} ms (${formatBytes((written.size * 1000) / Math.max(ms, 1))}/s), alongside the verification; sha256 ${written.sha256.slice(0, 16)}…`
        ]
      })
    : undefined

  const [v, e] = await Promise.allSettled([verifying, encrypting])
  if (v.status === 'rejected') throw v.reason
  if (e.status === 'rejected') throw e.reason
  const sealed = e.value
  const sha256 = hashedByEncryption ? sealed?.plaintextSha256 : v.value.digest
  if (!sha256) throw new Error('internal: the archive was not hashed')
  const { size, tables, tableData, tocEntries, readers, identity, durationMs } = v.value
  return {
    verified: { size, tables, tableData, tocEntries, readers, identity, sha256, hashedByEncryption, durationMs: Math.round(durationMs) },
    encrypted: sealed ? { size: sealed.size, sha256: sealed.sha256, durationMs: sealed.durationMs } : undefined
  }
}

function stopped(): Error {
  return new Error('Stopped: the archive failed verification, so no encrypted copy of it was kept.')
}
