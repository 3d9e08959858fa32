/**
 * A blob on its way from one registry to another, through reused memory: each piece the download
 * hands over (wire.ts) is hashed and copied into one of a few upload slots, and a slot is refilled
 * only once the upload has written it. The content is checked before the upload is complete: the
 * last piece is held back until the download has ended with exactly the declared size and digest,
 * so a source that sends other bytes never gets a blob committed under the digest (the target
 * registry checks the digest too; this does not depend on it).
 */
import type { Writable } from 'node:stream'
import { nodeCrypto } from '../oci/digest.js'
import { InvalidResponseError } from './limits.js'
import type { BodyWriter } from './http.js'
import { type WindowedBody, giveWindow, takeWindow } from './wire.js'

/** Upload slots per copy: pieces written ahead of the socket before the download pauses. */
const SLOTS = 4

export class BlobCopy implements BodyWriter {
  /** Bytes handed to the upload so far. */
  sent = 0
  /** Why the copy failed on the source's side (checked content), when it did. */
  failure?: Error
  private cancelled = false

  constructor(
    private readonly source: WindowedBody,
    private readonly digest: string,
    private readonly size: number,
    /** Names the blob in messages: `<registry>/<repository>@<digest>`. */
    private readonly what: string
  ) {}

  cancel(): void {
    this.cancelled = true
    this.source.cancel()
  }

  writeTo(out: Writable): Promise<void> {
    const { source, size } = this
    const refuse = (detail: string): InvalidResponseError => {
      this.failure = new InvalidResponseError(
        `${this.what} arrived corrupted (${detail}); nothing was uploaded.`
      )
      return this.failure
    }
    if (source.declaredLength !== undefined && source.declaredLength !== size)
      return Promise.reject(
        refuse(`the registry declared ${source.declaredLength} bytes, the manifest ${size}`)
      )
    const hash = nodeCrypto().createHash('sha256')
    const free: Buffer[] = []
    let slots = 0
    let received = 0
    /** The newest piece, copied: written when the next one comes, or at the end once checked. */
    let held: { slot: Buffer; length: number } | undefined
    let waiting = false
    let done = false
    const write = (slot: Buffer, length: number): void => {
      this.sent += length
      out.write(slot.subarray(0, length), error => {
        if (error) return // a failed upload drops its slots
        if (done) return giveWindow(slot)
        free.push(slot)
        if (waiting && !done) {
          waiting = false
          source.resume()
        }
      })
    }
    const release = (): void => {
      done = true
      for (const slot of free.splice(0)) giveWindow(slot)
    }
    return new Promise<void>((resolve, reject) => {
      const stop = (error: Error): void => {
        if (done) return
        release()
        source.cancel()
        reject(error)
      }
      out.once('close', () => stop(new Error('the upload ended before the blob was sent')))
      if (this.cancelled) return stop(new Error('the download was cancelled'))
      source
        .read(piece => {
          if (done) return false
          received += piece.length
          if (received > size) {
            stop(refuse(`more than the ${size} bytes the manifest declares`))
            return false
          }
          hash.update(piece)
          if (held) write(held.slot, held.length)
          const slot = free.pop() ?? (slots++, takeWindow())
          piece.copy(slot)
          held = { slot, length: piece.length }
          // The next piece needs a free slot: pause the download until the upload frees one.
          if (free.length === 0 && slots >= SLOTS) {
            waiting = true
            return false
          }
          return true
        })
        .then(
          () => {
            if (done) return
            if (received !== size)
              return stop(refuse(`${received} bytes where the manifest declares ${size}`))
            const actual = `sha256:${hash.digest('hex')}`
            if (actual !== this.digest) return stop(refuse(`its bytes are ${actual}`))
            if (held) write(held.slot, held.length)
            release()
            resolve()
          },
          (error: Error) => stop(error)
        )
    })
  }
}
