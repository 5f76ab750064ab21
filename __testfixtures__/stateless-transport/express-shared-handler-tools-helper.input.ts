import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import express from 'express'
import { z } from 'zod'
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js'

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
  const transports = new Map<string, StreamableHTTPServerTransport>()
  app.use(express.json())

  const serveMcp = async (req: express.Request, res: express.Response) => {
    const sessionId = req.headers['mcp-session-id'] as string | undefined
    let transport = sessionId ? transports.get(sessionId) : undefined

    if (!transport && !sessionId && isInitializeRequest(req.body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, transport!)
        },
        enableJsonResponse: true,
      })
      transport.onclose = () => {
        if (transport?.sessionId)
          transports.delete(transport.sessionId)
      }

      const hub = new McpServer({ name: 'dice-hub', version: '2.1.0' })
      const faces = await defaultFaces()
      addDiceTools(hub, faces)
      await hub.connect(transport)
    }

    if (!transport) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'Bad Request: unknown session' }, id: null })
      return
    }

    await transport.handleRequest(req, res, req.body)
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
      for (const transport of transports.values())
        await transport.close().catch(() => {})
      transports.clear()
      await new Promise<void>((resolve) => listener.close(() => resolve()))
    },
  }
}

void startDiceHub(Number(process.env.PORT ?? 3000))
