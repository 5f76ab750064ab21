// Written without semicolons: a class routes every method of /mcp through one handler, and the
// GET and DELETE branches look their transport up under the same name the POST branch builds.
import express, { type Request, type Response } from 'express'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { type CallToolResult } from '@modelcontextprotocol/sdk/types.js'

function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] }
}

export class CoinHttpServer {
  private app = express()

  constructor() {
    this.app.use(express.json())
    this.app.all('/mcp', async (req: Request, res: Response) => {
      if (req.method !== 'POST') {
        res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null })
        return
      }
      try {
        const server = new McpServer({ name: 'coin', version: '1.0.0' })
        this.register(server)
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined })
        res.on('close', () => {
          void transport.close()
          void server.close()
        })
        await server.connect(transport)
        await transport.handleRequest(req, res, req.body)
      } catch (error) {
        console.error('MCP request failed:', error)
        if (!res.headersSent) {
          res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null })
        }
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
