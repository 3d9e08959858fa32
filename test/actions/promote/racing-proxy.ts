import { type Server, createServer } from 'node:http'
import { type AddressInfo } from 'node:net'

/**
 * An HTTP proxy on 127.0.0.1 in front of a registry that races a promotion: after it has fetched the
 * upstream answer to the first request matching `path` (the source tag's manifest), and before it
 * hands that answer on, it runs `race` (e.g. pushes another manifest to the tag). Every later request
 * sees the moved tag.
 */
export class RacingProxy {
  raced = false
  host = ''
  private server?: Server

  constructor(
    private readonly upstream: string,
    private readonly path: RegExp,
    private readonly race: () => Promise<unknown>
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        void (async () => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(req.headers)) {
            if (['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) continue
            if (typeof value === 'string') headers.set(name, value)
          }
          const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined
          const upstream = await fetch(`http://${this.upstream}${req.url}`, {
            method: req.method,
            headers,
            body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
            redirect: 'manual'
          })
          const answer = Buffer.from(await upstream.arrayBuffer())
          if (!this.raced && this.path.test((req.url ?? '').split('?')[0])) {
            this.raced = true
            await this.race()
          }
          const out: Record<string, string> = {}
          upstream.headers.forEach((value, name) => {
            if (!['connection', 'transfer-encoding', 'content-encoding'].includes(name)) out[name] = value
          })
          if (out.location) out.location = out.location.replace(this.upstream, this.host)
          res.writeHead(upstream.status, out)
          res.end(req.method === 'HEAD' ? undefined : answer)
        })().catch(() => res.socket?.destroy())
      })
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
