/**
 * A report file (`scanner: report`) read once: its findings and the sha256 of the very bytes they
 * were read from, for the gate record. The file is read through a window of about a MiB, hashed and
 * read as JSON chunk by chunk (json-reader.ts), so a 40 MB report is never held whole, as text or as
 * objects. A file that reader does not accept is read whole and given to JSON.parse, as before: its
 * verdict (and message) stand, and the hash is of the bytes read then.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { UserError, errorMessage } from '../errors.js'
import { digestOf } from '../oci/digest.js'
import { type ByteSource, readProjected } from './json-reader.js'
import type { ScanReport } from './model.js'
import { parseReport, reportFromJson, reportProjection } from './parsers.js'

const unreadable = (path: string, error: unknown): UserError =>
  new UserError(`report-file ${path} cannot be read: ${errorMessage(error)}`)

export function readReportFile(path: string): { report: ScanReport; sha256: string } {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw unreadable(path, error)
  }
  try {
    const hash = createHash('sha256')
    const source: ByteSource = (target, offset) => {
      let read: number
      try {
        read = readSync(fd, target, offset, target.length - offset, null)
      } catch (error) {
        throw unreadable(path, error)
      }
      hash.update(target.subarray(offset, offset + read))
      return read
    }
    const json = readProjected(source, reportProjection(undefined))
    // Accepted only once the reader reached the end: every byte is in the hash.
    if (json !== undefined) return { report: reportFromJson(json), sha256: `sha256:${hash.digest('hex')}` }
  } finally {
    closeSync(fd)
  }
  let content: Buffer
  try {
    content = readFileSync(path)
  } catch (error) {
    throw unreadable(path, error)
  }
  return { report: parseReport(content.toString('utf8')), sha256: digestOf(content) }
}
