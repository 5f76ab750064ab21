// Written without semicolons: a class routes every method of /mcp through one handler, and the
// GET and DELETE branches look their transport up under the same name the POST branch builds.
import express, { type Request, type Response } from 'express'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import {
  isInitializeRequest,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js'

function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] }
}

export class CoinHttpServer {
  private app = express()
  private transports: Record<string, StreamableHTTPServerTransport> = {}

  constructor() {
    this.app.use(express.json())
    this.app.all('/mcp', async (req: Request, res: Response) => {
      if (req.method === 'POST') {
        const sessionId = req.headers['mcp-session-id'] as string | undefined
        let transport: StreamableHTTPServerTransport
        if (sessionId && this.transports[sessionId]) {
          transport = this.transports[sessionId]
        } else if (!sessionId && isInitializeRequest(req.body)) {
          const server = new McpServer({ name: 'coin', version: '1.0.0' })
          transport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (sid) => {
              this.transports[sid] = transport
            },
          })
          this.register(server)
          await server.connect(transport)
        } else {
          res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: no session' }, id: null })
          return
        }
        await transport.handleRequest(req, res, req.body)
      } else if (req.method === 'GET') {
        const sessionId = req.headers['mcp-session-id'] as string | undefined
        if (!sessionId || !this.transports[sessionId]) {
          res.status(400).send('Invalid or missing session ID')
          return
        }
        const transport = this.transports[sessionId]
        await transport.handleRequest(req, res)
      } else if (req.method === 'DELETE') {
        const sessionId = req.headers['mcp-session-id'] as string | undefined
        const transport = sessionId ? this.transports[sessionId] : undefined
        if (!transport) {
          res.status(400).send('Invalid or missing session ID')
          return
        }
        await transport.handleRequest(req, res)
      } else {
        res.status(405).send('Method not allowed')
      }
    })
  }

  private register(server: McpServer) {
    server.tool('roll', { sides: z.number().int().min(2) }, async ({ sides }) => text(String(1 + Math.floor(Math.random() * sides))))
  }

  listen(port: number) {
    return this.app.listen(port, '127.0.0.1')
  }
}

const listener = new CoinHttpServer().listen(Number(process.env.PORT ?? 3000))
listener.on('listening', () => {
  const address = listener.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`)
})
