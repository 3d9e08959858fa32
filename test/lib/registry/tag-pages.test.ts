/**
 * Repository.listTags follows the registry's pages (`Link: <…>; rel="next"`) on its own tag list
 * only, and refuses more tags than its cap; the HTTP transport fails a request whose streamed body
 * breaks its declared length instead of leaving the server waiting.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo } from 'node:net'
import { RegistryClient } from '../../../src/lib/registry/client.js'
import { sendHttp } from '../../../src/lib/registry/http.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
})

async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handle)
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A registry whose tag list of `team/app` comes in pages of `size`, linked as `next`. */
function pagedTags(
  all: string[],
  size: number,
  link: (last: string) => string = last => `</v2/team/app/tags/list?n=${size}&last=${last}>; rel="next"`
) {
  const requests: string[] = []
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    requests.push(req.url ?? '')
    const url = new URL(req.url ?? '', 'http://x')
    if (url.pathname !== '/v2/team/app/tags/list') return void res.writeHead(404).end()
    const last = url.searchParams.get('last')
    const start = last ? all.indexOf(last) + 1 : 0
    const page = all.slice(start, start + size)
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (start + size < all.length) headers.link = link(page.at(-1) as string)
    res.writeHead(200, headers).end(JSON.stringify({ name: 'team/app', tags: page }))
  }
  return { requests, handler }
}

const client = (host: string): RegistryClient => new RegistryClient(host, { credentials: new Map() })

describe('Repository.listTags', () => {
  it('reads every page, asking for pageSize tags at a time', async () => {
    const tags = Array.from({ length: 25 }, (_, index) => `v${index}`)
    const registry = pagedTags(tags, 10)
    const host = await serve(registry.handler)
    expect(await client(host).repository('team/app').listTags({ pageSize: 10 })).toEqual(tags)
    expect(registry.requests).toEqual([
      '/v2/team/app/tags/list?n=10',
      '/v2/team/app/tags/list?n=10&last=v9',
      '/v2/team/app/tags/list?n=10&last=v19'
    ])
  })

  it('a repository that does not exist has no tags', async () => {
    const host = await serve((_req, res) => void res.writeHead(404).end('{"errors":[]}'))
    expect(await client(host).repository('team/none').listTags()).toEqual([])
  })

  it('refuses more tags than the cap rather than cutting the list', async () => {
    const registry = pagedTags(
      Array.from({ length: 30 }, (_, index) => `v${index}`),
      10
    )
    const host = await serve(registry.handler)
    await expect(client(host).repository('team/app').listTags({ pageSize: 10, maxTags: 15 })).rejects.toThrow(
      /has more than 15 tags; refusing to read them all/
    )
  })

  it('refuses a next page on another origin or another path', async () => {
    const elsewhere = pagedTags(
      ['a', 'b', 'c'],
      2,
      () => '<http://attacker.example/v2/team/app/tags/list?n=2>; rel="next"'
    )
    const host = await serve(elsewhere.handler)
    await expect(client(host).repository('team/app').listTags({ pageSize: 2 })).rejects.toThrow(
      /next page of tags is on http:\/\/attacker\.example, not the registry/
    )
    const otherPath = pagedTags(['a', 'b', 'c'], 2, () => '</v2/team/secret/tags/list?n=2>; rel="next"')
    const second = await serve(otherPath.handler)
    await expect(client(second).repository('team/app').listTags({ pageSize: 2 })).rejects.toThrow(
      /next page of tags is on another path/
    )
  })
})

describe('the HTTP transport', () => {
  it('a streamed body shorter than its Content-Length fails the request (the server is not left waiting)', async () => {
    const host = await serve((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(201).end())
    })
    const body = new Blob([Buffer.from('short')]).stream()
    await expect(
      sendHttp(`http://${host}/upload`, { method: 'PUT', headers: { 'content-length': '100' }, body })
    ).rejects.toThrow(/5 bytes where Content-Length declared 100/)
  })
})
