/**
 * httpGet, the probe's one GET on loopback (node:http, not fetch: no undici load on a short run):
 * what an app answers, capped; redirects not followed; refused, silent and trickling apps as errors.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { freePort, httpGet } from '../../../src/lib/dockerflow/probe.js'

describe('httpGet', () => {
  let server: Server
  let port: number

  beforeAll(async () => {
    server = createServer((request, response) => {
      switch (request.url) {
        case '/__version__':
          response.writeHead(200, { 'Content-Type': 'application/json' })
          return response.end('{"version":"1"}')
        case '/moved':
          response.writeHead(302, { Location: '/__version__' })
          return response.end()
        case '/huge':
          response.writeHead(200, { 'Content-Type': 'text/plain' })
          return response.end('x'.repeat(3 * 1024 * 1024))
        case '/silent':
          return // never answers
        case '/trickle':
          response.writeHead(200)
          response.write('a')
          return setTimeout(() => response.end('b'), 2000).unref()
        default:
          response.writeHead(404)
          return response.end()
      }
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  })

  it('reports status, content type and body', async () => {
    expect(await httpGet(port, '/__version__')).toEqual({
      status: 200,
      contentType: 'application/json',
      body: '{"version":"1"}'
    })
    expect(await httpGet(port, '/nothing')).toMatchObject({ status: 404, contentType: '' })
  })

  it('does not follow a redirect', async () => {
    expect(await httpGet(port, '/moved')).toMatchObject({ status: 302 })
  })

  it('keeps at most 1 MiB of an answer', async () => {
    const answer = await httpGet(port, '/huge')
    expect(answer).toMatchObject({ status: 200 })
    expect('body' in answer && answer.body.length).toBe(1024 * 1024)
  })

  it('a refused connection names its cause and port', async () => {
    const closed = await freePort()
    expect(await httpGet(closed, '/__lbheartbeat__')).toEqual({ error: `ECONNREFUSED on port ${closed}` })
  })

  it('an app that does not answer, or does not finish, within the timeout is an error', async () => {
    expect(await httpGet(port, '/silent', 300)).toEqual({ error: 'no complete answer within 300 ms' })
    expect(await httpGet(port, '/trickle', 300)).toEqual({ error: 'no complete answer within 300 ms' })
  })
})
