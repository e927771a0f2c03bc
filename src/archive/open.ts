import * as path from 'node:path'
import type { BackupManifest } from '../backup/manifest.js'
import type { BackupFormat } from './format.js'
import { sha256File, sha256Directory } from '../backup/files.js'
import { decryptBackup } from '../crypto/age-file.js'
import { ActionError, errorMessage } from '../errors.js'
import { scrub } from '../secrets.js'

/**
 * The proof that a backup is the archive its manifest describes: the plaintext archive's sha256
 * (computed as the backup did: the file, or the directory's manifest), or for an age file the
 * ciphertext's sha256, the decryption and the plaintext's sha256.
 */

const NAME_FIX =
  "Give 'backup-path' the backup its manifest describes, under the name the backup phase gave it (its 'backup-path' output, or the file of the backup artifact), with that manifest beside it."

/**
 * Checks that the plaintext archive `archive` is the one `manifest` describes (its name and its
 * sha256) and returns the sha256.
 */
export async function checkArchiveDigest(archive: string, manifest: BackupManifest): Promise<string> {
  const name = path.basename(archive.replace(/(.)\/+$/, '$1'))
  if (manifest.file !== name) {
    throw new ActionError(`${name} is not the backup its manifest describes (${manifest.file}).`, NAME_FIX)
  }
  let digest: string
  try {
    digest = manifest.format === 'directory' ? await sha256Directory(archive) : await sha256File(archive)
  } catch (err) {
    throw new ActionError(
      `The backup archive ${archive} cannot be read (${(err as NodeJS.ErrnoException).code ?? scrub(errorMessage(err))}).`,
      "Check 'backup-path': the archive the backup phase wrote (its 'backup-path' output), or the backup artifact downloaded first."
    )
  }
  if (digest !== manifest.sha256) {
    throw new ActionError(
      `The backup archive ${archive} does not match its manifest: sha256 differs, it is not the archive the backup verified: its sha256 is ${digest}, the manifest records ${manifest.sha256}. It was altered, replaced or truncated after the backup; nothing was restored.`,
      'Use a backup whose manifest matches, unchanged (or run the backup again); find out what wrote to the backup folder.'
    )
  }
  return digest
}

export interface OpenedArchive {
  /** The plaintext archive to restore: the given file, or the decrypted copy in `workDir`. */
  archive: string
  format: BackupFormat
  encrypted: boolean
  /** The plaintext's sha256 (the manifest's, checked). */
  sha256: string
}

/**
 * Proves that `backupPath` is the archive its manifest describes and returns the plaintext to
 * restore. A `.age` file is checked (ciphertext sha256), decrypted with `identity` into `workDir`
 * (which the caller removes) and checked again (plaintext sha256); a plaintext archive is hashed
 * (checkArchiveDigest).
 */
export async function openArchive(o: { backupPath: string; manifest: BackupManifest; identity: string | undefined; workDir: string }): Promise<OpenedArchive> {
  const { backupPath, manifest } = o
  const name = path.basename(backupPath)
  if (name.endsWith('.age')) {
    const fix = 'Give the backup file and the manifest written with it (both are in the backup artifact).'
    if (!manifest.encrypted) {
      throw new ActionError(`${name} is an age file, but its manifest records no encrypted copy.`, fix)
    }
    if (manifest.encrypted.file !== name) {
      throw new ActionError(`${name} is not the encrypted backup its manifest describes (${manifest.encrypted.file}).`, fix)
    }
    if (!o.identity) {
      throw new ActionError(
        `${name} is encrypted, and no 'backup-identity' was given.`,
        "Pass the age identity (the AGE-SECRET-KEY-1… line of the key file whose public key the backup was encrypted to) from a secret as 'backup-identity'."
      )
    }
    const kind = manifest.format === 'custom' ? 'file' : 'directory'
    const out = path.join(o.workDir, manifest.file)
    await decryptBackup({
      encrypted: backupPath,
      identity: o.identity,
      encryptedSha256: manifest.encrypted.sha256,
      plaintextSha256: manifest.sha256,
      kind,
      out
    })
    return { archive: out, format: manifest.format, encrypted: true, sha256: manifest.sha256 }
  }
  const digest = await checkArchiveDigest(backupPath, manifest)
  return { archive: backupPath, format: manifest.format, encrypted: false, sha256: digest }
}
