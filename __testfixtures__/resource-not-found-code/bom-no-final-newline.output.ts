import { ProtocolError } from "@modelcontextprotocol/server";

export const missing = () => new ProtocolError(-32602, "not found")