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

/** age's payload: 64 KiB chunks, each sealed with ChaCha20-Poly1305 (16-byte tag). Shared with the encryption (age-file.ts). */
export const CHUNK = 64 * 1024
export const TAG = 16
const SEALED = CHUNK + TAG
/** The payload is read 1 MiB of sealed chunks at a time. */
const BLOCK = 16 * SEALED
/** The header is read this much at a time. */
const HEADER_READ = 64 * 1024

/** Whether Node has ChaCha20-Poly1305 (else age-encryption's own cipher seals and opens the payload). */
export const NATIVE_CHACHA = getCiphers().includes('chacha20-poly1305')

/** The payload key: HKDF-SHA256 of the file key, salted with the 16-byte nonce after the header. */
export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', fileKey, nonce, 'payload', 32))
}

/** Sets `nonce` (12 bytes) to chunk `index`'s: the counter (11 bytes, big-endian), then 1 for the last chunk, else 0. */
export function setChunkNonce(nonce: Buffer, index: number, last: boolean): void {
  nonce.writeUIntBE(index, 5, 6)
  nonce[11] = last ? 1 : 0
}

const INTRO = Buffer.from('age-encryption.org/v1\n')
const ARMORED = Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----')

/**
 * Finds the end of the header (just after the line `--- <MAC>`) in the bytes read so far, reading
 * line by line from where the last call stopped. A header is lines of printable ASCII (the version
 * line, the stanzas, the MAC line), of any length (one stanza per recipient): a byte that is none of
 * these before the MAC line means the file is not an age file, or its header is damaged or has no
 * MAC line, and it is refused there, without reading on.
 */
class HeaderScan {
  private at = 0
  private lineStart = 0
  end: number | undefined

  scan(bytes: Uint8Array): void {
    for (; this.at < bytes.length && this.end === undefined; this.at++) {
      const b = bytes[this.at]
      if (b === 0x0a) {
        if (bytes[this.lineStart] === 0x2d && bytes[this.lineStart + 1] === 0x2d && bytes[this.lineStart + 2] === 0x2d && bytes[this.lineStart + 3] === 0x20) this.end = this.at + 1
        this.lineStart = this.at + 1
      } else if (b < 0x20 || b > 0x7e) {
        throw new Error(`the age header is damaged or has no MAC line ('--- …'): byte ${this.at} is not text`)
      }
    }
  }
}

/** The header, read from the file's start: refused at once if the file does not start as a binary age file does. */
async function readHeader(handle: fs.FileHandle, size: number): Promise<Buffer> {
  if (size === 0) throw new Error('the file is empty (0 bytes)')
  const scan = new HeaderScan()
  // Grown by doubling: a header of any length is read in linear time.
  let bytes = Buffer.alloc(Math.min(HEADER_READ, size))
  let read = 0
  while (scan.end === undefined) {
    if (read >= size) throw new Error('the file ends inside its age header: truncated')
    if (bytes.length < Math.min(read + HEADER_READ, size)) {
      const grown = Buffer.alloc(Math.min(Math.max(2 * bytes.length, read + HEADER_READ), size))
      bytes.copy(grown, 0, 0, read)
      bytes = grown
    }
    const { bytesRead } = await handle.read(bytes, read, Math.min(HEADER_READ, size - read), read)
    if (bytesRead === 0) throw new Error('the file ends inside its age header: truncated')
    read += bytesRead
    const intro = bytes.subarray(0, Math.min(read, INTRO.length))
    if (!intro.equals(INTRO.subarray(0, intro.length))) {
      const n = Math.min(read, ARMORED.length)
      if (bytes.subarray(0, n).equals(ARMORED.subarray(0, n))) {
        throw new Error('it is an ASCII-armored age file (age -a, "-----BEGIN AGE ENCRYPTED FILE-----"); only binary age files are read')
      }
      throw new Error("not an age file: it does not begin with the line 'age-encryption.org/v1'")
    }
    scan.scan(bytes.subarray(0, read))
  }
  const header = bytes.subarray(0, scan.end)
  // age refuses a passphrase-encrypted file when given identities, and says so; so does this.
  if (/\n-> scrypt /.test(header.toString('latin1'))) throw new Error('it is passphrase-encrypted (age -p), not encrypted to age public keys')
  return header
}

/**
 * The plaintext of the age file open at `handle` (`size` bytes), in blocks of up to 1 MiB, each
 * authenticated. The file key comes from `decrypter` (header parsed and its MAC checked there).
 */
export async function* openPayload(handle: fs.FileHandle, size: number, decrypter: Decrypter): AsyncGenerator<Uint8Array> {
  const header = await readHeader(handle, size)
  const fileKey = await decrypter.decryptHeader(header)
  const nonceAt = header.length
  if (size < nonceAt + 16 + TAG) throw new Error('the file ends before its first payload chunk: truncated')
  const nonce = new Uint8Array(16)
  const { bytesRead: nonceRead } = await handle.read(nonce, 0, 16, nonceAt)
  if (nonceRead !== 16) throw new Error('the file ends inside its payload nonce: truncated')
  const key = payloadKey(fileKey, nonce)
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
        setChunkNonce(chunkNonce, chunk, chunk === chunks - 1)
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
