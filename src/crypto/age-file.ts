import { createCipheriv, createHash, timingSafeEqual, type Hash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import { Encrypter, type Recipient } from 'age-encryption'
import * as tar from 'tar'
import { CHUNK, TAG, NATIVE_CHACHA, payloadKey, setChunkNonce } from './age-payload.js'

/**
 * Backups leave the runner only as age files (age-encryption, the reference TypeScript
 * implementation of age). Encryption streams the verified archive (a directory archive as one tar
 * stream) into a 0600 file, hashing the plaintext it reads and the ciphertext it writes in the same
 * pass: memory stays flat whatever the size. Decryption (used by the restore phase) checks the
 * ciphertext's sha256 first, decrypts streamed, and accepts the result only when its sha256 is the
 * manifest's.
 *
 * age-encryption writes the header (the file key wrapped for every recipient, the header's MAC)
 * and the payload nonce. Its payload cipher is pure JavaScript, about a tenth as fast as Node's own
 * ChaCha20-Poly1305 (OpenSSL; bench/encrypt-throughput.mjs), so the payload is sealed with Node's,
 * in age's STREAM construction: the same key, chunks and nonces, checked against the library's own
 * output for every file before any of it is written (see startFile). Where Node has no
 * chacha20-poly1305, or that check fails, the library seals the payload itself.
 */

export interface WrittenFile {
  size: number
  sha256: string
}

export interface EncryptedFile extends WrittenFile {
  /** sha256 of the plaintext bytes that were encrypted (a file archive; undefined for a folder). */
  plaintextSha256: string | undefined
  /** What sealed the payload: Node's ChaCha20-Poly1305, or age-encryption's own (the fallback). */
  payloadCipher: 'node' | 'age-encryption'
}

export interface EncryptOptions {
  /** Stops the encryption between two blocks; the partial output is removed. */
  signal?: AbortSignal
  /** Seal the payload with age-encryption's own cipher (the fallback), e.g. to compare the two. */
  libraryPayload?: boolean
}

/**
 * Encrypts the archive at `archive` (a file, or a folder sent as one tar stream holding the folder
 * under its own name) to every recipient, into `out`, created exclusively with mode 0600. On any
 * failure (or `signal`) the partial `out` this call created is removed.
 */
export async function encryptArchive(archive: string, recipients: readonly string[], out: string, options: EncryptOptions = {}): Promise<EncryptedFile> {
  if (recipients.length === 0) throw new Error('internal: no recipient to encrypt to')
  const stat = await fs.stat(archive)
  const start = await startFile(recipients, options.libraryPayload === true)
  if (stat.isDirectory()) {
    const pack = tar.c({ cwd: path.dirname(archive), portable: true }, [path.basename(archive)]) as unknown as AsyncIterable<Uint8Array>
    const written = await writeSealed(seal(start, pack), out, options.signal)
    return { ...written, plaintextSha256: undefined, payloadCipher: start.payloadKey ? 'node' : 'age-encryption' }
  }
  const handle = await fs.open(archive, 'r')
  try {
    // The plaintext is hashed as it is read for encryption: its digest is of exactly the bytes encrypted.
    const plain = createHash('sha256')
    const written = await writeSealed(seal(start, readBlocks(handle, plain)), out, options.signal)
    return { ...written, plaintextSha256: plain.digest('hex'), payloadCipher: start.payloadKey ? 'node' : 'age-encryption' }
  } finally {
    await handle.close()
  }
}

/** The archive is read, sealed and written 1 MiB (16 chunks) at a time. */
const BLOCK = 16 * CHUNK

interface FileStart {
  /** The file's first bytes: age's header and the payload nonce. */
  prefix: Uint8Array
  /** The payload key (HKDF-SHA256 of the file key, salted with the nonce), when Node seals the payload. */
  payloadKey: Buffer | undefined
  /** The library's encrypter, which writes the whole file when Node does not seal the payload. */
  encrypter: Encrypter | undefined
}

/**
 * The header and payload key of a new age file. age-encryption makes both: it encrypts an empty
 * payload (header, nonce, and the last chunk: 16 bytes, the tag of nothing), and a recipient of
 * our own that adds no stanza to the header (the `Recipient` interface of the library) is handed
 * the file key as every recipient is. The payload key is then derived as age does; it is used only
 * if it seals the empty last chunk to the very tag the library wrote, which proves key, nonce and
 * chunk nonce are age's (otherwise the library seals the payload).
 */
async function startFile(recipients: readonly string[], libraryPayload: boolean): Promise<FileStart> {
  const encrypter = (extra?: Recipient): Encrypter => {
    const e = new Encrypter()
    for (const r of recipients) e.addRecipient(r)
    if (extra) e.addRecipient(extra)
    return e
  }
  const byTheLibrary = (): FileStart => ({ prefix: new Uint8Array(0), payloadKey: undefined, encrypter: encrypter() })
  if (libraryPayload || !NATIVE_CHACHA) return byTheLibrary()
  let fileKey: Uint8Array | undefined
  const empty = await encrypter({
    wrapFileKey(key: Uint8Array) {
      fileKey = Uint8Array.from(key)
      return []
    }
  }).encrypt(new Uint8Array(0))
  const prefix = empty.subarray(0, empty.length - TAG)
  if (!fileKey || prefix.length < 16) return byTheLibrary()
  const nonce = prefix.subarray(prefix.length - 16)
  const key = payloadKey(fileKey, nonce)
  fileKey.fill(0)
  const [body, tag] = new PayloadSealer(key).finish()
  if (body?.length !== 0 || !tag || !timingSafeEqual(tag, empty.subarray(empty.length - TAG))) {
    key.fill(0)
    return byTheLibrary()
  }
  return { prefix, payloadKey: key, encrypter: undefined }
}

/**
 * age's STREAM with Node's ChaCha20-Poly1305: chunk n is sealed under the nonce n (11 bytes, big
 * endian) followed by a flag byte, 1 for the last chunk. Every chunk but the last is full; the last
 * is empty only when the whole payload is, so a full chunk is sealed only once more data follows it.
 */
class PayloadSealer {
  private chunk = 0
  private readonly nonce = Buffer.alloc(12)
  private readonly carry = Buffer.allocUnsafe(CHUNK)
  private carried = 0

  constructor(private readonly key: Buffer) {}

  /** Seals what `data` completes; returns the ciphertext pieces, in order. */
  push(data: Uint8Array): Buffer[] {
    const out: Buffer[] = []
    let at = 0
    while (at < data.length) {
      if (this.carried === CHUNK) {
        out.push(...this.sealChunk(this.carry, false))
        this.carried = 0
      }
      if (this.carried === 0 && data.length - at > CHUNK) {
        // A whole chunk with more data after it: sealed where it lies, without a copy.
        out.push(...this.sealChunk(data.subarray(at, at + CHUNK), false))
        at += CHUNK
        continue
      }
      const n = Math.min(CHUNK - this.carried, data.length - at)
      this.carry.set(data.subarray(at, at + n), this.carried)
      this.carried += n
      at += n
    }
    return out
  }

  /** Seals the last chunk (what is carried, possibly nothing). */
  finish(): Buffer[] {
    return this.sealChunk(this.carry.subarray(0, this.carried), true)
  }

  private sealChunk(plain: Uint8Array, last: boolean): Buffer[] {
    if (this.chunk >= 2 ** 48) throw new Error('internal: the age payload has too many chunks')
    setChunkNonce(this.nonce, this.chunk++, last)
    const cipher = createCipheriv('chacha20-poly1305', this.key, this.nonce, { authTagLength: TAG })
    const body = cipher.update(plain)
    cipher.final()
    return [body, cipher.getAuthTag()]
  }
}

/** The whole age file, as runs of pieces to write: the header and nonce, then the sealed payload. */
async function* seal(start: FileStart, plaintext: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array[]> {
  if (start.payloadKey) {
    const sealer = new PayloadSealer(start.payloadKey)
    try {
      yield [start.prefix]
      for await (const block of plaintext) yield sealer.push(block)
      yield sealer.finish()
    } finally {
      start.payloadKey.fill(0)
    }
    return
  }
  // The library reads its input as a web stream, possibly after the next block was read into the
  // same buffer: it gets copies.
  const iterator = plaintext[Symbol.asyncIterator]()
  const copies: AsyncIterator<Uint8Array> = {
    next: async () => {
      const r = await iterator.next()
      return r.done ? r : { done: false, value: Uint8Array.from(r.value) }
    },
    return: async () => (await iterator.return?.()) ?? { done: true, value: undefined }
  }
  if (!start.encrypter) throw new Error('internal: no payload key and no encrypter')
  const reader = (await start.encrypter.encrypt(pullFrom(copies))).getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield [value]
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
}

/**
 * The file's bytes in blocks of up to 1 MiB, each hashed into `hash` as it is handed on. The next
 * block is read into a second buffer while the current one is sealed (two buffers, reused: the
 * consumer must be done with a block when it asks for the next).
 */
async function* readBlocks(handle: fs.FileHandle, hash: Hash): AsyncGenerator<Uint8Array> {
  const buffers = [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)]
  const bufferOf = (n: number): Buffer => buffers[n]
  let position = 0
  let which = 0
  let next = handle.read(bufferOf(which), 0, BLOCK, position)
  try {
    for (;;) {
      const { bytesRead, buffer } = await next
      if (bytesRead === 0) return
      position += bytesRead
      which ^= 1
      next = handle.read(bufferOf(which), 0, BLOCK, position)
      next.catch(() => {}) // awaited in turn, or settled in `finally`
      const block = buffer.subarray(0, bytesRead)
      hash.update(block)
      yield block
    }
  } finally {
    await next.catch(() => {})
  }
}

/**
 * Writes the pieces to a new file (exclusive, 0600), hashing every byte written, with one write in
 * flight while the next run is produced (at most two runs in memory). The file is flushed to disk
 * before it counts as written; on failure or `signal`, the partial file is removed.
 */
async function writeSealed(runs: AsyncGenerator<Uint8Array[]>, out: string, signal: AbortSignal | undefined): Promise<WrittenFile> {
  signal?.throwIfAborted()
  const handle = await fs.open(out, 'wx', 0o600)
  const hash = createHash('sha256')
  let size = 0
  let writing: Promise<void> = Promise.resolve()
  let done = false
  try {
    for await (const pieces of runs) {
      signal?.throwIfAborted()
      for (const p of pieces) {
        hash.update(p)
        size += p.length
      }
      await writing
      writing = writeAll(handle, pieces)
      writing.catch(() => {}) // awaited before the next write, or settled in `finally`
    }
    await writing
    await handle.sync()
    done = true
  } finally {
    await writing.catch(() => {})
    await runs.return(undefined).catch(() => {})
    const written = done ? undefined : await handle.stat().catch(() => undefined)
    await handle.close()
    if (written) await removeIfSame(out, written)
  }
  return { size, sha256: hash.digest('hex') }
}

/** Writes every byte of `pieces` (writev, continued after a short write). */
async function writeAll(handle: fs.FileHandle, pieces: Uint8Array[]): Promise<void> {
  let left = pieces.filter(p => p.length > 0)
  while (left.length > 0) {
    let { bytesWritten } = await handle.writev(left)
    if (bytesWritten === 0) throw new Error('the file system accepted no byte of a write')
    while (left.length > 0 && bytesWritten >= left[0].length) {
      bytesWritten -= left[0].length
      left = left.slice(1)
    }
    if (bytesWritten > 0) left = [left[0].subarray(bytesWritten), ...left.slice(1)]
  }
}

/** Removes `file` if it is still the file `written` describes (a partial output of this process). */
async function removeIfSame(file: string, written: { dev: number; ino: number }): Promise<void> {
  const now = await fs.lstat(file).catch(() => undefined)
  if (now && now.dev === written.dev && now.ino === written.ino) await fs.unlink(file).catch(() => {})
}

/** A web stream over an async iterator, pulled one chunk at a time. */
function pullFrom(iterator: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value instanceof Uint8Array ? next.value : new Uint8Array(next.value))
      },
      async cancel() {
        await iterator.return?.()
      }
    },
    { highWaterMark: 0 }
  )
}

export { decryptBackup, type DecryptOptions } from './age-decrypt.js'
