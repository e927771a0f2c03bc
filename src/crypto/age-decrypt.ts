import { createHash, type Hash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { Readable } from 'node:stream'
import { Decrypter } from 'age-encryption'
import * as tar from 'tar'
import { ActionError, errorMessage } from '../errors.js'
import { sha256File, sha256Directory, removeQuietly, placeExclusive } from '../backup/files.js'
import type { WrittenFile } from './age-file.js'
import { openPayload, NATIVE_CHACHA } from './age-payload.js'

// Decryption of a backup for the restore phase (the encryption is in age-file.ts): the ciphertext's
// sha256 first, then streamed authenticated decryption, accepted only when the plaintext's sha256
// is the manifest's. The payload is opened with Node's ChaCha20-Poly1305 where Node has it
// (age-payload.ts; the header and file key are age-encryption's), else by age-encryption itself.

const READ_CHUNK = 256 * 1024
/**
 * A web stream that reads the file only when the consumer asks (high-water mark 0): memory stays
 * flat whatever the file's size. (Readable.toWeb on Node 20 reads ahead without bound.)
 */
function pullFromFile(handle: fs.FileHandle, hash?: Hash): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const buffer = new Uint8Array(READ_CHUNK)
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null)
        if (bytesRead === 0) return controller.close()
        const chunk = buffer.subarray(0, bytesRead)
        hash?.update(chunk)
        controller.enqueue(chunk)
      }
    },
    { highWaterMark: 0 }
  )
}

/** A web stream of the generator's blocks, each made only when the consumer asks (high-water mark 0). */
function webStream(blocks: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await blocks.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel() {
        await blocks.return(undefined)
      }
    },
    { highWaterMark: 0 }
  )
}

/** Writes a web stream to a new file (exclusive, 0600), hashing every byte written. */
async function writeStream(stream: ReadableStream<Uint8Array>, out: string): Promise<WrittenFile> {
  const handle = await fs.open(out, 'wx', 0o600)
  const hash = createHash('sha256')
  let size = 0
  try {
    const reader = stream.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      hash.update(value)
      let offset = 0
      while (offset < value.length) {
        const { bytesWritten } = await handle.write(value, offset, value.length - offset)
        offset += bytesWritten
      }
      size += value.length
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  return { size, sha256: hash.digest('hex') }
}

export interface DecryptOptions {
  /** The `.age` file. */
  encrypted: string
  /** An age identity (`AGE-SECRET-KEY-1…`): a secret, never printed. */
  identity: string
  /** The manifest's sha256 of the `.age` file. */
  encryptedSha256: string
  /** The manifest's sha256 of the plaintext archive (a folder: of its file listing). */
  plaintextSha256: string
  /** `file` for a custom-format dump, `directory` for a folder sent as a tar stream. */
  kind: 'file' | 'directory'
  /** Where the plaintext goes: the dump file, or the folder (the tar stream's single top folder). */
  out: string
}

/**
 * Decrypts a backup and proves it is the one the manifest describes. Nothing is left at `out`
 * unless every check passed: the ciphertext's sha256, authenticated decryption, the plaintext's sha256.
 */
export async function decryptBackup(o: DecryptOptions): Promise<WrittenFile> {
  const actual = await sha256File(o.encrypted).catch(err => {
    throw new ActionError(`The encrypted backup ${o.encrypted} cannot be read: ${errorMessage(err)}.`, 'Check the path (download the workflow artifact first).')
  })
  if (actual !== o.encryptedSha256) {
    throw new ActionError(
      `The encrypted backup ${path.basename(o.encrypted)} does not match its manifest: sha256 ${actual.slice(0, 16)}…, the manifest says ${o.encryptedSha256.slice(0, 16)}…. It was altered or truncated; nothing was decrypted.`,
      'Download the artifact again, or use another backup whose manifest matches.'
    )
  }
  const decrypter = new Decrypter()
  try {
    decrypter.addIdentity(o.identity)
  } catch {
    throw new ActionError('The age identity is not a valid age secret key.', 'Pass the whole line starting with AGE-SECRET-KEY-1 from the key file made by age-keygen, from a secret.')
  }
  if (await exists(o.out)) throw new ActionError(`${o.out} exists already; it is left untouched.`, 'Move it away, or decrypt into another folder.')

  // A private folder of its own beside the output (mkdtemp: exclusive, random name, 0700): nothing
  // that exists already is ever written to or removed.
  const work = await fs.mkdtemp(path.join(path.dirname(o.out), `.${path.basename(o.out)}.partial-`))
  const partial = path.join(work, 'plaintext')
  const onExit: (() => Promise<void>)[] = []
  try {
    const handle = await fs.open(o.encrypted, 'r')
    onExit.push(() => handle.close().catch(() => {}))
    let plaintext: ReadableStream<Uint8Array>
    try {
      plaintext = NATIVE_CHACHA ? webStream(openPayload(handle, (await handle.stat()).size, decrypter)) : await decrypter.decrypt(pullFromFile(handle))
    } catch (err) {
      throw decryptionError(o, err)
    }
    let written: WrittenFile
    let digest: string
    try {
      if (o.kind === 'file') {
        written = await writeStream(plaintext, partial)
        digest = written.sha256
      } else {
        await fs.mkdir(partial, { mode: 0o700 })
        written = await extractTar(plaintext, partial)
        const entries = await fs.readdir(partial)
        if (entries.length !== 1) throw new ActionError(`The decrypted archive holds ${entries.length} top-level entries, not one folder.`, 'Use the .dir.tar.age file that the backup phase wrote.')
        digest = await sha256Directory(path.join(partial, entries[0]))
      }
    } catch (err) {
      if (err instanceof ActionError) throw err
      throw decryptionError(o, err)
    }
    if (digest !== o.plaintextSha256) {
      throw new ActionError(
        `The decrypted backup does not match its manifest: sha256 ${digest.slice(0, 16)}…, the manifest says ${o.plaintextSha256.slice(0, 16)}…; it was removed.`,
        'Use the manifest that was written with this backup.'
      )
    }
    // Given its name without ever replacing anything that took the name meanwhile.
    if (o.kind === 'file') placeExclusive(partial, o.out)
    else placeExclusive(path.join(partial, (await fs.readdir(partial))[0]), o.out)
    return { size: written.size, sha256: digest }
  } finally {
    for (const fn of onExit) await fn()
    await removeQuietly(work)
  }
}

function decryptionError(o: DecryptOptions, err: unknown): ActionError {
  const text = errorMessage(err)
  if (/no identity matched/i.test(text)) {
    return new ActionError(
      `The age identity cannot decrypt ${path.basename(o.encrypted)}: the backup was encrypted to other public keys. Nothing was written.`,
      "Use the identity (AGE-SECRET-KEY-1…) whose public key is listed in the manifest's 'recipients'."
    )
  }
  if (/passphrase-encrypted/.test(text)) {
    return new ActionError(
      `${path.basename(o.encrypted)} is passphrase-encrypted (age -p), not encrypted to age public keys: an age identity cannot decrypt it. Nothing was written.`,
      "Use the .age file the backup phase wrote (encrypted to 'backup-recipients'), with the identity of one of its recipients."
    )
  }
  if (/ASCII-armored/.test(text)) {
    return new ActionError(
      `${path.basename(o.encrypted)} is an ASCII-armored age file (age -a); only binary age files, as the backup phase writes them, are read. Nothing was written.`,
      'Use the .age file the backup phase wrote, unchanged.'
    )
  }
  return new ActionError(`Decrypting ${path.basename(o.encrypted)} failed: ${text}. The file is damaged or not an age file; nothing was kept.`, 'Download the artifact again, or use another backup.')
}

/** Unpacks a tar stream into `dir`, refusing links and anything outside it. Returns the bytes read. */
async function extractTar(stream: ReadableStream<Uint8Array>, dir: string): Promise<WrittenFile> {
  const hash = createHash('sha256')
  let size = 0
  const counted = Readable.fromWeb(stream).map((chunk: Uint8Array) => {
    hash.update(chunk)
    size += chunk.length
    return chunk
  })
  await new Promise<void>((resolve, reject) => {
    const unpack = tar.x({
      cwd: dir,
      strict: true,
      preserveOwner: false,
      filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory')
    })
    unpack.on('error', reject)
    unpack.on('close', () => resolve())
    counted.on('error', reject)
    counted.pipe(unpack)
  })
  return { size, sha256: hash.digest('hex') }
}

/** Whether anything, a dangling symbolic link included, holds the name. */
async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false
  )
}
