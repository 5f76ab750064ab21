import type { Server } from 'node:http'
import express from 'express'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'

function addDiceTools(server: McpServer, faces: number) {
  server.registerTool(
    'roll',
    { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2).default(faces) } },
    async ({ sides }) => ({ content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }] }),
  )
}

async function defaultFaces(): Promise<number> {
  return Number(process.env.DICE_FACES ?? 6)
}

export async function startDiceHub(port: number): Promise<{ close: () => Promise<void> }> {
  const app = express()
  app.use(express.json())

  const serveMcp = async (req: express.Request, res: express.Response) => {
    if (req.method !== 'POST') {
      res.status(405).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null })
      return
    }
    try {
      const hub = new McpServer({ name: 'dice-hub', version: '2.1.0' })
      const faces = await defaultFaces()
      addDiceTools(hub, faces)
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
      res.on('close', () => {
        void transport.close()
        void hub.close()
      })
      await hub.connect(transport)
      await transport.handleRequest(req, res, req.body)
    } catch (error) {
      console.error('MCP request failed:', error)
      if (!res.headersSent) {
        res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null })
      }
    }
  }

  app.post('/mcp', serveMcp)
  app.get('/mcp', serveMcp)
  app.delete('/mcp', serveMcp)

  const listener: Server = await new Promise((resolve) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s))
  })
  const address = listener.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`)

  return {
    close: async () => {
      await new Promise<void>((resolve) => listener.close(() => resolve()))
    },
  }
}

void startDiceHub(Number(process.env.PORT ?? 3000))
