import { createDecipheriv, getCiphers, hkdfSync } from 'node:crypto'
import type * as fs from 'node:fs/promises'
import type { Decrypter } from 'age-encryption'

/**
 * age's payload opened with Node's own ChaCha20-Poly1305 (OpenSSL), about ten times as fast as
 * age-encryption's JavaScript cipher. The library still does what needs a judgement: it parses the
 * header, unwraps the file key with the identity and checks the header's MAC
 * (`Decrypter.decryptHeader`). What is left is age's STREAM construction (the payload key is
 * HKDF-SHA256 of the file key salted with the 16-byte nonce after the header; 64 KiB chunks, each
 * sealed with a 16-byte tag under the nonce `chunk counter (11 bytes, big-endian) || last flag`):
 * every chunk is authenticated before any of its bytes is handed on, and a chunk that does not
 * authenticate, a file cut at a chunk boundary, or chunks appended after the last one all fail.
 */

const CHUNK = 64 * 1024
const TAG = 16
const SEALED = CHUNK + TAG
/** The payload is read 1 MiB of sealed chunks at a time. */
const BLOCK = 16 * SEALED
/** A header longer than this is not one the action writes (one stanza per recipient, about 100 bytes each). */
const HEADER_LIMIT = 1024 * 1024

export const NATIVE_PAYLOAD = getCiphers().includes('chacha20-poly1305')

/** The header's length: up to and including the line `--- <MAC>`; undefined while it is not all in `bytes`. */
function headerLength(bytes: Uint8Array): number | undefined {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  const mac = text.indexOf('\n--- ')
  if (mac < 0) return undefined
  const end = text.indexOf('\n', mac + 5)
  return end < 0 ? undefined : end + 1
}

/**
 * The plaintext of the age file open at `handle` (`size` bytes), in blocks of up to 1 MiB, each
 * authenticated. The file key comes from `decrypter` (header parsed and its MAC checked there).
 */
export async function* openPayload(handle: fs.FileHandle, size: number, decrypter: Decrypter): AsyncGenerator<Uint8Array> {
  let start = new Uint8Array(0)
  let header: number | undefined
  while (header === undefined) {
    if (start.length >= Math.min(size, HEADER_LIMIT)) throw new Error('no age header found (not an age file, or a header of over 1 MiB)')
    const more = new Uint8Array(Math.min(64 * 1024, size - start.length))
    const { bytesRead } = await handle.read(more, 0, more.length, start.length)
    if (bytesRead === 0) throw new Error('the file ends inside its age header')
    start = Buffer.concat([start, more.subarray(0, bytesRead)])
    header = headerLength(start)
  }
  const fileKey = await decrypter.decryptHeader(start.subarray(0, header))
  const nonceAt = header
  if (size < nonceAt + 16 + TAG) throw new Error('the file ends before its first payload chunk: truncated')
  const nonce = new Uint8Array(16)
  const { bytesRead: nonceRead } = await handle.read(nonce, 0, 16, nonceAt)
  if (nonceRead !== 16) throw new Error('the file ends inside its payload nonce: truncated')
  const key = Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32))
  fileKey.fill(0)

  const payloadAt = nonceAt + 16
  const payload = size - payloadAt
  const chunks = Math.max(1, Math.ceil(payload / SEALED))
  // Only the first chunk of an empty file may be empty: a last chunk of nothing after others is not age.
  if (chunks > 1 && payload - (chunks - 1) * SEALED === TAG) throw new Error('an empty last chunk after others: the file was altered')
  const chunkNonce = Buffer.alloc(12)
  const buffer = Buffer.allocUnsafe(BLOCK)
  try {
    let position = payloadAt
    let chunk = 0
    while (chunk < chunks) {
      const want = Math.min(BLOCK, size - position)
      let got = 0
      while (got < want) {
        const { bytesRead } = await handle.read(buffer, got, want - got, position + got)
        if (bytesRead === 0) throw new Error('the file changed size while it was read: truncated')
        got += bytesRead
      }
      position += got
      const out: Buffer[] = []
      for (let at = 0; at < got; at += SEALED, chunk++) {
        const sealed = buffer.subarray(at, Math.min(at + SEALED, got))
        if (sealed.length < TAG) throw new Error('a payload chunk shorter than its tag: truncated')
        chunkNonce.writeUIntBE(chunk, 5, 6)
        chunkNonce[11] = chunk === chunks - 1 ? 1 : 0
        const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce, { authTagLength: TAG })
        decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
        const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
        try {
          decipher.final()
        } catch {
          throw new Error(`payload chunk ${chunk + 1} of ${chunks} failed authentication: the file was altered or truncated`)
        }
        out.push(plain)
      }
      yield out.length === 1 ? out[0] : Buffer.concat(out)
    }
  } finally {
    key.fill(0)
  }
}
