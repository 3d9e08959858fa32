/**
 * A report file (`scanner: report`): its findings and the sha256 of the very bytes they were read
 * from, for the gate record. The file is read through a window of about a MiB, hashed and read as
 * JSON chunk by chunk (json-reader.ts), so a 40 MB report is never held whole, as text or as objects;
 * Snyk's vulnerabilities are made findings as they are read (parsers.ts readAsFindings). A Snyk
 * report that does not fit its schema is read again plainly, so that its errors are worded as ever,
 * and a file the window's reader does not accept is read whole and given to JSON.parse, as before:
 * its verdict (and message) stand. The hash is always of the bytes the report was read from.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { UserError, errorMessage } from '../errors.js'
import { digestOf } from '../oci/digest.js'
import { type ByteSource, readProjected } from './json-reader.js'
import type { ScanReport } from './model.js'
import { parseReport, readAsFindings, reportFromJson, reportFromRead, reportProjection } from './parsers.js'

const unreadable = (path: string, error: unknown): UserError =>
  new UserError(`report-file ${path} cannot be read: ${errorMessage(error)}`)

export function readReportFile(path: string): { report: ScanReport; sha256: string } {
  // Bytes the window's reader refuses it refuses however it reads them: JSON.parse decides those.
  let refused = false
  return (
    // Snyk's vulnerabilities made findings as they are read; a report that does not fit its schema
    // is read again as before, so that its errors are worded as ever.
    throughWindow(path, source => {
      const read = readAsFindings(source)
      refused = read === undefined
      return refused ? undefined : reportFromRead(read)
    }) ??
    (refused
      ? undefined
      : throughWindow(path, source => {
          const json = readProjected(source, reportProjection(undefined))
          return json === undefined ? undefined : reportFromJson(json)
        })) ??
    readWhole(path)
  )
}

/**
 * The report `read` makes of the file read through its window, with the sha256 of the bytes read;
 * undefined when it does not read it.
 */
function throughWindow(
  path: string,
  read: (source: ByteSource) => ScanReport | undefined
): { report: ScanReport; sha256: string } | undefined {
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
    const report = read(source)
    // Read only once the reader reached the end: every byte is in the hash.
    return report && { report, sha256: `sha256:${hash.digest('hex')}` }
  } finally {
    closeSync(fd)
  }
}

/** The file read whole and given to JSON.parse (what the window's reader does not read). */
function readWhole(path: string): { report: ScanReport; sha256: string } {
  let content: Buffer
  try {
    content = readFileSync(path)
  } catch (error) {
    throw unreadable(path, error)
  }
  return { report: parseReport(content.toString('utf8')), sha256: digestOf(content) }
}
