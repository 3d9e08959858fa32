import { type IncomingHttpHeaders, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: unknown
}

/**
 * A stand-in for the GitHub REST API on loopback (GitHub itself is unreachable here): answers the
 * routes check-base uses with GitHub's status codes and records every request, so tests can assert
 * the exact payloads the real @actions/github client sends.
 */
export class FakeGitHubApi {
  readonly requests: RecordedRequest[] = []
  /** Repositories that exist (owner/name -> default branch); others answer 404 like GitHub. */
  readonly repositories = new Map<string, string>()
  private server?: Server

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', chunk => chunks.push(chunk as Buffer))
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const path = request.url ?? '/'
        this.requests.push({
          method: request.method ?? '',
          path,
          headers: request.headers,
          body: text ? JSON.parse(text) : undefined
        })
        const send = (status: number, body?: unknown): void => {
          response.writeHead(
            status,
            body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }
          )
          response.end(body === undefined ? undefined : JSON.stringify(body))
        }
        const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path)
        const repository = match ? `${match[1]}/${match[2]}` : ''
        const branch = this.repositories.get(repository)
        if (!match || branch === undefined)
          return send(404, {
            message: 'Not Found',
            documentation_url: 'https://docs.github.com/rest',
            status: '404'
          })
        const rest = match[3] ?? ''
        if (request.method === 'GET' && rest === '')
          return send(200, {
            id: 1,
            name: match[2],
            full_name: repository,
            default_branch: branch,
            private: false
          })
        if (request.method === 'POST' && rest === '/dispatches') return send(204)
        if (request.method === 'POST' && /^\/actions\/workflows\/[^/]+\/dispatches$/.test(rest))
          return send(204)
        return send(404, { message: 'Not Found', status: '404' })
      })
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => this.server?.close(() => resolve()))
  }
}
